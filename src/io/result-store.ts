import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { checkWritable } from './files.js';
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

/**
 * An embedded SQLite result store (better-sqlite3): one row per point, keyed by its content
 * hash. Each point is written in its own transaction as it finishes, in WAL mode, so a sweep
 * killed at any moment (Ctrl-C or kill -9) keeps every point it finished and nothing half-written.
 */
export class ResultStore implements PointStore {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement;
  private readonly putStmt: Database.Statement;

  constructor(readonly path: string) {
    try {
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(`CREATE TABLE IF NOT EXISTS points (${COLUMNS.map(([, c, t]) => `${c} ${t}`).join(', ')})`);
      this.db.exec('CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
    } catch (e) {
      throw new InputError(path, '', `expected a ternsim result store (SQLite) that can be opened for writing: ${(e as Error).message}`);
    }
    this.getStmt = this.db.prepare('SELECT * FROM points WHERE key = ?');
    this.putStmt = this.db.prepare(`INSERT OR REPLACE INTO points (${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  }

  /**
   * Opens (or creates) the store at `path`, making its folder; an unwritable path, and a FIFO or
   * device there (SQLite would hang on or misuse it), is an InputError naming it. A store that
   * cannot be opened leaves nothing behind that this call created (the file, -wal, -shm).
   */
  static createAt(path: string): ResultStore {
    checkWritable(path);
    const st = existingTarget(path);
    if (st && !st.isFile()) throw new InputError(path, '', 'cannot write the result store: it is not a regular file (a FIFO, a device or a socket); expected a .db file path');
    const existed = st !== undefined || lstatExists(path);
    mkdirSync(dirname(path), { recursive: true });
    let store: ResultStore;
    try {
      store = new ResultStore(path);
    } catch (e) {
      if (!existed) removeStoreFiles(path);
      throw e;
    }
    store.created = !existed;
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

  get(key: string): StoredPoint | undefined {
    const row = this.getStmt.get(key) as Record<string, unknown> | undefined;
    return row ? fromRow(row) : undefined;
  }

  put(p: StoredPoint): void {
    this.putStmt.run(...COLUMNS.map(([k]) => p[k]));
  }

  /** A value of the store's metadata (e.g. the sweep's spec), or undefined. */
  meta(name: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined)?.value;
  }

  setMeta(name: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)').run(name, value);
  }

  /** Points matching every condition, ordered by key (a stable order for exports and comparisons). */
  *query(conditions: readonly QueryCondition[] = []): Generator<StoredPoint> {
    const where = conditions.length > 0 ? ` WHERE ${conditions.map((c) => `${c.column} ${c.op} ?`).join(' AND ')}` : '';
    for (const row of this.db.prepare(`SELECT * FROM points${where} ORDER BY key`).iterate(...conditions.map((c) => c.value))) yield fromRow(row as Record<string, unknown>);
  }

  /** Number of points by status. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM points GROUP BY status ORDER BY status').all() as { status: string; n: number }[]) out[r.status] = r.n;
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
    tx();
    return added;
  }

  close(): void {
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
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

function fromRow(row: Record<string, unknown>): StoredPoint {
  return Object.fromEntries(COLUMNS.map(([k, c]) => [k, row[c] ?? null])) as unknown as StoredPoint;
}
