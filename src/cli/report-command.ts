/**
 * `ternsim report <inputs..> --out reports/<name>/`: a report (index.html with charts, each chart
 * as SVG, results.csv/json, summary.md) from results JSON files (`ternsim compare` or `simulate
 * --out` output) and sweep result stores (.db). Thin: reading is io/, building is report/.
 */
import { relative } from 'node:path';
import { InputError } from '../design/design-error.js';
import type { StoredPoint } from '../dse/stored-point.js';
import { readResultsFile, storedParams, storedResult } from '../io/result-input.js';
import { checkReportFolder, writeReport } from '../io/report-writer.js';
import { ResultStore } from '../io/result-store.js';
import { buildReport } from '../report/html-report.js';
import type { Result } from '../sim/result.js';
import type { CliIO } from './cli-io.js';
import { stringOption, type Args } from './options.js';


/** Writes the report of `inputs` to --out. */
export function reportCommand(a: Args, io: CliIO): void {
  const inputs = ((a['inputs'] as string[] | undefined) ?? []).map(String);
  if (inputs.length === 0) throw new InputError('command line', '<inputs..>', 'missing; expected results JSON files or sweep stores (.db)');
  const out = stringOption('out', a['out']);
  if (out === undefined) throw new InputError('command line', '--out', 'missing; expected the report folder, e.g. reports/my-report');
  checkReportFolder(out);
  const results: Result[] = [];
  const points: StoredPoint[] = [];
  /** The store each point came from, for messages. */
  const storeOf = new Map<StoredPoint, string>();
  for (const f of inputs) {
    if (/\.(db|sqlite3?)$/.test(f)) {
      const store = ResultStore.openReadOnly(f);
      try {
        for (const p of store.query()) {
          points.push(p);
          storeOf.set(p, f);
          if (p.status === 'done' && (p.tokensPerSecond === null || p.watts === null)) throw new InputError(f, `points[key=${p.key}].${p.tokensPerSecond === null ? 'tokens_per_second' : 'watts'}`, 'expected a number for a point whose status is done, got NULL');
          if (p.status === 'done' && p.result) results.push(storedResult(f, p)!);
        }
      } finally {
        store.close();
      }
    } else results.push(...readResultsFile(f));
  }
  if (results.length === 0) throw new InputError(inputs[0]!, '', 'expected at least one simulated result to report');
  const parameters = points.length > 0 ? [...new Set(points.flatMap((p) => Object.keys(storedParams(storeOf.get(p)!, p))))] : [];
  const title = stringOption('title', a['title']) ?? (points.length > 0 ? `ternsim sweep report: ${[...new Set(points.map((p) => p.sweep))].join(', ')}` : 'ternsim report');
  const files = buildReport({ title, results, sweep: points.length > 0 ? { points, parameters } : undefined, inputs: inputs.map((f) => relative(process.cwd(), f) || f) });
  const written = writeReport(out, files);
  io.stdout(`wrote ${written.length} files to ${relative(process.cwd(), out) || '.'}/: ${written.join(', ')}\n`);
}
