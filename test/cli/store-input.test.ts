/**
 * Result stores and results files as input: read commands never create or change a store, a
 * store of another schema or with rows of the wrong types and a results file missing fields are
 * one line naming the file and the key path (exit 2), a full disk during a sweep ends it with one
 * line, and two writers never share a store.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { InputError } from '../../src/design/design-error.js';
import { runSweep } from '../../src/dse/run-sweep.js';
import { loadSweep } from '../../src/io/load.js';
import { ResultStore } from '../../src/io/result-store.js';
import { createEvaluator } from '../../src/io/worker-pool.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-store-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GRID = 'test/fixtures/sweeps/tiny-grid.yaml';
const KILL = 'test/fixtures/sweeps/tiny-kill.yaml';
const CLI = 'dist/src/cli/main.js';
const TINY = 'test/fixtures/good/tiny.yaml';

/** A finished 12-point store (written once), and a valid Result. */
const STORE = join(dir, 'grid.db');
let result: Record<string, unknown>;
beforeAll(async () => {
  expect((await run(['sweep', GRID, '--store', STORE, '--jobs', '1'])).exitCode).toBe(0);
  result = JSON.parse((await run(['simulate', TINY, '--model', 'mmfree-370m', '--json'])).stdout) as Record<string, unknown>;
}, 60_000);

/** A copy of the finished store, changed by `sql` (run with a plain SQLite connection). */
function storeWith(name: string, sql = ''): string {
  const p = join(dir, name);
  copyFileSync(STORE, p);
  const db = new Database(p);
  if (sql) db.exec(sql);
  db.close();
  return p;
}
const firstKey = (p: string) => (new Database(p, { readonly: true }).prepare('SELECT key FROM points ORDER BY key LIMIT 1').get() as { key: string }).key;
const line = (stderr: string) => stderr.replace(/^ternsim: /, '').replace(/\n$/, '');

