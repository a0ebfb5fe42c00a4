/** Where a payload holds the failure of the read after a successful action. */
export const READ_FAILED = Symbol('readFailed');

/**
 * The payload's field builder, with every resource field made to throw the read's
 * failure when there is one: the action is done (the payload and its requestId say so)
 * and each resource field reports, at its own path, that describing it failed.
 */
export function failingWithRead<T extends object>(t: T): T {
  return new Proxy(t, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'field' || typeof value !== 'function') return value;
      return (options: { readonly resolve: (parent: object, ...rest: unknown[]) => unknown }) =>
        value.call(target, {
          ...options,
          resolve: (parent: object, ...rest: unknown[]) => {
            if (READ_FAILED in parent) throw (parent as { readonly [READ_FAILED]: unknown })[READ_FAILED];
            return options.resolve(parent, ...rest);
          },
        });
    },
  });
}
