/** Masks credentials in URLs before they reach any output or log. */

/** `https://user:token@host/x` -> `https://***@host/x`; other text unchanged. */
export function maskUrl(url: string): string {
  return url.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s"'<>,]+@/gi, "$1***@");
}

/** Masks every URL credential inside a longer text (uv's output, error messages). */
export function maskText(text: string): string {
  return maskUrl(text);
}
