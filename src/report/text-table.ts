/**
 * A plain-text table: a header row, a rule, then rows, every column as wide as its widest cell.
 * `align` gives each column's alignment ('l' or 'r'); by default the first column is left-aligned
 * and the others right-aligned (numbers).
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[], indent = '  '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((c, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), indent + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
