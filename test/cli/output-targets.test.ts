import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultStorePath } from '../../src/cli/default-store.js';
import { run } from '../../src/cli/program.js';
import { InputError } from '../../src/design/design-error.js';
import { rowsOf } from '../helpers/store.js';
import { thrown } from '../helpers/thrown.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-output-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one line a refused run prints. */
function oneLine(stderr: string): string {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  return stderr.trimEnd();
}

describe('simulate --out and --timeline', () => {
  it('keep a symbolic link a link (its file gets the Result) and write /dev/null through', async () => {
    const real = join(dir, 'real-result.json');
    writeFileSync(real, 'old\n');
    symlinkSync(real, join(dir, 'link-result.json'));
    const r = await run(['simulate', 'test/fixtures/sweeps/tiny-base.yaml', '--model', 'test/fixtures/sweeps/tiny-model.json', '--out', join(dir, 'link-result.json'), '--timeline', '/dev/null']);
    expect(r.exitCode).toBe(0);
    expect(lstatSync(join(dir, 'link-result.json')).isSymbolicLink()).toBe(true);
    expect((JSON.parse(readFileSync(real, 'utf8')) as { design: { name: string } }).design.name).toBe('tiny-base');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('refuse a socket with exit 2 and one line, before simulating', async () => {
    const sock = join(dir, 'out.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const r = await run(['simulate', 'test/fixtures/sweeps/tiny-base.yaml', '--model', 'test/fixtures/sweeps/tiny-model.json', '--timeline', sock]);
      expect(r.exitCode).toBe(2);
      expect(oneLine(r.stderr)).toBe(`ternsim: ${sock}: cannot write the output: it is a socket; expected a file path`);
      expect(r.stdout).toBe('');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('report --out (a report folder holds regular files only)', () => {
  it('a symbolic link at index.html: exit 2, one line, nothing written, the link and its file untouched', async () => {
    const result = join(dir, 'for-report.json');
    expect((await run(['simulate', 'test/fixtures/sweeps/tiny-base.yaml', '--model', 'test/fixtures/sweeps/tiny-model.json', '--out', result])).exitCode).toBe(0);
    const folder = join(dir, 'linked-report');
    const victim = join(dir, 'victim.html');
    writeFileSync(victim, 'keep\n');
    mkdirSync(folder);
    symlinkSync(victim, join(folder, 'index.html'));
    const r = await run(['report', result, '--out', folder]);
    expect(r.exitCode).toBe(2);
    expect(oneLine(r.stderr)).toBe(`ternsim: ${join(folder, 'index.html')}: cannot write the output: it is a symbolic link; expected a regular file or no file (a report folder holds only regular files)`);
    expect(readdirSync(folder)).toEqual(['index.html']);
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
  });
});

describe('a named pipe as --out', () => {
  it('with no process reading it is refused after a short wait (no hang), and stays a FIFO', async () => {
    const fifo = join(dir, 'nobody-reads.fifo');
    execFileSync('mkfifo', [fifo]);
    const t0 = Date.now();
    const r = await run(['trace', 'export', '--model', 'test/fixtures/sweeps/tiny-model.json', '--out', fifo]);
    expect(r.exitCode).toBe(2);
    expect(oneLine(r.stderr)).toBe(`ternsim: ${fifo}: cannot write the output: no process is reading this named pipe (FIFO); start its reader first, or give a file path`);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe('the result store a run writes', () => {
  it('a FIFO as --store is refused with exit 2 and one line (SQLite would block on it), and stays a FIFO', async () => {
    const fifo = join(dir, 'store.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await run(['sweep', 'test/fixtures/sweeps/tiny-grid.yaml', '--store', fifo]);
    expect(r.exitCode).toBe(2);
    expect(oneLine(r.stderr)).toBe(`ternsim: ${fifo}: expected a result store, got a named pipe (FIFO)`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('store.fifo'))).toEqual(['store.fifo']);
  });

  it('a symbolic link as --out of a merge stays a link; the store is the file it names', async () => {
    const shard = join(dir, 'shard.db');
    expect((await run(['sweep', 'test/fixtures/sweeps/tiny-grid.yaml', '--store', shard, '--jobs', '1', '--shard', '1/4'])).exitCode).toBe(0);
    mkdirSync(join(dir, 'stores'));
    symlinkSync(join(dir, 'stores', 'merged.db'), join(dir, 'linked-store.db'));
    const r = await run(['results', 'merge', shard, '--out', join(dir, 'linked-store.db')]);
    expect(r.exitCode).toBe(0);
    expect(lstatSync(join(dir, 'linked-store.db')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(dir, 'stores'))).toEqual(['merged.db']);
    expect(rowsOf(join(dir, 'stores', 'merged.db'))).toEqual(rowsOf(shard));
  });

  it('a failed merge into a new store leaves no store, -wal or -shm file', async () => {
    const bad = join(dir, 'garbage.db');
    writeFileSync(bad, 'this is not an SQLite database, but long enough to have a header of sorts: '.repeat(4));
    const out = join(dir, 'merged.db');
    const r = await run(['results', 'merge', bad, '--out', out]);
    expect(r.exitCode).toBe(2);
    oneLine(r.stderr);
    expect(readdirSync(dir).filter((f) => f.startsWith('merged'))).toEqual([]);
  });

  it('a collect that cannot reach Redis leaves no new store behind', async () => {
    const out = join(dir, 'collected.db');
    const r = await run(['results', 'collect', '--queue', 'redis://127.0.0.1:1/0', '--sweep', 's', '--store', out]);
    expect(r.exitCode).toBe(2);
    oneLine(r.stderr);
    expect(readdirSync(dir).filter((f) => f.startsWith('collected'))).toEqual([]);
  });

  it('a text file as --store is refused and left as it was, with no -wal or -shm beside it', async () => {
    const text = join(dir, 'notes.txt');
    const content = 'my notes, not a store\n'.repeat(20);
    writeFileSync(text, content);
    const r = await run(['results', 'merge', 'nothing.db', '--out', text]);
    expect(r.exitCode).toBe(2);
    oneLine(r.stderr);
    expect(readFileSync(text, 'utf8')).toBe(content);
    expect(readdirSync(dir).filter((f) => f.startsWith('notes'))).toEqual(['notes.txt']);
  });
});

describe('the default store of a sweep stays in reports/sweeps/', () => {
  it('a name with a path in it is refused, naming the spec and its name key', () => {
    for (const name of ['../../etc/x', '/etc/x', 'a/b', 'a\\b', 'x\u0000y', 'bell\u0007']) {
      expect(thrown(() => defaultStorePath(name, 'spec.yaml'), InputError).message).toBe(
        `spec.yaml: name: expected a sweep name without / or \\ or control characters (it names the default store ${join('reports', 'sweeps', '<name>.db')}), got ${JSON.stringify(name)}; or pass --store <file.db>`,
      );
    }
  });

  it('any other name is one file inside the folder', () => {
    for (const name of ['tiny-grid', '..', '.hidden', 'µ sweep (v2)']) expect(defaultStorePath(name, 'spec.yaml')).toBe(join('reports', 'sweeps', `${name}.db`));
    expect(defaultStorePath('s', 'spec.yaml', { index: 1, count: 4 })).toBe(join('reports', 'sweeps', 's.shard-2-of-4.db'));
  });

  it('ternsim sweep with such a name and no --store exits 2 with one line and writes nothing', async () => {
    for (const f of ['tiny-base.yaml', 'tiny-model.json']) copyFileSync(join('test/fixtures/sweeps', f), join(dir, f));
    const spec = join(dir, 'escape.yaml');
    writeFileSync(spec, readFileSync('test/fixtures/sweeps/tiny-grid.yaml', 'utf8').replace('name: tiny-grid', 'name: ../../ternsim-escape'));
    const r = await run(['sweep', spec, '--jobs', '1']);
    expect(r.exitCode).toBe(2);
    expect(oneLine(r.stderr)).toContain(`${spec}: name: expected a sweep name without / or \\`);
    expect(existsSync(join('reports', 'sweeps', '..', '..', 'ternsim-escape.db'))).toBe(false);
  });
});
