/**
 * A store on a read-only file system and a sweep onto a full disk, for real: each runs the built
 * CLI in a private mount namespace (`unshare -m`) over a tmpfs of its own, remounted read-only or
 * sized to fill up after a few points. It needs root and unshare(1), and skips otherwise;
 * file modes cannot stand in for a read-only file system there, since root writes through them.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-fs-'));
const mnt = join(dir, 'mnt');
mkdirSync(mnt);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CLI = 'dist/src/cli/main.js';
const GRID = 'test/fixtures/sweeps/tiny-grid.yaml';

/** Runs `script` with sh in a private mount namespace; mounts there vanish when it ends. */
const inNamespace = (script: string) => spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { encoding: 'utf8', timeout: 60_000 });
const canMount = inNamespace(`mount -t tmpfs -o size=64k tmpfs ${mnt} && umount ${mnt}`).status === 0;

const store = join(dir, 'grid.db');
beforeAll(async () => {
  if (canMount) expect((await run(['sweep', GRID, '--store', store, '--jobs', '1'])).exitCode).toBe(0);
}, 60_000);

describe.skipIf(!canMount)('file systems (root only: a tmpfs in a private mount namespace)', () => {
  it('a store on a read-only file system is queried and reported', () => {
    const out = join(dir, 'report');
    const r = inNamespace(
      `mount -t tmpfs -o size=1m tmpfs ${mnt} && cp ${store} ${mnt}/s.db && mount -o remount,ro ${mnt} && ` +
        `node ${CLI} results query --store ${mnt}/s.db && node ${CLI} results export --store ${mnt}/s.db --format csv && node ${CLI} report ${mnt}/s.db --out ${out}`,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('12 point(s)\n');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('tiny-grid');
  });

  it('a store left in WAL mode (written before stores were left in rollback-journal mode) on a read-only file system is read from a copy in memory', () => {
    const wal = join(dir, 'wal.db');
    copyFileSync(store, wal);
    const db = new Database(wal);
    db.pragma('journal_mode = WAL');
    db.close();
    const r = inNamespace(`mount -t tmpfs -o size=1m tmpfs ${mnt} && cp ${wal} ${mnt}/s.db && mount -o remount,ro ${mnt} && node ${CLI} results query --store ${mnt}/s.db`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('12 point(s)\n');
  });

  it('a sweep onto a disk that fills up ends with exit 2 and one line naming the store, keeping the points stored before', () => {
    const count = `node -e "const D = require('better-sqlite3'); const d = new D('${mnt}/s.db', { readonly: true }); console.log('rows', d.prepare('SELECT COUNT(*) AS n FROM points').get().n)"`;
    const r = inNamespace(`mount -t tmpfs -o size=160k tmpfs ${mnt} && node ${CLI} sweep ${GRID} --store ${mnt}/s.db --jobs 1; echo "exit $?"; ${count}`);
    const m = /^exit 2\nrows (\d+)\n$/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![1])).toBeLessThan(12);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('ternsim: '))).toEqual([`ternsim: ${mnt}/s.db: cannot write the result store: the disk is full (SQLITE_FULL)`]);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });
});
