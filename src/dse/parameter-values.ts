/**
 * The values a swept parameter takes: a list, a linear range with a step, or a log range with a
 * number of points. Endpoints are numbers or quantities written with one unit ("150 MHz"); the
 * values keep that unit, so the design schema checks them as it checks a file.
 */

/** A parameter's values as written in a sweep spec. */
export type ParameterSpec =
  | { values: unknown[] }
  | { from: number | string; to: number | string; step: number | string }
  | { from: number | string; to: number | string; points: number; scale: 'log' | 'linear'; integer?: boolean };

const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ/]+)?\s*$/;

/** A number and its unit (empty for a bare number), or null. */
function split(v: number | string): { n: number; unit: string } | null {
  if (typeof v === 'number') return Number.isFinite(v) ? { n: v, unit: '' } : null;
  const m = QUANTITY.exec(v);
  return m ? { n: Number(m[1]), unit: m[2] ?? '' } : null;
}

/** Rounds away binary noise (0.1 + 0.2) so values print as written. */
const clean = (x: number) => Number(x.toPrecision(12));

/** The most values one parameter may take (a guard against a step of 1 Hz across GHz). */
export const MAX_PARAMETER_VALUES = 10_000;

/**
 * Expands a parameter spec to its values, or returns what was wrong (for the caller's error
 * message). A range's endpoints must share a unit; `to` is included when the step lands on it.
 */
export function expandParameter(spec: ParameterSpec): { ok: true; values: unknown[] } | { ok: false; expected: string } {
  if ('values' in spec) {
    if (spec.values.length === 0) return { ok: false, expected: 'expected at least one value' };
    return { ok: true, values: spec.values };
  }
  const a = split(spec.from);
  const b = split(spec.to);
  if (!a || !b) return { ok: false, expected: 'expected from and to as numbers or quantities with a unit, e.g. "150 MHz"' };
  if (a.unit !== b.unit) return { ok: false, expected: `expected from and to in one unit, got "${a.unit}" and "${b.unit}"` };
  const fmt = (x: number) => (a.unit ? `${clean(x)} ${a.unit}` : clean(x));
  if ('step' in spec) {
    const s = split(spec.step);
    if (!s || s.unit !== a.unit || !(s.n > 0)) return { ok: false, expected: `expected a step > 0 in the unit of from and to${a.unit ? ` (${a.unit})` : ''}` };
    if (b.n < a.n) return { ok: false, expected: 'expected from <= to' };
    const n = Math.floor((b.n - a.n) / s.n + 1e-9) + 1;
    if (n > MAX_PARAMETER_VALUES) return { ok: false, expected: `expected at most ${MAX_PARAMETER_VALUES} values, got ${n}` };
    return { ok: true, values: Array.from({ length: n }, (_, i) => fmt(a.n + i * s.n)) };
  }
  if (!Number.isInteger(spec.points) || spec.points < 1 || spec.points > MAX_PARAMETER_VALUES) return { ok: false, expected: `expected points as an integer from 1 to ${MAX_PARAMETER_VALUES}` };
  if (spec.scale === 'log' && !(a.n > 0 && b.n > 0)) return { ok: false, expected: 'expected from and to > 0 for a log range' };
  const at = (i: number) => {
    const f = spec.points === 1 ? 0 : i / (spec.points - 1);
    const x = spec.scale === 'log' ? a.n * (b.n / a.n) ** f : a.n + (b.n - a.n) * f;
    return spec.integer ? Math.round(x) : x;
  };
  const xs = [...new Set(Array.from({ length: spec.points }, (_, i) => clean(at(i))))];
  return { ok: true, values: xs.map(fmt) };
}
