import type { AnyAction } from '../spec/action.js';
import type { Fields, Shape } from '../spec/shape.js';

/**
 * Writes response bodies the way ECS does, by walking the action's declared response
 * shape: XML (the API default) or JSON. It shares nothing with the client's decoder, so
 * a shape misread on one side shows up as a failing round trip instead of hiding.
 *
 * XML: `<?xml …?><DescribeDisksResponse><RequestId>…</RequestId><Disks><Disk>…</Disk></Disks>…`,
 * compact, text escaped. JSON: lists are always arrays under their item name
 * (`"Disks":{"Disk":[…]}`, even for one element), ints and floats are numbers, booleans
 * are booleans. Fields the backend leaves undefined are omitted, as ECS omits them.
 */

export type ResponseFormat = 'XML' | 'JSON';

export const CONTENT_TYPES: Readonly<Record<ResponseFormat, string>> = {
  // The official SDK parses an error body as XML only for exactly this content type.
  XML: 'text/xml;charset=utf-8',
  JSON: 'application/json;charset=utf-8',
};

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** A backend result that does not fit the action's declared shape: a bug, answered as InternalError. */
export class ShapeMismatchError extends Error {
  override readonly name = 'ShapeMismatchError';
}

export interface ErrorBody {
  readonly requestId: string;
  readonly hostId: string;
  readonly code: string;
  readonly message: string;
}

/** The success body of an action; RequestId comes first, then the declared fields in order. */
export function serializeResult(
  action: AnyAction,
  result: Readonly<Record<string, unknown>>,
  requestId: string,
  format: ResponseFormat,
): string {
  const { RequestId: _ignored, ...fields } = action.response.fields;
  const value = { ...result, RequestId: requestId };
  const shape: Fields = { RequestId: action.response.fields.RequestId as Shape, ...fields };
  const root = `${action.name}Response`;
  if (format === 'JSON') return JSON.stringify(jsonObject(shape, value, root));
  return `${XML_DECLARATION}<${root}>${xmlFields(shape, value, root)}</${root}>`;
}

export function serializeError(error: ErrorBody, format: ResponseFormat): string {
  const body = {
    RequestId: error.requestId,
    HostId: error.hostId,
    Code: error.code,
    Message: error.message,
  };
  if (format === 'JSON') return JSON.stringify(body);
  const inner = Object.entries(body)
    .map(([name, text]) => element(name, escapeXml(text)))
    .join('');
  return `${XML_DECLARATION}<Error>${inner}</Error>`;
}

function checkKnownFields(fields: Fields, value: Readonly<Record<string, unknown>>, path: string) {
  for (const name of Object.keys(value)) {
    if (!(name in fields) && value[name] !== undefined)
      throw new ShapeMismatchError(`${path}.${name} is not in the declared response shape`);
  }
}

function asObject(value: unknown, path: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ShapeMismatchError(`${path} must be an object`);
  return value as Record<string, unknown>;
}

function asList(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ShapeMismatchError(`${path} must be an array`);
  return value;
}

/** The scalar as ECS writes it, checked against its declared kind. */
function scalar(shape: Shape, value: unknown, path: string): string | number | boolean {
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') throw new ShapeMismatchError(`${path} must be a string`);
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw new ShapeMismatchError(`${path} must be an integer`);
      return value;
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new ShapeMismatchError(`${path} must be a finite number`);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw new ShapeMismatchError(`${path} must be a boolean`);
      return value;
    default:
      throw new ShapeMismatchError(`${path} is not a scalar`);
  }
}

function jsonValue(shape: Shape, value: unknown, path: string): unknown {
  if (shape.kind === 'object') return jsonObject(shape.fields, asObject(value, path), path);
  if (shape.kind === 'list') {
    const items = asList(value, path).map((item, index) => jsonValue(shape.of, item, `${path}[${index}]`));
    return { [shape.item]: items };
  }
  return scalar(shape, value, path);
}

function jsonObject(fields: Fields, value: Readonly<Record<string, unknown>>, path: string) {
  checkKnownFields(fields, value, path);
  const out: Record<string, unknown> = {};
  for (const [name, shape] of Object.entries(fields)) {
    const field = value[name];
    if (field === undefined || field === null) continue;
    out[name] = jsonValue(shape, field, `${path}.${name}`);
  }
  return out;
}

function xmlValue(shape: Shape, value: unknown, path: string): string {
  if (shape.kind === 'object') return xmlFields(shape.fields, asObject(value, path), path);
  if (shape.kind === 'list')
    return asList(value, path)
      .map((item, index) => element(shape.item, xmlValue(shape.of, item, `${path}[${index}]`)))
      .join('');
  return escapeXml(String(scalar(shape, value, path)));
}

function xmlFields(fields: Fields, value: Readonly<Record<string, unknown>>, path: string): string {
  checkKnownFields(fields, value, path);
  let out = '';
  for (const [name, shape] of Object.entries(fields)) {
    const field = value[name];
    if (field === undefined || field === null) continue;
    out += element(name, xmlValue(shape, field, `${path}.${name}`));
  }
  return out;
}

function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for an XML element. Characters XML 1.0 cannot carry at all (most C0
 * controls, lone surrogates) become U+FFFD so one odd value cannot make the whole
 * response unparseable.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string)
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these controls; finding them is the point.
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    );
}
