import type { Counter, Stats } from '../engine/stats.js';
import type { Simulator } from '../engine/simulator.js';
import { TimedValues } from '../engine/timed-values.js';

/** Configuration of an on-chip SRAM buffer. */
export interface SramConfig {
  /** Capacity in bytes. */
  capacityBytes: number;
  /** Independent banks; each reads or writes one word per cycle. */
  banks: number;
  /** Word (port) width in bits. */
  widthBits: number;
  /** Cycles from a write until the data can be read. */
  latencyCycles: number;
}

/**
 * How a streaming buffer hands data to its consumer:
 * - `fifo`: any byte that has arrived can be read at once (the paper core's 2048-byte weight FIFO);
 * - `double-buffer`: two halves (ping-pong); the consumer reads a half only once it is full (or the
 *   stream has ended), and the producer refills a half only after the consumer has drained it.
 */
export type BufferMode = 'fifo' | 'double-buffer';

/**
 * A streaming buffer in on-chip SRAM between a DMA reader (producer) and a compute unit
 * (consumer). Tracks, as absolute stream positions in bytes: issued (requested from memory),
 * arrived (written into SRAM), consumed (read and released). Counts SRAM word writes and reads.
 */
export class StreamBuffer {
  private issuedBytes = 0;
  private arrivedBytes = 0;
  private consumedBytes = 0;
  private streamEnd = Infinity;
  private readonly half: number;
  private readonly wordBytes: number;
  private readonly writes: Counter;
  private readonly reads: Counter;
  private readWordsCounted = 0;
  private dataWaiters: (() => void)[] = [];
  private readableWaiters: (() => void)[] = [];
  private spaceWaiters: (() => void)[] = [];
  /** Arrivals announced ahead (`arriveAt`) and not yet counted: bytes by arrival time. */
  private readonly announced = new TimedValues();
  /** When the wake-up event for waiters is scheduled (−1: none). */
  private wakeAtPs = -1;

  /**
   * @param sim when given, producers may announce arrivals ahead (`arriveAt`): they are counted
   *   when simulated time reaches them, and an event runs only when a waiter needs one (fast mode:
   *   most arrivals inside a double-buffer half change nothing the consumer can read).
   */
  constructor(
    readonly config: SramConfig,
    readonly mode: BufferMode,
    stats: Stats,
    readonly name: string,
    private readonly sim?: Simulator,
  ) {
    this.half = Math.floor(config.capacityBytes / 2);
    this.wordBytes = config.widthBits / 8;
    this.writes = stats.counter(name, 'write');
    this.reads = stats.counter(name, 'read');
  }

  /** Bytes per cycle the buffer can deliver to its consumer (all banks reading one word). */
  get readBytesPerCycle(): number {
    return this.config.banks * this.wordBytes;
  }

  /** Bytes requested so far (the producer's position; `positions` has all three). */
  get issued(): number {
    return this.issuedBytes;
  }

  /** Stream positions, for diagnostics and fast-mode bookkeeping. */
  get positions(): { issued: number; arrived: number; consumed: number } {
    this.settle();
    return { issued: this.issuedBytes, arrived: this.arrivedBytes, consumed: this.consumedBytes };
  }

  /** Declares the stream's total length (so a partly filled last half becomes readable). */
  setStreamEnd(totalBytes: number): void {
    this.streamEnd = totalBytes;
    if (this.sim) this.armWake();
  }

  /** Bytes the producer may request now without overrunning the buffer. */
  freeForIssue(): number {
    if (this.mode === 'fifo') return this.config.capacityBytes - (this.issuedBytes - this.consumedBytes);
    // Ping-pong: the producer may fill up to two halves beyond the half the consumer is draining.
    const limit = (Math.floor(this.consumedBytes / this.half) + 2) * this.half;
    return limit - this.issuedBytes;
  }

  /** Records that the producer requested `bytes` more. */
  issue(bytes: number): void {
    this.issuedBytes += bytes;
  }

  /** Records the arrival (SRAM write) of `bytes`, counting one write per word per request. */
  arrive(bytes: number): void {
    this.count(bytes);
    this.fireWaiters();
  }

  /** Counts an arrival of `bytes` (one SRAM write per word). */
  private readonly count = (bytes: number): void => {
    this.arrivedBytes += bytes;
    this.writes.value += Math.ceil(bytes / this.wordBytes);
  };

  /** Calls the data waiters, then the readable waiters if the consumer can read. */
  private fireWaiters(): void {
    const w = this.dataWaiters;
    this.dataWaiters = [];
    for (const cb of w) cb();
    this.fireReadable();
  }

  /**
   * Announces that `bytes` arrive at `timePs` (not before any arrival announced earlier): the same
   * as `arrive(bytes)` then, without an event unless a waiter needs one. Needs the simulator.
   */
  arriveAt(timePs: number, bytes: number): void {
    if (!this.sim) throw new Error(`${this.name}: arriveAt needs a buffer built with the simulator`);
    this.announced.push(timePs, bytes);
    this.armWake();
  }

