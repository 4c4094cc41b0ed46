import { fstatSync, lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../design/design-error.js';

/**
 * How an output path is written (docs/output-safety.md):
 * - `atomic`: nothing is there, or a regular file: a temporary file beside `path`, renamed over it.
 * - `through`: a FIFO or a character device (`/dev/null`, a terminal): opened and written in
 *   place, as a shell redirect does, never replaced; and whatever this process's own stdout or
 *   stderr is (`--out /dev/stdout`: a pipe, a socket, a terminal, a file): written to that
 *   descriptor, `fd`.
 * For a symbolic link, `path` is the file the link finally names, so the link itself stays.
 */
export interface OutputTarget {
  path: string;
  how: 'atomic' | 'through';
  fd?: number;
}

/** What may be written: any target, or (a report folder's files) only a regular file or nothing. */
export interface OutputPolicy {
  regularOnly?: boolean;
}

/** The most symbolic links followed in a chain (Linux's own limit). */
const MAX_LINKS = 40;

function tryStat(f: () => Stats): Stats | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** The kind of a file that is not a regular file or a folder, in words. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The descriptor (1 or 2) of this process's stdout or stderr when `st` is what it is open on (`--out /dev/stdout`), else undefined. */
function ownStdio(st: Stats): number | undefined {
  for (const fd of [1, 2]) {
    const s = tryStat(() => fstatSync(fd));
    if (s && s.dev === st.dev && s.ino === st.ino) return fd;
  }
  return undefined;
}

/** The path a chain of symbolic links finally names (which need not exist). */
function linkEnd(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const st = tryStat(() => lstatSync(p));
    if (!st?.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new InputError(path, '', `cannot write the output (more than ${MAX_LINKS} symbolic links in a chain)`);
}

/**
 * Decides how `path` is written, before anything is: throws an InputError naming it for a folder,
 * a block device or a socket (never written), and, under `regularOnly`, for a symbolic link, a
 * FIFO or a device (a report folder holds regular files only).
 */
export function outputTarget(path: string, policy: OutputPolicy = {}): OutputTarget {
  const own = tryStat(() => lstatSync(path));
  if (!own) return { path, how: 'atomic' };
  const st = tryStat(() => statSync(path));
  if (st?.isDirectory()) throw new InputError(path, '', 'cannot write the output: it is a folder; expected a file path');
  if (policy.regularOnly && own.isSymbolicLink()) throw new InputError(path, '', 'cannot write the output: it is a symbolic link; expected a regular file or no file (a report folder holds only regular files)');
  if (!st) return { path: linkEnd(path), how: 'atomic' }; // a link to nothing: the file it names is created
  const fd = ownStdio(st);
  if (fd !== undefined && !policy.regularOnly) return { path, how: 'through', fd };
  if (st.isFIFO() || st.isCharacterDevice()) {
    if (policy.regularOnly) throw new InputError(path, '', `cannot write the output: it is ${kindOf(st)}; expected a regular file or no file (a report folder holds only regular files)`);
    return { path, how: 'through' };
  }
  if (!st.isFile()) throw new InputError(path, '', `cannot write the output: it is ${kindOf(st)}; expected a file path`);
  return { path: own.isSymbolicLink() ? realpathSync(path) : path, how: 'atomic' };
}
