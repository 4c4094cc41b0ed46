import { ResultStore } from '../../src/io/result-store.js';
import type { StoredPoint } from '../../src/dse/stored-point.js';

/** Every row of the result store at `path`, ordered by key (the store is closed again). */
export function rowsOf(path: string): StoredPoint[] {
  const s = new ResultStore(path);
  try {
    return [...s.query()];
  } finally {
    s.close();
  }
}
