/**
 * Masks credentials in URLs before they reach any output or log: the whole user info of a URL
 * (`https://user:pass@host` -> `https://***@host`, whatever characters the password holds,
 * `,` `'` and a raw `@` included), and the values of credential-like query parameters
 * (`?token=...`, `&api_key=...`, `&Password=...`). Pure.
 *
 * In free text a URL runs from `scheme://` to the next white space. Its authority ends at the
 * first `/`, `?` or `#` (as a URL parser ends it), and its user info at the LAST `@` before
 * that: a password's raw `@` does not leave its tail shown. Reading that far may take in
 * punctuation after a URL (`"https://host",`); only text before an `@` is ever hidden, so at
 * worst a little more than the credential is masked, never less.
 */

/** A URL in text: `scheme://` and what follows up to white space. */
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)(\S*)/gi;

/** The first character that ends an authority. */
const AUTHORITY_END = /[/?#]/;

/** A query parameter: separator, name, value (up to the next separator or a quote). */
const QUERY_PARAM = /([?&;])([^=&;#\s]+)=([^&;#\s"<>\\]*)/g;

/** Names of query parameters whose value is a credential (matched case-insensitively, in part). */
const CREDENTIAL_NAME = /token|key|pass|pwd|secret|auth|credential|signature|^sig$|session/i;

/** The mask that stands for a hidden credential. */
export const MASK = "***";

function maskQuery(rest: string): string {
  const query = rest.search(/[?]/);
  if (query < 0) return rest;
  return rest.slice(0, query) +
    rest.slice(query).replace(
      QUERY_PARAM,
      (whole, sep: string, name: string, value: string) =>
        value.length > 0 && CREDENTIAL_NAME.test(name) ? `${sep}${name}=${MASK}` : whole,
    );
}

function maskOne(scheme: string, tail: string): string {
  const end = tail.search(AUTHORITY_END);
  const authority = end < 0 ? tail : tail.slice(0, end);
  const rest = end < 0 ? "" : tail.slice(end);
  const at = authority.lastIndexOf("@");
  const host = at < 0 ? authority : `${MASK}@${authority.slice(at + 1)}`;
  return scheme + host + maskQuery(rest);
}

/**
 * Every URL credential in `text` masked: user info in full, credential-like query values.
 * Text that holds neither is returned unchanged.
 */
export function maskText(text: string): string {
  if (!text.includes("://")) return text;
  return text.replace(URL_IN_TEXT, (_, scheme: string, tail: string) => maskOne(scheme, tail));
}

/** One URL with its credentials masked (`maskText` of it). */
export function maskUrl(url: string): string {
  return maskText(url);
}
