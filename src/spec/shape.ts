/**
 * Response shapes: one declaration per action says which paths are lists, which
 * scalars are integers, floats or booleans, and leaves everything else a string.
 * The client decodes XML and JSON with it; the simulator serializes with it; the
 * TypeScript types of every result are inferred from it.
 *
 * A list is declared with the name of its repeated element, because that is how
 * both wire formats spell it: `<Disks><Disk>…</Disk></Disks>` in XML and
 * `"Disks": {"Disk": […]}` in JSON. Decoded, it is a plain array: `Disks: Disk[]`.
 */

export interface StringShape {
  readonly kind: 'string';
}
export interface IntShape {
  readonly kind: 'int';
}
export interface FloatShape {
  readonly kind: 'float';
}
export interface BoolShape {
  readonly kind: 'bool';
}
export interface ListShape<I extends Shape = Shape> {
  readonly kind: 'list';
  /** The repeated element's name: `Disk` in `<Disks><Disk/></Disks>`. */
  readonly item: string;
  readonly of: I;
}
export interface ObjectShape<F extends Fields = Fields> {
  readonly kind: 'object';
  readonly fields: F;
}
export type ScalarShape = StringShape | IntShape | FloatShape | BoolShape;
// biome-ignore lint/suspicious/noExplicitAny: recursive shapes are checked through Infer, not here.
export type Shape = ScalarShape | ListShape<any> | ObjectShape<any>;
export type Fields = { readonly [name: string]: Shape };

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The decoded value of a shape. Lists are always present (empty when the wire
 * omits them); scalars and nested objects are optional, since ECS leaves out
 * fields that do not apply.
 */
export type Infer<S extends Shape> =
  S extends ListShape<infer I>
    ? Infer<I>[]
    : S extends ObjectShape<infer F>
      ? InferObject<F>
      : S extends IntShape | FloatShape
        ? number
        : S extends BoolShape
          ? boolean
          : string;

export type InferObject<F extends Fields> = Simplify<
  { [K in keyof F as F[K] extends ListShape ? K : never]: Infer<F[K]> } & {
    [K in keyof F as F[K] extends ListShape ? never : K]?: Infer<F[K]>;
  }
>;

export const t = {
  string: { kind: 'string' } as StringShape,
  int: { kind: 'int' } as IntShape,
  float: { kind: 'float' } as FloatShape,
  bool: { kind: 'bool' } as BoolShape,
  object<F extends Fields>(fields: F): ObjectShape<F> {
    return { kind: 'object', fields };
  },
  list<I extends Shape>(item: string, of: I): ListShape<I> {
    return { kind: 'list', item, of };
  },
} as const;
