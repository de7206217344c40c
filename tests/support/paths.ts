/** Small path helpers for tests. */

/** A file: URL as a path. */
export function fromFileUrl(url: URL): string {
  return decodeURIComponent(url.pathname);
}
