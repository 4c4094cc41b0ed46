import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../design/design-error.js';
import { fsReason } from './read-input.js';
// The write side (writeFileAtomic and its targets, docs/output-safety.md).
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { outputTarget, type OutputPolicy } from './output-target.js';

/**
 * Writes `data` to `path` atomically: into a new temporary file beside it (created exclusively,
 * so an existing file or link of that name is never written through), then renamed over it, so
 * an interrupted run leaves either the old file or the new one, never half of one. Creates the
 * folder. A symbolic link stays a link: the file it names is replaced. A FIFO, a character device
 * (`/dev/stdout`) or this process's own stdout is written through in place, as a shell redirect
 * does; a reader that stops reading (EPIPE) ends the write quietly. Any failure (a parent that is
 * a file, no permission, a full disk, a folder, a block device or a socket at `path`) removes the
 * temporary file and is an InputError naming `path` (docs/output-safety.md).
 */
export function writeFileAtomic(path: string, data: string, policy: OutputPolicy = {}): void {
  const target = outputTarget(path, policy);
  if (target.how === 'through') return writeThrough(path, data, target.fd);
  // At most 100 characters of the name, so a long (but valid) name never makes the temporary one too long.
  const tmp = join(dirname(target.path), `.${basename(target.path).slice(0, 100)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    checkWritable(target.path);
    if (target.path === path) mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(tmp, 'wx');
    created = true; // from here on the temporary file is ours to remove (a full disk fails the write below)
    try {
      writeFileSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target.path);
  } catch (e) {
    if (created) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Best effort: the folder may have gone read-only meanwhile.
      }
    }
    if (e instanceof InputError) throw e;
    throw new InputError(path, '', `cannot write the output (${fsReason(e)})`);
  }
}

/**
 * Writes `data` in place: into an existing FIFO or device, or to this process's stdout/stderr
 * descriptor `fd` (waiting out EAGAIN on a non-blocking one); EPIPE (the reader went away) is not
 * an error.
 */
function writeThrough(path: string, data: string, fd?: number): void {
  // A named pipe is written through the descriptor that found its reader: closing that one and
  // opening another would show the reader an end of file first.
  const fifoFd = fd === undefined && statSafe(path)?.isFIFO() ? openFifoForWriting(path) : undefined;
  fd ??= fifoFd;
  try {
    if (fd === undefined) return writeFileSync(path, data, { flag: 'w' });
    const bytes = Buffer.from(data);
    for (let done = 0; done < bytes.length; ) {
      try {
        done += writeSync(fd, bytes, done);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw new InputError(path, '', `cannot write the output (${fsReason(e)})`);
  } finally {
    if (fifoFd !== undefined) closeSync(fifoFd);
  }
}

/** How long a write to a named pipe waits for a reader to open it before it is refused (ms). */
const FIFO_READER_WAIT_MS = 2000;

/**
 * Opens a named pipe for writing without blocking: the open fails with ENXIO while no process
 * reads it (a blocking open, or a shell redirect, would wait for ever). It waits up to
 * FIFO_READER_WAIT_MS for a reader (one started just before ternsim), then is an InputError.
 * Returns the non-blocking descriptor (writes wait out EAGAIN).
 */
function openFifoForWriting(path: string): number {
  const until = Date.now() + FIFO_READER_WAIT_MS;
  for (;;) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENXIO') throw new InputError(path, '', `cannot write the output (${fsReason(e)})`);
      if (Date.now() >= until) throw new InputError(path, '', 'cannot write the output: no process is reading this named pipe (FIFO); start its reader first, or give a file path');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

function statSafe(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Checks, before any work is done, that `path` could be written: it is not a folder, a block
 * device or a socket (nor, under `regularOnly`, a link, FIFO or device: outputTarget), and its
 * nearest existing ancestor is a folder (not a file). Throws the InputError writeFileAtomic would.
 */
export function checkWritable(path: string, policy: OutputPolicy = {}): void {
  outputTarget(path, policy);
  let dir = dirname(path);
  for (;;) {
    const st = statSafe(dir);
    if (st) {
      if (!st.isDirectory()) throw new InputError(path, '', `cannot write the output (a parent of this path is a file, not a folder: ${dir})`);
      return;
    }
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
  }
}
