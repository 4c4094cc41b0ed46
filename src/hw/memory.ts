import type { Counter, Stats } from '../engine/stats.js';

/** A read or write of `bytes` starting at byte address `addr`. */
export interface MemoryRequest {
  addr: number;
  bytes: number;
  write: boolean;
  /** Called (from an event) when the last byte has been transferred; `timePs` equals the simulator's now. */
  onDone: (timePs: number) => void;
  /**
   * When given, a port that knows at acceptance when the request will complete may call this
   * instead, at once, with that time (a future `timePs`; `onDone` is then not called): a
   * requester whose completion handler only schedules later events saves the completion event.
   */
  onScheduled?: (donePs: number) => void;
}

/**
 * What a core's memory port sees of off-chip memory (a DRAM system or an ideal fixed-latency
 * memory). Requests may be refused when the controller's queue is full: the requester then
 * waits for `whenReady`.
 */
export interface MemoryPort {
  /** Component name used in stats (e.g. `dram`). */
  readonly name: string;
  /** Accepts the request now (true) or refuses it because the request queue is full (false). */
  tryIssue(req: MemoryRequest): boolean;
  /**
   * Calls `cb` (once, from an event) when a refused request may be retried. `retriesRefused`: the
   * caller promises that `cb` retries exactly the request this port refused last and, should it be
   * refused again, only waits again; a port may then wait until that request fits instead of
   * calling back on every chance (a retry that could only fail changes nothing).
   */
  whenReady(cb: () => void, retriesRefused?: boolean): void;
  /** Theoretical peak bandwidth in bytes/s (for reports and roofline bounds, never for timing). */
  readonly peakBytesPerSecond: number;
  /** Interval of periodic maintenance (DRAM refresh) in ps, 0 when none; steady-state windows span several. */
  readonly refreshIntervalPs: number;
  /** Names of action counters caused by requests (not by time), which fast mode may extrapolate. */
  readonly requestDrivenActions: readonly string[];
  /**
   * Stats components that count this path's traffic (each with its `.`-children, e.g. DRAM
   * channels): fast mode scales their request-driven actions and busy time with skipped bytes.
   */
  readonly trafficComponents: readonly string[];
  /** Brings time-driven bookkeeping (refresh, background state) up to `timePs` at the end of a run. */
  finish(timePs: number): void;
}

/** The rd / wr / bytesRead / bytesWritten counters of a memory that counts whole requests (ideal memory, host link). */
export class RequestCounters {
  private readonly rd: Counter;
  private readonly wr: Counter;
  private readonly bytesRead: Counter;
  private readonly bytesWritten: Counter;

  constructor(stats: Stats, name: string) {
    this.rd = stats.counter(name, 'rd');
    this.wr = stats.counter(name, 'wr');
    this.bytesRead = stats.counter(name, 'bytesRead');
    this.bytesWritten = stats.counter(name, 'bytesWritten');
  }

  /** Counts one request and its bytes. */
  count(req: MemoryRequest): void {
    if (req.write) {
      this.wr.value++;
      this.bytesWritten.value += req.bytes;
    } else {
      this.rd.value++;
      this.bytesRead.value += req.bytes;
    }
  }
}
