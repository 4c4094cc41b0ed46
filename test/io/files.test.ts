import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/design/design-error.js';
import { checkWritable, writeFileAtomic } from '../../src/io/files.js';
import { thrown } from '../helpers/thrown.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ternsim-files-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const errorOf = (f: () => unknown): string => thrown(f, InputError).message;

describe('writeFileAtomic', () => {
  it('writes the file, creating its folder, and leaves no temporary file behind', () => {
    const out = join(dir, 'sub', 'deeper', 'r.json');
    writeFileAtomic(out, '{"a":1}\n');
    expect(readFileSync(out, 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(join(dir, 'sub', 'deeper'))).toEqual(['r.json']);
  });

  it('replaces an existing file whole', () => {
    const out = join(dir, 'r.json');
    writeFileSync(out, 'old and longer content\n');
    writeFileAtomic(out, 'new\n');
    expect(readFileSync(out, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('under a regular file: an InputError naming the path, and nothing written', () => {
    writeFileSync(join(dir, 'file'), 'x');
    const out = join(dir, 'file', 'r.json');
    expect(errorOf(() => writeFileAtomic(out, 'data'))).toBe(`${out}: cannot write the output (a parent of this path is a file, not a folder: ${join(dir, 'file')})`);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('onto a folder: an InputError, and the folder left alone', () => {
    mkdirSync(join(dir, 'taken'));
    expect(errorOf(() => writeFileAtomic(join(dir, 'taken'), 'data'))).toBe(`${join(dir, 'taken')}: cannot write the output: it is a folder; expected a file path`);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(join(dir, 'taken'))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('into a read-only folder: an InputError, and no temporary file left', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      expect(errorOf(() => writeFileAtomic(join(ro, 'r.json'), 'data'))).toBe(`${join(ro, 'r.json')}: cannot write the output (permission denied)`);
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});

describe('checkWritable', () => {
  it('accepts a new file in a folder that does not exist yet', () => {
    expect(() => checkWritable(join(dir, 'a', 'b', 'c.json'))).not.toThrow();
  });

  it('refuses, before any work, a path under a file or onto a folder', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(errorOf(() => checkWritable(join(dir, 'file', 'a', 'r.json')))).toBe(
      `${join(dir, 'file', 'a', 'r.json')}: cannot write the output (a parent of this path is a file, not a folder: ${join(dir, 'file')})`,
    );
    expect(errorOf(() => checkWritable(dir))).toBe(`${dir}: cannot write the output: it is a folder; expected a file path`);
  });
});
