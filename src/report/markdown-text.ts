/**
 * Text for Markdown (a table cell, a heading, a list item), the one escaping path of summary.md
 * (docs/output-safety.md): any value as its String(); line breaks, tabs and other control
 * characters as spaces (a row stays one row); & < > as entities (no HTML); the punctuation that
 * starts Markdown markup (\ ` * _ [ ] | ~) backslash-escaped (no code span, emphasis, link, image,
 * strikethrough or extra cell); a leading "# ", "- ", "+ " or "1. " escaped (no heading or list).
 */
export function markdownText(value: unknown): string {
  return String(value)
    .replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/^(\s*)([-+#])(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** A Markdown table row: every cell through {@link markdownText}. */
export function markdownRow(cells: readonly unknown[]): string {
  return `| ${cells.map(markdownText).join(' | ')} |`;
}
