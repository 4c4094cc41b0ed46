import { join } from 'node:path';
import { checkWritable, writeFileAtomic } from './files.js';

/**
 * Writes a report's files under `dir` (folders made as needed), each atomically: an interrupted
 * run leaves every file either whole or absent. `index.html` goes last, so a report folder with
 * an index has all its parts. A report folder holds regular files only: every path is checked
 * before the first is written, and a symbolic link, FIFO or device already at one of them is an
 * InputError naming it (nothing written, nothing replaced; docs/output-safety.md).
 */
export function writeReport(dir: string, files: Record<string, string>): string[] {
  const names = Object.keys(files).sort((a, b) => (a === 'index.html' ? 1 : b === 'index.html' ? -1 : a.localeCompare(b)));
  for (const name of names) checkWritable(join(dir, name), { regularOnly: true });
  for (const name of names) writeFileAtomic(join(dir, name), files[name]!, { regularOnly: true });
  return names;
}

/** The files every report has. */
const REPORT_FILES = ['index.html', 'results.json', 'results.csv', 'summary.md'];

/** Checks, before any work is done, that a report could be written to `dir` (writeReport's checks on the files every report has). */
export function checkReportFolder(dir: string): void {
  for (const name of REPORT_FILES) checkWritable(join(dir, name), { regularOnly: true });
}