describe('read commands open a store read-only', () => {
  it('a missing store is an error and is not created (query, export, pareto, report, merge input)', async () => {
    const missing = join(dir, 'missing.db');
    for (const argv of [['results', 'query', '--store', missing], ['results', 'export', '--store', missing], ['results', 'pareto', '--store', missing], ['report', missing, '--out', join(dir, 'never')], ['results', 'merge', missing, '--out', join(dir, 'never', 'm.db')]]) {
      expect(await run(argv)).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${missing}: no such result store\n` });
    }
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('a store in rollback-journal mode (as another tool leaves it) is read without a byte changed or a file created beside it', async () => {
    const p = storeWith('delete-mode.db', 'PRAGMA journal_mode = DELETE');
    const before = readFileSync(p);
    const files = () => readdirSync(dir).filter((f) => f.startsWith('delete-mode.db'));
    expect((await run(['results', 'query', '--store', p])).stdout).toMatch(/12 point\(s\)\n$/);
    expect((await run(['results', 'export', '--store', p])).exitCode).toBe(0);
    expect((await run(['results', 'pareto', '--store', p])).exitCode).toBe(0);
    expect((await run(['report', p, '--out', join(dir, 'rep')])).exitCode).toBe(0);
    expect(readFileSync(p).equals(before)).toBe(true); // opened for writing, the store was turned into WAL mode
    expect(files()).toEqual(['delete-mode.db']);
  });

  it('a sweep leaves its store so that a reader creates no -wal or -shm file', async () => {
    expect(readdirSync(dir).filter((f) => f.startsWith('grid.db'))).toEqual(['grid.db']);
    expect((await run(['results', 'query', '--store', STORE])).exitCode).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('grid.db'))).toEqual(['grid.db']);
  });

  // Root writes through file modes, so this check means something only for another user.
  it.skipIf(process.getuid?.() === 0)('a store in a read-only folder, without write permission, is queried and reported', async () => {
    const ro = mkdtempSync(join(dir, 'ro-'));
    const p = join(ro, 's.db');
    copyFileSync(STORE, p);
    chmodSync(p, 0o444);
    chmodSync(ro, 0o555);
    try {
      expect((await run(['results', 'query', '--store', p])).stdout).toMatch(/12 point\(s\)\n$/);
      expect((await run(['report', p, '--out', join(dir, 'rep-ro')])).exitCode).toBe(0);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});

describe('a store of another schema or with bad rows: exit 2 and one line naming the store', () => {
  it('another program\'s database, a points table of another schema, a file that is not SQLite', async () => {
    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (a)').close();
    expect(line((await run(['results', 'query', '--store', other])).stderr)).toBe(`${other}: expected a ternsim result store (written by ternsim sweep), got a SQLite database without a "points" table`);
    const schema = join(dir, 'schema.db');
    new Database(schema).exec('CREATE TABLE points (key TEXT PRIMARY KEY, sweep TEXT, value REAL)').close();
    const r = await run(['sweep', GRID, '--store', schema]);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${schema}: points: expected a ternsim result store (written by ternsim sweep), got a "points" table of another schema, without the column(s) model, params, status, reason, design_name, tokens_per_second, watts, joules_per_token, tokens_per_second_per_watt, ms_per_token, area_mm2, resource_fraction, bound_by, result\n` });
    const text = join(dir, 'text.db');
    writeFileSync(text, 'this is not a database, just text that is long enough to be read as a header '.repeat(20));
    expect(line((await run(['report', text, '--out', join(dir, 'never')])).stderr)).toBe(`${text}: expected a ternsim result store (SQLite) that can be opened: the file is corrupt or not a SQLite database (SQLITE_NOTADB)`);
  });

  it('a store cut in half (a copy that stopped short) and one with a page of garbage', async () => {
    const half = storeWith('half.db');
    truncateSync(half, statSync(half).size / 2);
    expect(line((await run(['results', 'query', '--store', half])).stderr)).toBe(`${half}: expected a ternsim result store (SQLite) that can be opened: the file is corrupt or not a SQLite database (SQLITE_CORRUPT)`);
    const garbage = storeWith('garbage.db');
    const bytes = readFileSync(garbage);
    bytes.fill(0xa5, 4096, bytes.length - 4096);
    writeFileSync(garbage, bytes);
    const r = await run(['report', garbage, '--out', join(dir, 'never')]);
    expect(r.exitCode).toBe(2);
    expect(line(r.stderr)).toMatch(new RegExp(`^${garbage}: .*the file is corrupt or not a SQLite database \\(SQLITE_CORRUPT\\)$`));
  });

  it('results merge with a damaged store after a good one prints nothing but the one line and writes no output', async () => {
    const good = storeWith('merge-good.db');
    const half = storeWith('merge-half.db');
    truncateSync(half, statSync(half).size / 2);
    const out = join(dir, 'merged-never.db');
    const r = await run(['results', 'merge', good, half, '--out', out]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(line(r.stderr)).toBe(`${half}: expected a ternsim result store (SQLite) that can be opened: the file is corrupt or not a SQLite database (SQLITE_CORRUPT)`);
    expect(existsSync(out)).toBe(false);
  });

  it('a store name too long for the file system is one line, not an internal error', async () => {
    const long = join(dir, `${'o'.repeat(300)}.db`);
    const r = await run(['sweep', GRID, '--store', long, '--no-progress', '--jobs', '1']);
    expect(r.exitCode).toBe(2);
    expect(line(r.stderr)).toBe(`${long}: expected a ternsim result store (SQLite) that can be opened for writing: it cannot be opened (SQLITE_CANTOPEN)`);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a row with text where a number belongs, an unknown status, params that are not JSON', async () => {
    const num = storeWith('text-number.db', "UPDATE points SET watts = 'lots' WHERE key = (SELECT MIN(key) FROM points)");
    expect(line((await run(['results', 'query', '--store', num])).stderr)).toBe(`${num}: points[key=${firstKey(num)}].watts: expected a number or NULL, got "lots"`);
    const status = storeWith('status.db', "UPDATE points SET status = 'maybe' WHERE key = (SELECT MIN(key) FROM points)");
    expect(line((await run(['results', 'export', '--store', status])).stderr)).toBe(`${status}: points[key=${firstKey(status)}].status: expected one of done, infeasible, pruned, failed, got "maybe"`);
    const params = storeWith('params.db', "UPDATE points SET params = '{\"tau.lanes\": 4' WHERE key = (SELECT MIN(key) FROM points)");
    expect(line((await run(['results', 'query', '--store', params])).stderr)).toBe(`${params}: points[key=${firstKey(params)}].params: malformed JSON at line 1, column 16: expected "," or "}", got end of file`);
  });

  it('a Result cut short, or missing a field, or a done point without its figures, in a store given to report', async () => {
    const cut = storeWith('cut.db', "UPDATE points SET result = substr(result, 1, 100) WHERE key = (SELECT MIN(key) FROM points)");
    const r = await run(['report', cut, '--out', join(dir, 'never')]);
    expect(r.exitCode).toBe(2);
    expect(line(r.stderr)).toMatch(new RegExp(`^${cut}: points\\[key=${firstKey(cut)}\\]\\.result: malformed JSON at line 1, column \\d+: expected `));
    const q = await run(['results', 'query', '--store', cut, '--format', 'json']);
    expect(line(q.stderr)).toBe(line(r.stderr));
    const field = storeWith('field.db', "UPDATE points SET result = json_remove(result, '$.power') WHERE key = (SELECT MIN(key) FROM points)");
    expect(line((await run(['report', field, '--out', join(dir, 'never')])).stderr)).toBe(`${field}: points[key=${firstKey(field)}].result.power: missing; expected a mapping`);
    const nul = storeWith('null.db', 'UPDATE points SET watts = NULL WHERE key = (SELECT MIN(key) FROM points)');
    expect(line((await run(['report', nul, '--out', join(dir, 'never')])).stderr)).toBe(`${nul}: points[key=${firstKey(nul)}].watts: expected a number for a point whose status is done, got NULL`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('results files given to report', () => {
  const write = (name: string, v: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
    return p;
  };

  it('missing a field, a negative figure, a figure too large for a number: exit 2 naming the key path', async () => {
    const { power: _, ...noPower } = result;
    const missing = write('missing.json', [result, noPower]);
    expect(await run(['report', missing, '--out', join(dir, 'never')])).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${missing}: [1].power: missing; expected a mapping\n` });
    const negative = write('negative.json', { ...result, watts: -3 });
    expect(line((await run(['report', negative, '--out', join(dir, 'never')])).stderr)).toBe(`${negative}: watts: expected a number >= 0, got -3`);
    const inf = write('inf.json', JSON.stringify({ ...result, tokensPerSecond: 7 }).replace('"tokensPerSecond":7', '"tokensPerSecond":1e999'));
    expect(line((await run(['report', inf, '--out', join(dir, 'never')])).stderr)).toBe(`${inf}: tokensPerSecond: expected a finite number, got Infinity`);
    const str = write('string.json', { ...result, memory: { ...(result['memory'] as object), weightBytes: '12 GB' } });
    expect(line((await run(['report', str, '--out', join(dir, 'never')])).stderr)).toBe(`${str}: memory.weightBytes: expected a number, got "12 GB"`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('with an absurd but valid figure (1e308 tokens/s) renders it', async () => {
    const absurd = write('absurd.json', { ...result, tokensPerSecond: 1e308, watts: 1e308, joulesPerToken: 1e308, tokensPerSecondPerWatt: 1e308 });
    const out = join(dir, 'absurd-report');
    const r = await run(['report', absurd, '--out', out]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('| 1.000e+308 |');
  });
});

describe('a full disk during a sweep', () => {
  it('ends the sweep with one InputError naming the store, after the points in flight, with no unhandled rejection', async () => {
    const p = join(dir, 'full.db');
    const store = ResultStore.createAt(p);
    // SQLite's page limit for this connection: the first Result row does not fit (SQLITE_FULL, as on a full disk).
    const db = (store as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const { spec, baseRaw } = loadSweep(GRID);
    const ev = createEvaluator(1);
    let error: unknown;
    try {
      await runSweep(spec, baseRaw, store, ev.evaluate, { jobs: 3 });
    } catch (e) {
      error = e;
    } finally {
      await ev.close();
      store.close();
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${p}: cannot write the result store: the disk is full (SQLITE_FULL)`);
  });
});

describe('two writers of one store', () => {
  it('a second sweep into a store a running sweep writes is refused naming the store and the holder; a killed holder\'s lock is taken over', async () => {
    const p = join(dir, 'shared.db');
    const child = spawn('node', [CLI, 'sweep', KILL, '--store', p, '--jobs', '1'], { stdio: 'ignore' });
    const rows = () => {
      try {
        const db = new Database(p, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('SELECT COUNT(*) AS n FROM points').get() as { n: number }).n;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    while (rows() < 1) await new Promise((r) => setTimeout(r, 20));
    const second = await run(['sweep', KILL, '--store', p, '--jobs', '1']);
    expect(second.exitCode).toBe(2);
    expect(line(second.stderr)).toMatch(new RegExp(`^${p}: expected one writer at a time, but ternsim \\(pid ${child.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\) is writing this store; wait for it to finish or use another --store \\(if no such process is running, remove the lock: sqlite3 ${p} "DELETE FROM writer"\\)$`));
    expect(line((await run(['results', 'merge', STORE, '--out', p])).stderr)).toMatch(/expected one writer at a time/);
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    const s = ResultStore.createAt(p); // the holder is gone: its lock is taken over
    s.close();
  }, 30_000);

  it('a lock another machine renewed within 2 minutes holds; an older one is taken over', () => {
    const p = storeWith('remote.db', `INSERT OR REPLACE INTO writer VALUES (1, 4242, 'elsewhere', '2026-01-01T00:00:00.000Z', ${Date.now()})`);
    expect(() => ResultStore.createAt(p)).toThrow(`${p}: expected one writer at a time, but ternsim (pid 4242 on elsewhere, since 2026-01-01T00:00:00.000Z) is writing this store; wait for it to finish or use another --store (a lock of another machine lapses 2 minutes after its last renewal; to remove it now: sqlite3 ${p} "DELETE FROM writer")`);
    new Database(p).exec(`UPDATE writer SET heartbeat = ${Date.now() - 3 * 60_000}`).close();
    const s = ResultStore.createAt(p);
    s.close();
  });
});
