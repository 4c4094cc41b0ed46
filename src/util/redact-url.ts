/** A URL's user information (`scheme://user:password@`), up to the last @ before the host. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(:[^\s/]*)?@/gi;

/**
 * Text with the credentials of every URL in it hidden (docs/output-safety.md):
 * `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`, and a URL with only one
 * name before the @ (`redis://secret@host`, which some clients take as the password) →
 * `redis://***@host`. Everything else is unchanged.
 */
export function redactUrls(text: string): string {
  return text.replace(USERINFO, (_m, scheme: string, user: string, password: string | undefined) => (password !== undefined ? `${scheme}${user}:***@` : `${scheme}***@`));
}

/**
 * One URL with its credentials hidden, however it is written (a password with a space or an @ in
 * it too): everything between `://` and the last @ becomes `user:***` (or `***` without a colon).
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('://');
  const at = url.lastIndexOf('@');
  if (start < 0 || at < start) return url;
  const userinfo = url.slice(start + 3, at);
  const colon = userinfo.indexOf(':');
  return `${url.slice(0, start + 3)}${colon >= 0 ? `${userinfo.slice(0, colon)}:***` : '***'}${url.slice(at)}`;
}
