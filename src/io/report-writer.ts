import { join } from 'node:path';
import { writeFileAtomic } from './files.js';

/**
 * Writes a report's files under `dir` (folders made as needed), each atomically: an interrupted
 * run leaves every file either whole or absent. `index.html` goes last, so a report folder with
 * an index has all its parts.
 */
export function writeReport(dir: string, files: Record<string, string>): string[] {
  const names = Object.keys(files).sort((a, b) => (a === 'index.html' ? 1 : b === 'index.html' ? -1 : a.localeCompare(b)));
  for (const name of names) writeFileAtomic(join(dir, name), files[name]!);
  return names;
}
