import type { StoredPoint } from '../dse/stored-point.js';
import { toCsv } from './csv.js';
import { sig } from './number-format.js';
import { textTable } from './text-table.js';

/** Metric columns of a sweep export, after the point's identity and parameters. */
const METRIC_COLUMNS = ['tokensPerSecond', 'watts', 'joulesPerToken', 'tokensPerSecondPerWatt', 'msPerToken', 'areaMm2', 'resourceFraction', 'boundBy'] as const;

/** A stored point flattened for export: identity, `param:<key path>` per parameter, metrics, and whether it is on the Pareto front when known. */
export type PointRow = Record<string, string | number | boolean | null>;

/** Flattens stored points: the parameter columns are the union of every point's parameters, in first-seen order. */
export function pointRows(points: Iterable<StoredPoint>, onFront?: (p: StoredPoint) => boolean): { columns: string[]; rows: PointRow[] } {
  const params: string[] = [];
  const rows: PointRow[] = [];
  for (const p of points) {
    const values = JSON.parse(p.params) as Record<string, unknown>;
    const row: PointRow = { key: p.key, sweep: p.sweep, model: p.model, status: p.status, reason: p.reason, designName: p.designName };
    for (const [k, v] of Object.entries(values)) {
      if (!params.includes(k)) params.push(k);
      row[`param:${k}`] = typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | boolean);
    }
    for (const m of METRIC_COLUMNS) row[m] = p[m];
    if (onFront) row['onFront'] = onFront(p);
    rows.push(row);
  }
  const columns = ['key', 'sweep', 'model', 'status', 'reason', 'designName', ...params.map((k) => `param:${k}`), ...METRIC_COLUMNS, ...(onFront ? ['onFront'] : [])];
  return { columns, rows };
}

/** CSV text of point rows, one per point, with a header (cells by csv.ts's formula policy). */
export function pointsToCsv(t: { columns: string[]; rows: PointRow[] }): string {
  return toCsv([t.columns, ...t.rows.map((r) => t.columns.map((c) => r[c] ?? null))]);
}

/** A plain-text table of point rows (identity, parameters, the main metrics). */
export function pointsToText(t: { columns: string[]; rows: PointRow[] }): string {
  const shown = t.columns.filter((c) => !['key', 'sweep', 'reason', 'designName', 'msPerToken'].includes(c));
  const cell = (v: PointRow[string]) => (typeof v === 'number' ? sig(v, 4) : v === null || v === undefined ? '' : String(v));
  return textTable(shown.map((c) => c.replace(/^param:/, '')), t.rows.map((r) => shown.map((c) => cell(r[c]))), shown.map((c, i) => (i === 0 || c.startsWith('param:') || c === 'status' || c === 'boundBy' ? 'l' : 'r')));
}
