import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/design/design-error.js';
import { writeFileAtomic } from '../../src/io/files.js';
import { outputTarget } from '../../src/io/output-target.js';
import { writeReport } from '../../src/io/report-writer.js';
import { thrown } from '../helpers/thrown.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ternsim-output-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const errorOf = (f: () => unknown): string => thrown(f, InputError).message;
const mkfifo = (p: string) => execFileSync('mkfifo', [p]);

/** Starts `cat fifo > out` (the FIFO's reader) and resolves when it has copied everything and exited. */
function readFifo(fifo: string): Promise<string> {
  const child = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
  let text = '';
  child.stdout.on('data', (b: Buffer) => (text += b.toString()));
  return new Promise((resolve) => child.once('close', () => resolve(text)));
}

describe('outputTarget', () => {
  it('an absent path and a regular file are replaced atomically', () => {
    expect(outputTarget(join(dir, 'new.json'))).toEqual({ path: join(dir, 'new.json'), how: 'atomic' });
    writeFileSync(join(dir, 'old.json'), 'x');
    expect(outputTarget(join(dir, 'old.json'))).toEqual({ path: join(dir, 'old.json'), how: 'atomic' });
  });

  it('a character device is written through', () => {
    expect(outputTarget('/dev/null')).toEqual({ path: '/dev/null', how: 'through' });
  });
});

describe('writeFileAtomic never replaces what is not a regular file', () => {
  it('a symbolic link stays a link: the file it names gets the data, atomically', () => {
    writeFileSync(join(dir, 'real.json'), 'old\n');
    symlinkSync('real.json', join(dir, 'link.json'));
    writeFileAtomic(join(dir, 'link.json'), 'new\n');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real.json');
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new\n');
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  it('a link to nothing creates the file it names (as a shell redirect does), the link stays', () => {
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'sub', 'target.json'), join(dir, 'dangling.json'));
    writeFileAtomic(join(dir, 'dangling.json'), 'data\n');
    expect(lstatSync(join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'sub', 'target.json'), 'utf8')).toBe('data\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['target.json']);
  });

  it('/dev/null is written through and stays a device (no temporary file beside it)', () => {
    writeFileAtomic('/dev/null', 'discarded\n');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it.skipIf(!existsSync('/dev/full'))('a device that fails the write (/dev/full) is one line naming it, and stays a device', () => {
    expect(errorOf(() => writeFileAtomic('/dev/full', 'x'))).toBe('/dev/full: cannot write the output (no space left on the device)');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('a FIFO is written through to its reader and stays a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    mkfifo(fifo);
    const got = readFifo(fifo);
    writeFileAtomic(fifo, 'through the pipe\n');
    expect(await got).toBe('through the pipe\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('a socket is refused with one line naming it, and left alone', async () => {
    const sock = join(dir, 's.sock');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      expect(errorOf(() => writeFileAtomic(sock, 'x'))).toBe(`${sock}: cannot write the output: it is a socket; expected a file path`);
      expect(lstatSync(sock).isSocket()).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('writeReport (a report folder holds regular files only)', () => {
  const files = { 'index.html': '<!DOCTYPE html>\n', 'results.json': '[]\n', 'charts/pareto.svg': '<svg/>\n' };

  it('refuses a symbolic link among its files before writing any file; the link and its target stay', () => {
    writeFileSync(join(dir, 'elsewhere.html'), 'keep\n');
    mkdirSync(join(dir, 'r'));
    symlinkSync(join(dir, 'elsewhere.html'), join(dir, 'r', 'index.html'));
    expect(errorOf(() => writeReport(join(dir, 'r'), files))).toBe(
      `${join(dir, 'r', 'index.html')}: cannot write the output: it is a symbolic link; expected a regular file or no file (a report folder holds only regular files)`,
    );
    expect(readdirSync(join(dir, 'r'))).toEqual(['index.html']);
    expect(lstatSync(join(dir, 'r', 'index.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'elsewhere.html'), 'utf8')).toBe('keep\n');
  });

  it('refuses a FIFO among its files (no hang waiting for a reader), nothing written', () => {
    mkdirSync(join(dir, 'r', 'charts'), { recursive: true });
    mkfifo(join(dir, 'r', 'charts', 'pareto.svg'));
    expect(errorOf(() => writeReport(join(dir, 'r'), files))).toBe(
      `${join(dir, 'r', 'charts', 'pareto.svg')}: cannot write the output: it is a FIFO (named pipe); expected a regular file or no file (a report folder holds only regular files)`,
    );
    expect(readdirSync(join(dir, 'r')).sort()).toEqual(['charts']);
    expect(lstatSync(join(dir, 'r', 'charts', 'pareto.svg')).isFIFO()).toBe(true);
  });

  it('writes into a folder reached through a symbolic link (the folder is the user\'s choice)', () => {
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'r'));
    writeReport(join(dir, 'r'), files);
    expect(readdirSync(join(dir, 'real')).sort()).toEqual(['charts', 'index.html', 'results.json']);
    expect(lstatSync(join(dir, 'r')).isSymbolicLink()).toBe(true);
  });
});

describe('writeFileAtomic temporary files', () => {
  it('a 250-character file name (valid) is written: the temporary name stays within the 255-byte limit', () => {
    const out = join(dir, `${'n'.repeat(245)}.json`);
    writeFileAtomic(out, 'x\n');
    expect(readFileSync(out, 'utf8')).toBe('x\n');
    expect(readdirSync(dir)).toHaveLength(1);
  });
});
