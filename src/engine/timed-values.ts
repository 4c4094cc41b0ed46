/**
 * Values that fall due at times given in nondecreasing order (a component's work scheduled ahead
 * without an event each: arrivals announced to a buffer, completions a memory pipe told at issue),
 * taken in order once simulated time reaches them. Stored as flat (time, value) pairs, so adding
 * and taking allocate nothing once the array has grown.
 */
export class TimedValues {
  private readonly pairs: number[] = [];
  private head = 0;

  /** Values not taken yet. */
  get size(): number {
    return (this.pairs.length - this.head) / 2;
  }

  /** Time of the k-th value not taken yet (k < size). */
  timeAt(k: number): number {
    return this.pairs[this.head + 2 * k]!;
  }

  /** The k-th value not taken yet (k < size). */
  valueAt(k: number): number {
    return this.pairs[this.head + 2 * k + 1]!;
  }

  /** Adds `value`, due at `timePs` (not before any value added earlier). */
  push(timePs: number, value: number): void {
    this.pairs.push(timePs, value);
  }

  /** Calls `take` with each value due at or before `timePs`, in order, and drops them. */
  takeUntil(timePs: number, take: (value: number) => void): void {
    const p = this.pairs;
    let i = this.head;
    while (i < p.length && p[i]! <= timePs) {
      take(p[i + 1]!);
      i += 2;
    }
    if (i === p.length) {
      // All taken: start the array afresh.
      p.length = 0;
      i = 0;
    }
    this.head = i;
  }
}
