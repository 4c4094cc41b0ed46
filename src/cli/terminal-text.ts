import { redactUrls } from '../util/redact-url.js';

/**
 * Control characters that a terminal acts on or that reorder what is shown: C0 (but tab and line
 * feed), DEL, C1 (0x80–0x9f, e.g. the one-byte CSI), and the Unicode bidirectional overrides and
 * isolates.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as the CLI prints it (docs/output-safety.md): every control character shown as its JSON
 * escape (`\u001b`), so an ANSI sequence in a model name or file path cannot move the cursor,
 * recolour, retitle or clear the terminal (and JSON output stays the same JSON: it holds no raw
 * control character outside a string), and the credentials of any URL hidden.
 */
export function terminalText(text: string): string {
  return redactUrls(text).replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
