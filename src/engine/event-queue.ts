/**
 * A binary min-heap of events keyed by (time, priority, insertion sequence), stored in typed
 * arrays so the hot path allocates nothing. Ties on time break by priority (lower first), then
 * by the order of insertion, which makes every simulation deterministic.
 *
 * An event that sorts before everything queued (typically a component's next step, scheduled
 * while nothing else is due before it) waits in a one-entry front slot instead of the heap, so
 * it costs no sift up or down; the order of events is the same either way.
 */
export class EventQueue<T> {
  private time: Float64Array;
  private prio: Int32Array;
  private seq: Float64Array;
  private payload: (T | undefined)[];
  private n = 0;
  private nextSeq = 0;
  // The front slot: when `hasFront`, its key sorts before every key in the heap.
  private hasFront = false;
  private fTime = 0;
  private fPrio = 0;
  private fSeq = 0;
  private fItem: T | undefined = undefined;

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity);
    this.prio = new Int32Array(initialCapacity);
    this.seq = new Float64Array(initialCapacity);
    this.payload = new Array<T | undefined>(initialCapacity).fill(undefined);
  }

  /** Number of pending events. */
  get size(): number {
    return this.hasFront ? this.n + 1 : this.n;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    if (this.hasFront) return this.fTime;
    return this.n === 0 ? Infinity : this.time[0]!;
  }

  /** Adds an event. */
  push(time: number, priority: number, item: T): void {
    this.pushWithSequence(time, priority, this.nextSeq++, item);
  }

  /**
   * Takes the insertion sequence number the next `push` would use, without adding an event: the
   * event keeps its place in the order (after everything pushed before this call, before
   * everything pushed after it) whether it is later added with `pushWithSequence` or never is.
   */
  reserveSequence(): number {
    return this.nextSeq++;
  }

  /** Whether the queue is empty or its earliest event sorts after (`time`, `priority`, `sequence`). */
  firstIsAfter(time: number, priority: number, sequence: number): boolean {
    let t: number;
    let pr: number;
    let s: number;
    if (this.hasFront) {
      t = this.fTime;
      pr = this.fPrio;
      s = this.fSeq;
    } else if (this.n > 0) {
      t = this.time[0]!;
      pr = this.prio[0]!;
      s = this.seq[0]!;
    } else {
      return true;
    }
    return t > time || (t === time && (pr > priority || (pr === priority && s > sequence)));
  }

  /** Adds an event with a sequence number taken earlier by `reserveSequence`. */
  pushWithSequence(time: number, priority: number, s: number, item: T): void {
    priority |= 0; // as the heap stores it (Int32Array)
    if (this.hasFront) {
      if (time < this.fTime || (time === this.fTime && (priority < this.fPrio || (priority === this.fPrio && s < this.fSeq)))) {
        // The new event goes first: the old front joins the heap.
        this.heapPush(this.fTime, this.fPrio, this.fSeq, this.fItem as T);
        this.fTime = time;
        this.fPrio = priority;
        this.fSeq = s;
        this.fItem = item;
      } else {
        this.heapPush(time, priority, s, item);
      }
      return;
    }
    if (this.n === 0 || time < this.time[0]! || (time === this.time[0]! && (priority < this.prio[0]! || (priority === this.prio[0]! && s < this.seq[0]!)))) {
      this.hasFront = true;
      this.fTime = time;
      this.fPrio = priority;
      this.fSeq = s;
      this.fItem = item;
      return;
    }
    this.heapPush(time, priority, s, item);
  }

  /** Removes and returns the earliest event's payload; the caller reads its time first. */
  pop(): T {
    if (this.hasFront) {
      this.hasFront = false;
      const item = this.fItem as T;
      this.fItem = undefined;
      return item;
    }
    if (this.n === 0) throw new Error('EventQueue.pop on an empty queue');
    const time = this.time;
    const prio = this.prio;
    const seq = this.seq;
    const payload = this.payload;
    const top = payload[0] as T;
    const last = --this.n;
    if (last > 0) {
      const t = time[last]!;
      const pr = prio[last]!;
      const s = seq[last]!;
      const item = payload[last];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        let ct = time[c]!;
        const r = c + 1;
        if (r < last) {
          const rt = time[r]!;
          if (rt < ct || (rt === ct && (prio[r]! < prio[c]! || (prio[r] === prio[c] && seq[r]! < seq[c]!)))) {
            c = r;
            ct = rt;
          }
        }
        // Stop when the moved key sorts before child c.
        if (t < ct || (t === ct && (pr < prio[c]! || (pr === prio[c] && s < seq[c]!)))) break;
        time[i] = ct;
        prio[i] = prio[c]!;
        seq[i] = seq[c]!;
        payload[i] = payload[c];
        i = c;
      }
      time[i] = t;
      prio[i] = pr;
      seq[i] = s;
      payload[i] = item;
    }
    payload[last] = undefined;
    return top;
  }

  private heapPush(t: number, pr: number, s: number, item: T): void {
    if (this.n === this.time.length) this.grow();
    const time = this.time;
    const prio = this.prio;
    const seq = this.seq;
    const payload = this.payload;
    let i = this.n++;
    // Sift up: move parents down until the slot for the new key is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = time[p]!;
      if (t > tp || (t === tp && (pr > prio[p]! || (pr === prio[p] && s > seq[p]!)))) break;
      time[i] = tp;
      prio[i] = prio[p]!;
      seq[i] = seq[p]!;
      payload[i] = payload[p];
      i = p;
    }
    time[i] = t;
    prio[i] = pr;
    seq[i] = s;
    payload[i] = item;
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
    const old = this.payload.length;
    this.payload.length = cap;
    this.payload.fill(undefined, old);
  }
}
