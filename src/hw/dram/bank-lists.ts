/**
 * One doubly linked list of banks per unit (rank × pseudo-channel), over bank indices: a DRAM
 * channel's banks with queued bursts. A bank joins, leaves or moves in constant time; unit u's
 * list runs from `first[u]` along `next` (−1 ends) and back from `last[u]` along `prev`.
 */
export class BankLists {
  readonly first: Int32Array;
  readonly last: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;

  /** Lists for `units` units over `banks` banks, all empty. */
  constructor(units: number, banks: number) {
    this.first = new Int32Array(units).fill(-1);
    this.last = new Int32Array(units).fill(-1);
    this.next = new Int32Array(banks).fill(-1);
    this.prev = new Int32Array(banks).fill(-1);
  }

  /** Appends bank `b` to unit `u`'s list. */
  append(b: number, u: number): void {
    this.insertAfter(b, this.last[u]!, u);
  }

  /** Inserts bank `b` after bank `x` (−1: at the front) in unit `u`'s list. */
  insertAfter(b: number, x: number, u: number): void {
    const next = this.next;
    const y = x >= 0 ? next[x]! : this.first[u]!;
    this.prev[b] = x;
    next[b] = y;
    if (x >= 0) next[x] = b;
    else this.first[u] = b;
    if (y >= 0) this.prev[y] = b;
    else this.last[u] = b;
  }

  /** Takes bank `b` out of unit `u`'s list. */
  remove(b: number, u: number): void {
    const p = this.prev[b]!;
    const q = this.next[b]!;
    if (p >= 0) this.next[p] = q;
    else this.first[u] = q;
    if (q >= 0) this.prev[q] = p;
    else this.last[u] = p;
    this.next[b] = -1;
    this.prev[b] = -1;
  }

  /**
   * Moves bank `b` to its place in unit `u`'s list, which is in ascending `key` order but for `b`
   * (whose key changed), searching from the back: a bank whose key grew most often belongs there.
   */
  reposition(b: number, u: number, key: Float64Array): void {
    const next = this.next;
    const prev = this.prev;
    const k = key[b]!;
    const p = prev[b]!;
    const q = next[b]!;
    if ((p < 0 || key[p]! < k) && (q < 0 || key[q]! > k)) return; // in place
    this.remove(b, u);
    let x = this.last[u]!;
    while (x >= 0 && key[x]! > k) x = prev[x]!;
    this.insertAfter(b, x, u);
  }

  /** Sorts unit `u`'s list in ascending `key` order (an insertion sort through `scratch`, as long as the list at least). */
  sortBy(u: number, key: Float64Array, scratch: Int32Array): void {
    let n = 0;
    for (let b = this.first[u]!; b >= 0; b = this.next[b]!) {
      // Insertion sort: a unit has at most a few dozen banks.
      const k = key[b]!;
      let j = n++;
      while (j > 0 && key[scratch[j - 1]!]! > k) {
        scratch[j] = scratch[j - 1]!;
        j--;
      }
      scratch[j] = b;
    }
    this.clear(u);
    for (let i = 0; i < n; i++) this.append(scratch[i]!, u);
  }

  /** Empties unit `u`'s list (its banks' links are left to be overwritten as they are inserted again). */
  clear(u: number): void {
    this.first[u] = -1;
    this.last[u] = -1;
  }
}
