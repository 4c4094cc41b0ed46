import { stringify } from 'csv-stringify/sync';
import type { Result } from '../sim/result.js';

/** The columns of results.csv, in order, with how each is read from a Result (documented in docs/result.md). */
export const RESULT_COLUMNS: readonly [string, (r: Result) => string | number | null][] = [
  ['design', (r) => r.design.name],
  ['target', (r) => r.design.target],
  ['model', (r) => r.workload.model],
  ['batch', (r) => r.workload.batch],
  ['mode', (r) => r.mode],
  ['tokens_per_s', (r) => r.tokensPerSecond],
  ['ms_per_token', (r) => r.msPerToken],
  ['watts', (r) => r.watts],
  ['static_watts', (r) => r.staticWatts],
  ['dynamic_watts', (r) => r.dynamicWatts],
  ['joules_per_token', (r) => r.joulesPerToken],
  ['tokens_per_s_per_watt', (r) => r.tokensPerSecondPerWatt],
  ['pj_per_accumulate', (r) => r.picojoulesPerAccumulate],
  ['bound_by', (r) => r.boundBy],
  ['weight_bytes', (r) => r.memory.weightBytes],
  ['dram_bytes_per_s', (r) => r.memory.achievedBytesPerSecond],
  ['dram_peak_bytes_per_s', (r) => r.memory.peakBytesPerSecond],
  ['dram_bus_utilization', (r) => r.memory.busUtilization],
  ['tau_busy', (r) => r.units['tau']?.busyFraction ?? 0],
  ['design_hash', (r) => r.design.hash],
  ['workload_hash', (r) => r.workload.hash],
  ['ternsim_version', (r) => r.ternsimVersion],
];

/** A decimal number written as text (`-1.5`, `+2e3`): a spreadsheet reads it as a number, never as a formula. */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * One cell of every CSV ternsim writes (docs/output-safety.md): text that a spreadsheet would
 * run as a formula (it starts with = + - @, a tab or a carriage return: OWASP's list) gets a
 * leading `'`, which spreadsheets show as text. Numbers stay numbers: a JS number (-1.5) is
 * written as is, and so is text that is only a decimal number ("-1.5"), which no spreadsheet
 * evaluates. Booleans and null pass through (csv-stringify writes 1 / empty).
 */
export function csvCell(value: unknown): unknown {
  if (typeof value !== 'string' || NUMBER_TEXT.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV text of rows (the first the header), every cell through {@link csvCell}; csv-stringify quotes commas, quotes and line breaks. */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows.map((r) => r.map(csvCell)));
}

/** Results as CSV text, one row per result, with a header row. */
export function resultsToCsv(results: readonly Result[]): string {
  return toCsv([RESULT_COLUMNS.map(([name]) => name), ...results.map((r) => RESULT_COLUMNS.map(([, get]) => get(r)))]);
}
