/**
 * `ternsim report <inputs..> --out reports/<name>/`: a report (index.html with charts, each chart
 * as SVG, results.csv/json, summary.md) from results JSON files (`ternsim compare` or `simulate
 * --out` output) and sweep result stores (.db). Thin: reading is io/, building is report/.
 */
import { relative } from 'node:path';
import { InputError } from '../design/design-error.js';
import type { StoredPoint } from '../dse/stored-point.js';
import { parseJsonText } from '../design/parse-text.js';
import { MAX_DATA_INPUT_BYTES, readTextInput } from '../io/read-input.js';
import { writeReport } from '../io/report-writer.js';
import { ResultStore } from '../io/result-store.js';
import { buildReport } from '../report/html-report.js';
import type { Result } from '../sim/result.js';
import type { CliIO } from './cli-io.js';
import { stringOption, type Args } from './options.js';


/** Whether a parsed value looks like a Result (the fields a report reads). */
function isResult(v: unknown): v is Result {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return typeof r['tokensPerSecond'] === 'number' && typeof r['watts'] === 'number' && typeof r['design'] === 'object' && typeof r['workload'] === 'object' && typeof r['power'] === 'object';
}

/** Results from a results JSON file: one Result or an array of them. */
function readResults(file: string): Result[] {
  const v = parseJsonText(readTextInput(file, 'results file', MAX_DATA_INPUT_BYTES), file);
  const list = Array.isArray(v) ? v : [v];
  list.forEach((r, i) => {
    if (!isResult(r)) throw new InputError(file, Array.isArray(v) ? `[${i}]` : '', 'expected a ternsim Result (from ternsim compare, simulate --json or --out)');
  });
  return list as Result[];
}

/** Writes the report of `inputs` to --out. */
export function reportCommand(a: Args, io: CliIO): void {
  const inputs = ((a['inputs'] as string[] | undefined) ?? []).map(String);
  if (inputs.length === 0) throw new InputError('command line', '<inputs..>', 'missing; expected results JSON files or sweep stores (.db)');
  const out = stringOption('out', a['out']);
  if (out === undefined) throw new InputError('command line', '--out', 'missing; expected the report folder, e.g. reports/my-report');
  const results: Result[] = [];
  const points: StoredPoint[] = [];
  for (const f of inputs) {
    if (/\.(db|sqlite3?)$/.test(f)) {
      const store = ResultStore.openReadOnly(f);
      try {
        for (const p of store.query()) {
          points.push(p);
          if (p.status === 'done' && p.result) results.push(JSON.parse(p.result) as Result);
        }
      } finally {
        store.close();
      }
    } else results.push(...readResults(f));
  }
  if (results.length === 0) throw new InputError(inputs[0]!, '', 'expected at least one simulated result to report');
  const parameters = points.length > 0 ? [...new Set(points.flatMap((p) => Object.keys(JSON.parse(p.params) as object)))] : [];
  const title = stringOption('title', a['title']) ?? (points.length > 0 ? `ternsim sweep report: ${[...new Set(points.map((p) => p.sweep))].join(', ')}` : 'ternsim report');
  const files = buildReport({ title, results, sweep: points.length > 0 ? { points, parameters } : undefined, inputs: inputs.map((f) => relative(process.cwd(), f) || f) });
  const written = writeReport(out, files);
  io.stdout(`wrote ${written.length} files to ${relative(process.cwd(), out) || '.'}/: ${written.join(', ')}\n`);
}
