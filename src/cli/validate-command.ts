/**
 * `ternsim validate`: runs every validation case (designs/validation/*.yaml) and prints a table of
 * expected against simulated figures with their error; `--json` for CI. Exits 3 when a case leaves
 * its tolerance.
 */
import { join } from 'node:path';
import { loadValidationCases } from '../io/load.js';
import { packageRoot } from '../io/package-root.js';
import { sig } from '../report/number-format.js';
import { textTable } from '../report/text-table.js';
import { runValidationCase } from '../validate/run-validation.js';
import { failedRows, type ValidationRow } from '../validate/validation-case.js';
import type { CliIO } from './cli-io.js';
import { stringOption, type Args } from './options.js';


/** Exit code when a validation case leaves its tolerance. */
export const EXIT_VALIDATION_FAILED = 3;

/** Runs the cases; returns the exit code (0 all pass, 3 some fail). */
export function validateCommand(a: Args, io: CliIO): number {
  const folder = stringOption('cases', a['cases']) ?? join(packageRoot(), 'designs', 'validation');
  const rows: ValidationRow[] = loadValidationCases(folder).flatMap(runValidationCase);
  const failed = failedRows(rows);
  if (a['json']) io.stdout(`${JSON.stringify({ pass: failed.length === 0, rows }, null, 2)}\n`);
  else {
    io.stdout(
      `${textTable(
        ['case', 'what', 'expected', 'simulated', 'unit', 'error', 'tolerance', 'check', 'pass'],
        rows.map((r) => [r.case, r.what, sig(r.expected, 5), sig(r.simulated, 5), r.unit, `${(r.error * 100).toFixed(2)}%`, `±${(r.tolerance * 100).toFixed(1)}%`, r.check, r.pass ? 'yes' : r.informative ? 'no (informative)' : 'NO']),
        ['l', 'l', 'r', 'r', 'l', 'r', 'r', 'l', 'l'],
      )}\n${rows.filter((r) => r.pass).length} of ${rows.length} figures within tolerance${informativeNote(rows)}\n`,
    );
  }
  return failed.length === 0 ? 0 : EXIT_VALIDATION_FAILED;
}

/** The informative cases outside their tolerance, each with its reason. */
function informativeNote(rows: readonly ValidationRow[]): string {
  const out = rows.filter((r) => !r.pass && r.informative !== null);
  if (out.length === 0) return '';
  return `; ${out.length} informative outside it:\n${out.map((r) => `  ${r.case}: ${r.informative}`).join('\n')}`;
}
