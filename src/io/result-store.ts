import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { checkWritable } from './files.js';
import { checkRegularFile, readInputBytes } from './read-input.js';
import { InputError } from '../design/design-error.js';
import { POINT_COLUMNS, QUERY_COLUMNS, type PointStore, type StoredPoint } from '../dse/stored-point.js';
// The write side: createAt's checks and discard (docs/output-safety.md).
import { lstatSync, rmSync, statSync, type Stats } from 'node:fs';

const COLUMNS = POINT_COLUMNS;

/** One filter of a query: a column, a comparison and a value. */
export interface QueryCondition {
  column: string;
  op: '<' | '<=' | '>' | '>=' | '=' | '!=';
  value: number | string;
}

const CONDITION = /^\s*([A-Za-z_]+)\s*(<=|>=|!=|=|<|>)\s*(?:'([^']*)'|"([^"]*)"|([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))\s*$/;

/**
 * Parses `--where "tokensPerSecond > 100 and status = 'done'"`: conditions joined by `and`, each
 * a column (camelCase as in Result, or its snake_case name), one of < <= > >= = !=, and a number
 * or quoted string. Values are bound, never pasted into SQL.
 */
export function parseWhere(text: string): QueryCondition[] {
  if (text.trim() === '') return [];
  return text.split(/\s+and\s+/i).map((part) => {
    const m = CONDITION.exec(part);
    if (!m) throw new InputError('command line', '--where', `expected conditions like "tokensPerSecond > 100 and status = 'done'" joined by "and", got ${JSON.stringify(part.trim())}`);
    const name = m[1]!;
    const column = QUERY_COLUMNS[name] ?? (Object.values(QUERY_COLUMNS).includes(name) ? name : undefined);
    if (!column) throw new InputError('command line', '--where', `unknown column "${name}"; expected one of ${Object.keys(QUERY_COLUMNS).join(', ')}`);
    const value = m[3] ?? m[4] ?? Number(m[5]);
    return { column, op: m[2] as QueryCondition['op'], value };
  });
}

/** Statuses a stored point may have. */
const STATUSES = new Set(['done', 'infeasible', 'pruned', 'failed']);

/**
 * How long a lock of a writer on another machine holds without a sign of life from it (it may
 * have crashed; a requeued array task must not wait long). A live writer renews it every
 * {@link LOCK_HEARTBEAT_MS}; a false takeover costs only points simulated twice (rows are keyed
 * by content, so the store stays right).
 */
export const STALE_LOCK_MS = 2 * 60_000;

/** How often a writer renews its lock. */
const LOCK_HEARTBEAT_MS = 30_000;

/** A short reason for a SQLite error, for messages: `the disk is full (SQLITE_FULL)`. */
export function sqliteReason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const message = (e as Error).message?.split('\n')[0] ?? String(e);
  if (typeof code !== 'string') return message;
  if (code === 'SQLITE_FULL') return 'the disk is full (SQLITE_FULL)';
  if (code.startsWith('SQLITE_IOERR')) return `${/ENOSPC|full/i.test(message) ? 'the disk is full' : 'an input/output error'} (${code})`;
  if (code.startsWith('SQLITE_READONLY')) return `it is read-only (${code})`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `another process holds it locked (${code})`;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return `the file is corrupt or not a SQLite database (${code})`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `it cannot be opened (${code})`;
  return `${message} (${code})`;
}

/** Whether `e` comes from SQLite (or the file system under it), not from ternsim. */
function isSqliteError(e: unknown): boolean {
  return e instanceof Database.SqliteError || (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^(SQLITE_|E[A-Z]+$)/.test((e as NodeJS.ErrnoException).code!));
}

/** Runs `f`, turning a SQLite error into an InputError naming the store and what was being done. */
function guarded<T>(path: string, doing: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isSqliteError(e)) throw new InputError(path, '', `cannot ${doing} the result store: ${sqliteReason(e)}`);
    throw e;
  }
}

/** How a store is opened: for reading only (never created, never changed), or for writing. */
export interface StoreOpenOptions {
  readonly?: boolean;
}

