/**
 * A binary min-heap of events keyed by (time, priority, insertion sequence), stored in typed
 * arrays so the hot path allocates nothing. Ties on time break by priority (lower first), then
 * by the order of insertion, which makes every simulation deterministic.
 */
export class EventQueue<T> {
  private time: Float64Array;
  private prio: Int32Array;
  private seq: Float64Array;
  private payload: (T | undefined)[];
  private n = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity);
    this.prio = new Int32Array(initialCapacity);
    this.seq = new Float64Array(initialCapacity);
    this.payload = new Array(initialCapacity);
  }

  /** Number of pending events. */
  get size(): number {
    return this.n;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.time[0]!;
  }

  /** Adds an event. */
  push(time: number, priority: number, item: T): void {
    if (this.n === this.time.length) this.grow();
    let i = this.n++;
    const s = this.nextSeq++;
    // Sift up: move parents down until the slot for the new key is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(time, priority, s, p)) break;
      this.move(p, i);
      i = p;
    }
    this.time[i] = time;
    this.prio[i] = priority;
    this.seq[i] = s;
    this.payload[i] = item;
  }

  /** Removes and returns the earliest event's payload; the caller reads its time first. */
  pop(): T {
    if (this.n === 0) throw new Error('EventQueue.pop on an empty queue');
    const top = this.payload[0] as T;
    const last = --this.n;
    if (last > 0) {
      const t = this.time[last]!;
      const pr = this.prio[last]!;
      const s = this.seq[last]!;
      const item = this.payload[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && this.lessIdx(r, l) ? r : l;
        if (!this.lessThanKey(c, t, pr, s)) break;
        this.move(c, i);
        i = c;
      }
      this.time[i] = t;
      this.prio[i] = pr;
      this.seq[i] = s;
      this.payload[i] = item;
    }
    this.payload[last] = undefined;
    return top;
  }

  /** (time, prio, seq) < key at index j */
  private less(t: number, pr: number, s: number, j: number): boolean {
    const tj = this.time[j]!;
    if (t !== tj) return t < tj;
    const pj = this.prio[j]!;
    if (pr !== pj) return pr < pj;
    return s < this.seq[j]!;
  }

  /** key at index i < (t, pr, s) */
  private lessThanKey(i: number, t: number, pr: number, s: number): boolean {
    const ti = this.time[i]!;
    if (ti !== t) return ti < t;
    const pi = this.prio[i]!;
    if (pi !== pr) return pi < pr;
    return this.seq[i]! < s;
  }

  private lessIdx(i: number, j: number): boolean {
    return this.lessThanKey(i, this.time[j]!, this.prio[j]!, this.seq[j]!);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.prio[to] = this.prio[from]!;
    this.seq[to] = this.seq[from]!;
    this.payload[to] = this.payload[from];
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap);
    t.set(this.time);
    const p = new Int32Array(cap);
    p.set(this.prio);
    const s = new Float64Array(cap);
    s.set(this.seq);
    this.time = t;
    this.prio = p;
    this.seq = s;
    this.payload.length = cap;
  }
}
