import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { InputError } from '../design/design-error.js';

/** Reads a UTF-8 text file; a missing file, a directory or binary content is an InputError naming the file. */
export function readTextFile(path: string, what = 'file'): string {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new InputError(path, '', `expected a ${what}, got a directory`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(path, '', code === 'ENOENT' ? `no such ${what}` : `cannot read the ${what} (${code ?? String(e)})`);
  }
  if (text.includes('\u0000')) throw new InputError(path, '', `expected a text ${what}, got binary data`);
  return text;
}

/**
 * Writes `data` to `path` atomically: into a temporary file beside it, then renamed over it, so an
 * interrupted run leaves either the old file or the new one, never half of one. Creates the folder.
 */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(path, '', `cannot write the output (${code ?? String(e)})`);
  }
}
