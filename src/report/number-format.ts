/** A number with `digits` significant digits, without exponent notation for everyday magnitudes. */
export function sig(x: number | null, digits = 4): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e9) return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 12 });
  return x.toExponential(digits - 1);
}

/** A fraction as a percentage with one decimal. */
export function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** Bytes/s with a decimal unit (GB/s, MB/s, ...). */
export function bytesPerSecond(x: number | null): string {
  if (x === null) return '—';
  const units = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s'];
  let i = 0;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${sig(x, 4)} ${units[i]}`;
}
