import { join } from 'node:path';
import { InputError } from '../design/design-error.js';

/** The folder sweeps write their stores to when no --store is given. */
export const DEFAULT_STORE_FOLDER = join('reports', 'sweeps');

/**
 * The store a sweep writes by default: reports/sweeps/<name>[.shard-i-of-N].db. The name becomes
 * one file name inside that folder and can never steer the path elsewhere: a name with a path
 * separator (`../../etc/x`, `/etc/x`, `a\b`), a NUL or another control character is an InputError
 * naming the spec's `name` (pass --store to choose the file).
 */
export function defaultStorePath(name: string, specFile: string, shard?: { index: number; count: number }): string {
  if (/[/\\\u0000-\u001f\u007f]/.test(name)) {
    throw new InputError(specFile, 'name', `expected a sweep name without / or \\ or control characters (it names the default store ${join(DEFAULT_STORE_FOLDER, '<name>.db')}), got ${JSON.stringify(name)}; or pass --store <file.db>`);
  }
  return join(DEFAULT_STORE_FOLDER, `${name}${shard ? `.shard-${shard.index + 1}-of-${shard.count}` : ''}.db`);
}
