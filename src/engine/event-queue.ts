/**
 * Events `pushInLane` moves to keep the lane sorted before it sends an event to the heap instead;
 * a design choice: components' own next steps arrive at most a few places out of order, and a
 * longer move would cost more than the heap's log-time sift.
 */
const LANE_MOVES = 8;

/** Initial lane capacity (it doubles when full); a design choice: each DRAM system keeps about one clock-edge step in it. */
const LANE_CAPACITY = 64;

/**
 * A binary min-heap of events keyed by (time, priority, insertion sequence), stored in typed
 * arrays so the hot path allocates nothing. Ties on time break by priority (lower first), then
 * by the order of insertion, which makes every simulation deterministic.
 *
 * An event that sorts before everything queued (typically a component's next step, scheduled
 * while nothing else is due before it) waits in a one-entry front slot instead of the heap, so
 * it costs no sift up or down; the order of events is the same either way.
 *
 * Events added by `pushInLane` (components' own next steps, which mostly come in key order: a
 * DRAM system's clock-edge steps) wait in a sorted lane instead: adding one
 * after the lane's last costs no sift, one a few places earlier is moved in, and any other goes
 * to the heap. `pop` takes the earlier of the lane's first event and the heap's (or front slot's),
 * so the order is again the same.
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
  // The lane: a ring buffer of priority-0 events sorted by (time, sequence), `lLen` of them from `lHead`.
  private lTime: Float64Array;
  private lSeq: Float64Array;
  private lItem: (T | undefined)[];
  private lHead = 0;
  private lLen = 0;
  private lMask: number;

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity);
    this.prio = new Int32Array(initialCapacity);
    this.seq = new Float64Array(initialCapacity);
    this.payload = new Array<T | undefined>(initialCapacity).fill(undefined);
    this.lTime = new Float64Array(LANE_CAPACITY);
    this.lSeq = new Float64Array(LANE_CAPACITY);
    this.lItem = new Array<T | undefined>(LANE_CAPACITY).fill(undefined);
    this.lMask = LANE_CAPACITY - 1;
  }

  /** Number of pending events. */
  get size(): number {
    return (this.hasFront ? this.n + 1 : this.n) + this.lLen;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    const t = this.hasFront ? this.fTime : this.n === 0 ? Infinity : this.time[0]!;
    if (this.lLen === 0) return t;
    const lt = this.lTime[this.lHead]!;
    return lt < t ? lt : t;
  }

  /** Adds an event; returns its insertion sequence number. */
  push(time: number, priority: number, item: T): number {
    const s = this.nextSeq++;
    this.pushWithSequence(time, priority, s, item);
    return s;
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
    if (this.lLen > 0) {
      const lt = this.lTime[this.lHead]!;
      if (lt < time || (lt === time && (priority > 0 || (priority === 0 && this.lSeq[this.lHead]! <= sequence)))) return false;
    }
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

  /**
   * Adds a priority-0 event with a sequence number taken by `reserveSequence`, for an event that
   * usually sorts after the ones added this way before it (see the class comment); the order of
   * events is the same as with `pushWithSequence`.
   */
  pushInLane(time: number, sequence: number, item: T): void {
    const len = this.lLen;
    if (len === this.lMask + 1) this.growLane();
    const lt = this.lTime;
    const ls = this.lSeq;
    const li = this.lItem;
    const head = this.lHead;
    const mask = this.lMask;
    // Walk back from the last event past those that sort after the new one: a few at most.
    let i = len;
    while (i > 0) {
      const j = (head + i - 1) & mask;
      const t = lt[j]!;
      if (t < time || (t === time && ls[j]! < sequence)) break;
      if (len - i === LANE_MOVES) {
        this.pushWithSequence(time, 0, sequence, item);
        return;
      }
      i--;
    }
    for (let k = len; k > i; k--) {
      const to = (head + k) & mask;
      const from = (head + k - 1) & mask;
      lt[to] = lt[from]!;
      ls[to] = ls[from]!;
      li[to] = li[from];
    }
    const p = (head + i) & mask;
    lt[p] = time;
    ls[p] = sequence;
    li[p] = item;
    this.lLen = len + 1;
  }

  /** Time of the event the last `popUntil` took. */
  poppedTime = 0;
  /** Insertion sequence number of the event the last `popUntil` took. */
  poppedSequence = -1;

  /**
   * Removes and returns the earliest event's payload when its time is at most `limit` (its time
   * is then in `poppedTime`, its sequence number in `poppedSequence`); otherwise, or when the
   * queue is empty, returns undefined and changes nothing. `peekTime` and `pop` in one pass, for
   * the simulator's loop.
   */
  popUntil(limit: number): T | undefined {
    // The earliest of the front slot / heap top (they never both hold the earliest).
    let t: number;
    let fromFront: boolean;
    if (this.hasFront) {
      t = this.fTime;
      fromFront = true;
    } else {
      t = this.n === 0 ? Infinity : this.time[0]!;
      fromFront = false;
    }
    if (this.lLen > 0) {
      const h = this.lHead;
      const lt = this.lTime[h]!;
      let laneFirst: boolean;
      if (fromFront) laneFirst = lt < t || (lt === t && (this.fPrio > 0 || (this.fPrio === 0 && this.lSeq[h]! < this.fSeq)));
      else if (this.n > 0) laneFirst = lt < t || (lt === t && (this.prio[0]! > 0 || (this.prio[0] === 0 && this.lSeq[h]! < this.seq[0]!)));
      else laneFirst = true;
      if (laneFirst) {
        if (lt > limit) return undefined;
        const item = this.lItem[h] as T;
        this.lItem[h] = undefined;
        this.lHead = (h + 1) & this.lMask;
        this.lLen--;
        this.poppedTime = lt;
        this.poppedSequence = this.lSeq[h]!;
        return item;
      }
    }
    if (t > limit || (!fromFront && this.n === 0)) return undefined;
    this.poppedTime = t;
    if (fromFront) {
      this.poppedSequence = this.fSeq;
      this.hasFront = false;
      const item = this.fItem as T;
      this.fItem = undefined;
      return item;
    }
    this.poppedSequence = this.seq[0]!;
    return this.heapPop();
  }

  /** Removes and returns the earliest event's payload; the caller reads its time first. */
  pop(): T {
    if (this.size === 0) throw new Error('EventQueue.pop on an empty queue');
    return this.popUntil(Infinity)!;
  }

  /** Removes and returns the heap's top (the heap is not empty). */
  private heapPop(): T {
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

  private growLane(): void {
    const old = this.lMask + 1;
    const cap = old * 2;
    const t = new Float64Array(cap);
    const s = new Float64Array(cap);
    const it = new Array<T | undefined>(cap).fill(undefined);
    for (let k = 0; k < this.lLen; k++) {
      const j = (this.lHead + k) & this.lMask;
      t[k] = this.lTime[j]!;
      s[k] = this.lSeq[j]!;
      it[k] = this.lItem[j];
    }
    this.lTime = t;
    this.lSeq = s;
    this.lItem = it;
    this.lHead = 0;
    this.lMask = cap - 1;
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