/**
 * An embedded SQLite result store (better-sqlite3): one row per point, keyed by its content
 * hash. Each point is written in its own transaction as it finishes, in WAL mode, so a sweep
 * killed at any moment (Ctrl-C or kill -9) keeps every point it finished and nothing half-written.
 * A store of another schema, a row of the wrong types, a full disk and a corrupt file are
 * InputErrors naming the store.
 */
export class ResultStore implements PointStore {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement;
  private readonly putStmt: Database.Statement | null;
  private lockHeld = false;
  private lastHeartbeat = 0;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  /** Opens the store at `path` for writing (creating it), or with `{readonly: true}` an existing store for reading only. */
  constructor(
    readonly path: string,
    options: StoreOpenOptions = {},
  ) {
    const readonly = options.readonly === true;
    let db: Database.Database | undefined;
    try {
      db = readonly ? openReadOnly(path) : new Database(path);
      if (!readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.exec(`CREATE TABLE IF NOT EXISTS points (${COLUMNS.map(([, c, t]) => `${c} ${t}`).join(', ')})`);
        db.exec('CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
      }
      checkSchema(db, path);
    } catch (e) {
      try {
        db?.close();
      } catch {
        // Already unusable.
      }
      if (e instanceof InputError) throw e;
      throw new InputError(path, '', `expected a ternsim result store (SQLite) that can be opened${readonly ? '' : ' for writing'}: ${sqliteReason(e)}`);
    }
    this.db = db;
    this.getStmt = this.db.prepare('SELECT * FROM points WHERE key = ?');
    this.putStmt = readonly ? null : this.db.prepare(`INSERT OR REPLACE INTO points (${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  }

  /**
   * Opens an existing store for reading only (`results query/export/pareto`, `report`): a
   * missing file is an error, never created; nothing is written (it works on a read-only file
   * system); a folder, pipe or device is refused.
   */
  static openReadOnly(path: string): ResultStore {
    checkRegularFile(path, 'result store');
    return new ResultStore(path, { readonly: true });
  }

  /**
   * Opens (or creates) the store at `path` for writing, making its folder, and takes its writer
   * lock ({@link ResultStore.lock}); an unwritable path, a folder, pipe or device, and a store
   * another writer holds are InputErrors naming it.
   */
  static createAt(path: string): ResultStore {
    checkWritable(path);
    if (existingTarget(path)) checkRegularFile(path, 'result store');
    const existed = lstatExists(path);
    guarded(path, 'create', () => mkdirSync(dirname(path), { recursive: true }));
    let store: ResultStore;
    try {
      store = new ResultStore(path);
    } catch (e) {
      // A store that cannot be opened leaves nothing behind that this call created (the file, -wal, -shm).
      if (!existed) removeStoreFiles(path);
      throw e;
    }
    store.created = !existed;
    try {
      store.lock();
    } catch (e) {
      store.discard();
      throw e;
    }
    return store;
  }

  /** Whether createAt made this store's file (it was not there before). */
  private created = false;

  /**
   * Ends a run that failed: closes the store and, when this run created it (and, with
   * `onlyIfEmpty`, it holds no point), deletes it with its -wal and -shm files, so a failed write
   * leaves no partial store. A store that was there before is only closed.
   */
  discard(onlyIfEmpty = false): void {
    const remove = this.created && !(onlyIfEmpty && Object.keys(this.counts()).length > 0);
    this.close();
    if (remove) removeStoreFiles(this.path);
  }

  /**
   * Takes the store's writer lock (a row with this process's pid and host), so that two sweeps
   * never write one store at once: a lock held by a live process on this machine, or renewed by
   * another machine less than {@link STALE_LOCK_MS} ago, is an InputError naming the holder; a
   * lock of a process that died (kill -9) is taken over. A timer renews it while it is held;
   * close() releases it.
   */
  lock(): void {
    const me = { pid: process.pid, host: hostname() };
    guarded(this.path, 'lock', () => {
      this.db.exec('CREATE TABLE IF NOT EXISTS writer (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL, heartbeat INTEGER NOT NULL)');
      this.db
        .transaction(() => {
          const held = this.db.prepare('SELECT pid, host, since, heartbeat FROM writer WHERE id = 1').get() as { pid: number; host: string; since: string; heartbeat: number } | undefined;
          if (held && !(held.pid === me.pid && held.host === me.host) && lockIsLive(held, me.host)) {
            throw new InputError(
              this.path,
              '',
              `expected one writer at a time, but ternsim (pid ${held.pid} on ${held.host}, since ${held.since}) is writing this store; wait for it to finish or use another --store (${held.host === me.host ? 'if no such process is running, remove the lock' : `a lock of another machine lapses ${STALE_LOCK_MS / 60_000} minutes after its last renewal; to remove it now`}: sqlite3 ${this.path} "DELETE FROM writer")`,
            );
          }
          this.lastHeartbeat = Date.now();
          this.db.prepare('INSERT OR REPLACE INTO writer (id, pid, host, since, heartbeat) VALUES (1, ?, ?, ?, ?)').run(me.pid, me.host, new Date().toISOString(), this.lastHeartbeat);
        })
        .immediate();
    });
    this.lockHeld = true;
    this.heartbeatTimer = setInterval(() => this.heartbeat(), LOCK_HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** Renews the writer lock (a failure is left to the next write, which reports it). */
  private heartbeat(): void {
    try {
      this.lastHeartbeat = Date.now();
      this.db.prepare('UPDATE writer SET heartbeat = ? WHERE id = 1 AND pid = ?').run(this.lastHeartbeat, process.pid);
    } catch {
      // A busy or full database: the writes themselves will say so.
    }
  }

  get(key: string): StoredPoint | undefined {
    const row = guarded(this.path, 'read', () => this.getStmt.get(key)) as Record<string, unknown> | undefined;
    return row ? fromRow(row, this.path) : undefined;
  }

  put(p: StoredPoint): void {
    if (!this.putStmt) throw new Error('the result store was opened read-only');
    guarded(this.path, 'write', () => {
      this.putStmt!.run(...COLUMNS.map(([k]) => p[k]));
    });
  }

  /** A value of the store's metadata (e.g. the sweep's spec), or undefined. */
  meta(name: string): string | undefined {
    return guarded(this.path, 'read', () => {
      const hasMeta = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
      return hasMeta ? (this.db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined)?.value : undefined;
    });
  }

  setMeta(name: string, value: string): void {
    guarded(this.path, 'write', () => this.db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)').run(name, value));
  }

  /** Points matching every condition, ordered by key (a stable order for exports and comparisons). */
  *query(conditions: readonly QueryCondition[] = []): Generator<StoredPoint> {
    const where = conditions.length > 0 ? ` WHERE ${conditions.map((c) => `${c.column} ${c.op} ?`).join(' AND ')}` : '';
    const it = guarded(this.path, 'read', () => this.db.prepare(`SELECT * FROM points${where} ORDER BY key`).iterate(...conditions.map((c) => c.value)));
    try {
      for (;;) {
        const next = guarded(this.path, 'read', () => it.next());
        if (next.done) return;
        yield fromRow(next.value as Record<string, unknown>, this.path);
      }
    } finally {
      it.return?.(); // a bad row or a consumer that stops early leaves the connection free to close
    }
  }

  /** Number of points by status. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of guarded(this.path, 'read', () => this.db.prepare('SELECT status, COUNT(*) AS n FROM points GROUP BY status ORDER BY status').all()) as { status: string; n: number }[]) out[String(r.status)] = r.n;
    return out;
  }

  /** Copies every point of `other` not already here (same key, same content: keys are content hashes); returns how many were added. */
  mergeFrom(other: ResultStore): number {
    let added = 0;
    const tx = this.db.transaction(() => {
      for (const p of other.query()) {
        if (!this.get(p.key)) {
          this.put(p);
          added++;
        }
      }
    });
    guarded(this.path, 'write', () => tx());
    return added;
  }

  /**
   * Releases the writer lock (when held) and closes the database. A writer leaves the store in
   * rollback-journal mode (the WAL checkpointed and removed), so that a reader opening it
   * read-only later creates no -wal or -shm file beside it (and needs no write access at all).
   */
  close(): void {
    clearInterval(this.heartbeatTimer);
    if (this.lockHeld) {
      try {
        this.db.prepare('DELETE FROM writer WHERE id = 1 AND pid = ? AND host = ?').run(process.pid, hostname());
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // A full disk, a lost file or a reader still open: the lock row stays (a later writer sees
        // its process is gone) or the store stays in WAL mode.
      }
    }
    this.lockHeld = false;
    this.db.close();
  }
}

/** The file at `path` (following links), or undefined when there is none. */
function existingTarget(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether anything (a dangling link included) is at `path`. */
function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Deletes a store's file and SQLite's companions (-wal, -shm, -journal). */
function removeStoreFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    try {
      rmSync(`${path}${suffix}`, { force: true });
    } catch {
      // Best effort: the error that made the run fail is the one to report (a name too long, a folder gone read-only).
    }
  }
}

/** The largest store read into memory when SQLite cannot open it in place (see openReadOnly). */
const MAX_STORE_COPY_BYTES = 2 ** 30;

/**
 * Opens `path` read-only. A store in WAL mode without its -shm file cannot be opened in place
 * where that file cannot be created (a read-only file system: SQLITE_CANTOPEN); such a store —
 * one written before sweeps left their stores in rollback-journal mode — is then read from a copy
 * in memory (up to 1 GiB), its header marked rollback-journal so SQLite accepts it.
 */
function openReadOnly(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get(); // SQLite opens the file at its first read
    return db;
  } catch (e) {
    db?.close();
    if (!String((e as { code?: unknown }).code).startsWith('SQLITE_CANTOPEN')) throw e;
    const bytes = readInputBytes(path, 'result store', MAX_STORE_COPY_BYTES);
    if (bytes.length < 100 || bytes[18] !== 2) throw e; // not a WAL-mode database: the first error stands
    bytes[18] = 1; // file format write and read versions: 1 is rollback journal, 2 is WAL
    bytes[19] = 1;
    return new Database(bytes, { readonly: true });
  }
}

/** Refuses a database whose `points` table is missing or lacks one of ternsim's columns. */
function checkSchema(db: Database.Database, path: string): void {
  const have = new Set((db.prepare('PRAGMA table_info(points)').all() as { name: string }[]).map((c) => c.name));
  if (have.size === 0) throw new InputError(path, '', 'expected a ternsim result store (written by ternsim sweep), got a SQLite database without a "points" table');
  const missing = COLUMNS.map(([, c]) => c).filter((c) => !have.has(c));
  if (missing.length > 0) throw new InputError(path, 'points', `expected a ternsim result store (written by ternsim sweep), got a "points" table of another schema, without the column(s) ${missing.join(', ')}`);
}

/** Whether a writer lock row still holds: its process is alive on this machine, or another machine wrote it recently. */
function lockIsLive(held: { pid: number; host: string; heartbeat: number }, myHost: string): boolean {
  if (held.host !== myHost) return Date.now() - Number(held.heartbeat) < STALE_LOCK_MS;
  try {
    process.kill(held.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A stored row as a StoredPoint, checking each column's type; a row of the wrong types is an InputError naming the store, the row and the column. */
function fromRow(row: Record<string, unknown>, path: string): StoredPoint {
  const out: Record<string, unknown> = {};
  for (const [k, c, type] of COLUMNS) {
    const v = row[c] ?? null;
    const notNull = /NOT NULL|PRIMARY KEY/.test(type);
    const want = type.startsWith('REAL') ? 'number' : 'string';
    const ok = v === null ? !notNull : typeof v === want && (want !== 'number' || !Number.isNaN(v));
    if (!ok || (k === 'status' && !STATUSES.has(v as string))) {
      const key = typeof row['key'] === 'string' ? row['key'] : String(row['key']);
      const expected = k === 'status' ? `one of ${[...STATUSES].join(', ')}` : `${want === 'number' ? 'a number' : 'text'}${notNull ? '' : ' or NULL'}`;
      throw new InputError(path, `points[key=${key}].${c}`, `expected ${expected}, got ${describeCell(v)}`);
    }
    out[k] = v;
  }
  return out as unknown as StoredPoint;
}

/** A cell's value for a message: `NULL`, `"abc"`, `a blob of 3 bytes`, `12`. */
function describeCell(v: unknown): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v instanceof Uint8Array) return `a blob of ${v.length} bytes`;
  return String(v);
}
