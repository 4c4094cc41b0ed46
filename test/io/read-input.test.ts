import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/design/design-error.js';
import { checkRegularFile, readInputBytes, readTextInput } from '../../src/io/read-input.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-read-input-'));
const fifo = join(dir, 'pipe');
const socket = join(dir, 'sock');
let server: Server;
beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  server = createServer();
  await new Promise<void>((r) => server.listen(socket, r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('readInputBytes', () => {
  it('reads a regular file', () => {
    writeFileSync(join(dir, 'a.txt'), 'hello');
    expect(readInputBytes(join(dir, 'a.txt'), 'design file', 5).toString()).toBe('hello');
  });

  it('refuses a folder, a named pipe (without waiting for a writer), a character device and a socket before reading', () => {
    expect(errorOf(() => readInputBytes(dir, 'design file', 100))).toBe(`${dir}: expected a design file, got a folder`);
    expect(errorOf(() => readInputBytes(fifo, 'trace file', 100))).toBe(`${fifo}: expected a trace file, got a named pipe (FIFO)`);
    expect(errorOf(() => readInputBytes('/dev/zero', 'model config', 100))).toBe('/dev/zero: expected a model config, got a character device');
    expect(errorOf(() => readInputBytes(socket, 'results file', 100))).toBe(`${socket}: expected a results file, got a socket`);
  });

  it('refuses a file over the limit by its size, and one whose size stat does not tell by reading at most limit + 1 bytes', () => {
    writeFileSync(join(dir, 'b.txt'), 'x'.repeat(2 ** 20 + 1));
    expect(errorOf(() => readInputBytes(join(dir, 'b.txt'), 'design file', 2 ** 20))).toBe(`${join(dir, 'b.txt')}: expected a design file of at most 1 MiB, got 1 MiB`);
    // /proc files are regular files that stat as 0 bytes long.
    expect(errorOf(() => readInputBytes('/proc/self/status', 'design file', 2 ** 9))).toBe('/proc/self/status: expected a design file of at most 512 B, got more than 512 B');
    expect(readInputBytes('/proc/self/status', 'design file', 2 ** 20).toString()).toMatch(/^Name:/);
  });

  it('names a missing file, and one under a file', () => {
    expect(errorOf(() => readInputBytes(join(dir, 'nope.yaml'), 'design file', 100))).toBe(`${join(dir, 'nope.yaml')}: no such design file`);
    writeFileSync(join(dir, 'f'), '');
    expect(errorOf(() => readInputBytes(join(dir, 'f', 'x.yaml'), 'design file', 100))).toBe(`${join(dir, 'f', 'x.yaml')}: cannot read the design file (a parent of this path is a file, not a folder)`);
  });
});

describe('readTextInput', () => {
  it('decodes UTF-8, drops a byte-order mark, and refuses binary data', () => {
    writeFileSync(join(dir, 'bom.yaml'), '\ufeffname: µ\n');
    expect(readTextInput(join(dir, 'bom.yaml'), 'design file', 100)).toBe('name: µ\n');
    writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x61, 0xff, 0x62]));
    expect(errorOf(() => readTextInput(join(dir, 'bin.yaml'), 'design file', 100))).toBe(`${join(dir, 'bin.yaml')}: expected a text design file in UTF-8, got binary data (bytes that are not UTF-8)`);
  });
});

describe('checkRegularFile', () => {
  it('accepts a file and refuses the rest without opening them', () => {
    expect(() => checkRegularFile(join(dir, 'a.txt'), 'result store')).not.toThrow();
    expect(errorOf(() => checkRegularFile(fifo, 'result store'))).toBe(`${fifo}: expected a result store, got a named pipe (FIFO)`);
    expect(errorOf(() => checkRegularFile(join(dir, 'none.db'), 'result store'))).toBe(`${join(dir, 'none.db')}: no such result store`);
  });
});