  /** Counts the announced arrivals that simulated time has reached. */
  private settle(): void {
    if (this.announced.size > 0) this.announced.takeUntil(this.sim!.now, this.count);
  }

  /** Schedules one event at the first announced arrival a waiter needs (data waiters: the next one; readable waiters: the one that makes data readable). */
  private armWake(): void {
    this.settle();
    const a = this.announced;
    if (a.size === 0) return;
    let t = Infinity;
    if (this.dataWaiters.length > 0) t = a.timeAt(0);
    else if (this.readableWaiters.length > 0) {
      // The first announced arrival after which the consumer can read.
      let arrived = this.arrivedBytes;
      for (let k = 0; k < a.size; k++) {
        arrived += a.valueAt(k);
        if (this.readableAt(arrived) > 0) {
          t = a.timeAt(k);
          break;
        }
      }
    }
    if (t === Infinity || (this.wakeAtPs >= 0 && this.wakeAtPs <= t)) return;
    this.wakeAtPs = t;
    this.sim!.at(t, () => {
      if (this.wakeAtPs !== t) return; // superseded by an earlier wake-up
      this.wakeAtPs = -1;
      this.settle();
      this.fireWaiters();
      this.armWake();
    });
  }

  private fireReadable(): void {
    if (this.readableWaiters.length === 0 || this.readable() <= 0) return;
    const w = this.readableWaiters;
    this.readableWaiters = [];
    for (const cb of w) cb();
  }

  /** Bytes the consumer may read now. */
  readable(): number {
    this.settle();
    return this.readableAt(this.arrivedBytes);
  }

  /** Bytes the consumer could read with `arrived` bytes arrived. */
  private readableAt(arrivedBytes: number): number {
    if (this.mode === 'fifo') return arrivedBytes - this.consumedBytes;
    const full = arrivedBytes >= this.streamEnd ? arrivedBytes : Math.floor(arrivedBytes / this.half) * this.half;
    return Math.max(0, full - this.consumedBytes);
  }

  /** Bytes from stream position `pos` to the end of its double-buffer half (Infinity in a FIFO). */
  bytesToHalfEnd(pos: number): number {
    return this.mode === 'fifo' ? Infinity : this.half - (pos % this.half);
  }

  /**
   * Most bytes the consumer may take in one step: in a double buffer, up to the end of the half it
   * is draining (the half is freed for the producer as soon as it has been consumed); in a FIFO,
   * everything readable.
   */
  stepLimit(): number {
    return this.bytesToHalfEnd(this.consumedBytes);
  }

  /** Releases `bytes` read by the consumer (counted as SRAM word reads). */
  consume(bytes: number): void {
    if (bytes > this.readable() + 1e-9) throw new Error(`${this.name}: consumed ${bytes} B but only ${this.readable()} B readable`);
    this.consumedBytes += bytes;
    const words = Math.floor(this.consumedBytes / this.wordBytes);
    this.reads.value += words - this.readWordsCounted;
    this.readWordsCounted = words;
    const w = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const cb of w) cb();
  }

  /**
   * Fast mode: the stream skips `bytes` that are accounted for by extrapolation instead of being
   * simulated. They count as issued, arrived and consumed, so occupancy is unchanged, and their
   * SRAM accesses are counted exactly: a word write per word of each `requestBytes` arrival, a
   * word read per word consumed.
   */
  skip(bytes: number, requestBytes: number): void {
    this.issuedBytes += bytes;
    this.arrivedBytes += bytes;
    this.consumedBytes += bytes;
    this.writes.value += (bytes / requestBytes) * Math.ceil(requestBytes / this.wordBytes);
    const words = Math.floor(this.consumedBytes / this.wordBytes);
    this.reads.value += words - this.readWordsCounted;
    this.readWordsCounted = words;
  }

  /** Bytes the consumer gets per step in a stream that keeps up: a half of a double buffer, else one arrival of `requestBytes`. */
  stepBytes(requestBytes: number): number {
    return this.mode === 'double-buffer' ? this.half : requestBytes;
  }

  /** Calls `cb` once on the next arrival. */
  onData(cb: () => void): void {
    this.dataWaiters.push(cb);
    this.armWake();
  }

  /**
   * Calls `cb` once on an arrival after which the consumer can read. With arrivals announced
   * ahead, that is the arrival that completes a half (or the stream); otherwise the next
   * arrival, as `onData` (the consumer checks what it can read).
   */
  onReadable(cb: () => void): void {
    if (!this.sim) {
      this.dataWaiters.push(cb);
      return;
    }
    this.readableWaiters.push(cb);
    this.armWake();
  }

  /** Calls `cb` once on the next release of space. */
  onSpace(cb: () => void): void {
    this.spaceWaiters.push(cb);
  }
}
