/**
 * A loader made once per request from the request's own pieces (its context): the
 * WeakMap forgets it with the request, so no data ever crosses requests.
 */
export function perRequest<Request extends object, Loader>(
  create: (request: Request) => Loader,
): (request: Request) => Loader {
  const made = new WeakMap<Request, Loader>();
  return (request) => {
    let loader = made.get(request);
    if (loader === undefined) {
      loader = create(request);
      made.set(request, loader);
    }
    return loader;
  };
}
