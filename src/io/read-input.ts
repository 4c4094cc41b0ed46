/**
 * The one way ternsim reads an input file: opened without blocking, checked to be a regular file
 * (a folder, a named pipe, a character or block device or a socket is refused before a byte is
 * read, so `/dev/zero` or a FIFO cannot hang a command), refused when its size is over the limit
 * of its kind, and read with a cap (at most limit + 1 bytes, whatever `stat` said: a file that
 * grows while it is read is refused too). Every failure is an InputError naming the file.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../design/design-error.js';

const MiB = 2 ** 20;

/**
 * Limit on the files people write by hand and ternsim parses as YAML or JSON (designs, sweep
 * specs and their bases, model configs, validation cases): the largest shipped one is a few KiB,
 * and 1 MiB of YAML (76,485 keys) is answered in about 1.7 s.
 */
export const MAX_TEXT_INPUT_BYTES = 1 * MiB;

/**
 * Limit on the JSON and JSON Lines files programs write (op traces, results files, GPU
 * measurements): a comparison of every shipped design on every zoo model is a few MiB; 32 MiB of
 * Results (4,331 of them) are reported in 8.5 s in 1.1 GB, an op trace of 300,000 ops (31 MiB) is
 * simulated in 4.3 s.
 */
export const MAX_DATA_INPUT_BYTES = 32 * MiB;

/**
 * Limit on a DRAM request trace (`ternsim dram --trace`): 128 MiB of `0xADDR READ cycle` lines is
 * 5.7 million requests, which run in 7.6 s in 560 MB; 512 MiB would need some 2–4 GB, near
 * Node's default heap.
 */
export const MAX_DRAM_TRACE_BYTES = 128 * MiB;

/** What a file-system object is, for a message: `a folder`, `a named pipe (FIFO)`. */
export function describeFileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return st.isFile() ? 'a file' : 'not a regular file';
}

/** A short reason for a file-system error code, for messages. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'EEXIST': // mkdir of a path whose parent is a file
      return 'a parent of this path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'name too long';
    case 'EIO':
      return 'input/output error';
    default:
      return code ?? String((e as Error).message ?? e);
  }
}

/** A size for messages: `512 B`, `64 KiB`, `1 MiB`, `1024 MiB`, `1.314 MiB`. */
const mib = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < MiB ? `${Number((bytes / 1024).toPrecision(4))} KiB` : `${Number((bytes / MiB).toPrecision(4))} MiB`);

/**
 * Checks that `path` is an existing regular file (following links) without opening it: for
 * inputs another library opens (SQLite stores). Throws an InputError naming the file: `no such
 * <what>`, or `expected a <what>, got a folder` (a FIFO, a device, a socket).
 */
export function checkRegularFile(path: string, what: string): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(path, '', `no such ${what}`);
    throw new InputError(path, '', `cannot read the ${what} (${fsReason(e)})`);
  }
  if (!st.isFile()) throw new InputError(path, '', `expected a ${what}, got ${describeFileKind(st)}`);
}

/**
 * The bytes of the regular file at `path`, at most `maxBytes` of them: opened with O_NONBLOCK
 * (a named pipe does not wait for a writer), refused unless fstat says it is a regular file,
 * refused when larger than `maxBytes` (by fstat, then by reading at most maxBytes + 1 bytes).
 * Errors are InputErrors naming the file and `what` it should be.
 */
export function readInputBytes(path: string, what: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(path, '', `no such ${what}`);
    if (code === 'ENXIO') throw new InputError(path, '', `expected a ${what}, got a socket`);
    throw new InputError(path, '', `cannot read the ${what} (${fsReason(e)})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(path, '', `expected a ${what}, got ${describeFileKind(st)}`);
    const tooBig = (got: string) => new InputError(path, '', `expected a ${what} of at most ${mib(maxBytes)}, got ${got}`);
    if (st.size > maxBytes) throw tooBig(mib(st.size));
    const chunks: Buffer[] = [];
    let total = 0;
    let chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1, 64 * 1024), maxBytes + 1));
    for (;;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, maxBytes + 1 - total), null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooBig(`more than ${mib(maxBytes)}`);
      if (n === chunk.length) chunk = Buffer.allocUnsafe(Math.min(chunk.length * 2, maxBytes + 1 - total));
      else chunk = chunk.subarray(n);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, '', `cannot read the ${what} (${fsReason(e)})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a UTF-8 text input through {@link readInputBytes}: binary content (a NUL byte, or bytes
 * that are not UTF-8) is an InputError naming the file; a leading byte-order mark is dropped.
 */
export function readTextInput(path: string, what: string, maxBytes: number): string {
  const bytes = readInputBytes(path, what, maxBytes);
  if (bytes.includes(0)) throw new InputError(path, '', `expected a text ${what}, got binary data`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(path, '', `expected a text ${what} in UTF-8, got binary data (bytes that are not UTF-8)`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
