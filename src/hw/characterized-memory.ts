import type { Simulator } from '../engine/simulator.js';
import type { Counter, Stats } from '../engine/stats.js';
import type { MemoryPort, MemoryRequest } from './memory.js';
import { TimedValues } from '../engine/timed-values.js';

/**
 * How an off-chip memory serves a design's weight stream, measured in cycle detail (see
 * sim/stream-profile.ts): its steady rate, its refresh stalls, its request latencies, and how
 * every counter grows with the bytes streamed (commands, bursts, data-bus time) or with time
 * (refresh, residencies), summed over the memory's channels.
 */
export interface StreamProfile {
  /** The memory's stats name (e.g. `dram`). */
  name: string;
  /** Steady time per byte streamed (ps/B), refreshes included. */
  psPerByte: number;
  /**
   * All-bank refresh as the stream sees it: every `intervalPs` from `intervalPs` on, `delayPs`
   * after each refresh falls due, the stream stops for `stallPs`, and between refreshes it flows
   * at `psPerByte` ps/B. Null when the memory refreshes bank by bank (its stalls are spread out:
   * the outer `psPerByte` averages them).
   */
  refresh: { intervalPs: number; stallPs: number; delayPs: number; psPerByte: number } | null;
  /**
   * Latencies of requests between refreshes (ps), by direction and request size (the weight
   * stream's reads, the load/store unit's reads and writes), smallest size first.
   */
  latencies: { read: RequestLatency[]; write: RequestLatency[] };
  /** Growth per byte streamed of each request-driven action (and `#busy`, data-bus ps), by action. */
  perByte: ReadonlyMap<string, number>;
  /** Growth per ps of each time-driven action (refresh, residencies), by action. */
  perPs: ReadonlyMap<string, number>;
  peakBytesPerSecond: number;
  requestDrivenActions: readonly string[];
  /** The measurement window: its length and the bytes that arrived in it. */
  windowPs: number;
  windowBytes: number;
  /** Events the profile's detailed simulation took. */
  eventsProcessed: number;
}

/** The latency a request of `bytes` sees between refreshes (see StreamProfile.latencies). */
export interface RequestLatency {
  bytes: number;
  /** Mean latency (ps). */
  ps: number;
  /**
   * The measured distribution, as equally spaced quantiles (ps, ascending), when requests of this
   * size draw their latencies from it instead of each taking the mean (load/store requests: a
   * latency-bound stream's round trips, rounded to its clock, depend on the spread).
   */
  quantiles?: readonly number[];
}

/** The golden ratio's fractional part: request k draws quantile ⌊frac(k·φ)·n⌋, a low-discrepancy sequence (deterministic, evenly spread over any run of requests). */
const PHI = 0.6180339887498949;

/** Write actions counted, per byte, as the profile's read actions of the same role. */
const WRITE_ACTION: Readonly<Record<string, string>> = { rd: 'wr', 'rd.io': 'wr.io' };

/**
 * Fast mode's stand-in for a DRAM system: a pipe with the profile's rate and request latencies. A
 * request's data crosses the memory's data bus at the profiled rate (stopping for refreshes), after
 * the previous request's data and no sooner than its latency after its issue allows (so a request
 * of a profiled size into an idle memory completes that latency after its issue; a larger one's
 * further bytes follow at the rate); requests complete in order and are never refused (the
 * reader's requests in flight bound the queue). Every counter of the profiled memory grows with
 * the bytes or the time, summed over the channels under `<name>.channels` (so the energy tables'
 * `dram` family and the data-bus utilization apply).
 * Writes are counted as reads of the same size with `wr` for `rd` (a stated simplification: the
 * streams profiled are reads, and the designs that run in this mode write little).
 */
export class CharacterizedMemory implements MemoryPort {
  readonly peakBytesPerSecond: number;
  /** The refresh interval when refresh stalls the stream at fixed times (steady windows span several), else 0. */
  readonly refreshIntervalPs: number;
  readonly requestDrivenActions: readonly string[];
  readonly trafficComponents: readonly string[];
  private freeAtPs = 0;
  /** Requests that drew a latency from a distribution so far (the low-discrepancy sequence's index). */
  private drawn = 0;
  private accruedUntilPs = 0;
  private readonly readCounters: [Counter, number][];
  private readonly writeCounters: [Counter, number][];
  private readonly timeCounters: [Counter, number][];
  private readonly busy: Counter;
  private readonly busyPerByte: number;
  /** Requests told their completion at issue (onScheduled) and not yet counted: bytes (negative: a write) by completion time. */
  private readonly scheduled = new TimedValues();

  constructor(
    private readonly sim: Simulator,
    stats: Stats,
    private readonly profile: StreamProfile,
  ) {
    const component = `${profile.name}.channels`;
    this.peakBytesPerSecond = profile.peakBytesPerSecond;
    this.refreshIntervalPs = profile.refresh?.intervalPs ?? 0;
    this.requestDrivenActions = profile.requestDrivenActions;
    this.trafficComponents = [profile.name];
    const perByte = [...profile.perByte].filter(([a]) => a !== '#busy');
    this.readCounters = perByte.map(([a, r]) => [stats.counter(component, a), r]);
    this.writeCounters = perByte.map(([a, r]) => [stats.counter(component, WRITE_ACTION[a] ?? a), r]);
    this.timeCounters = [...profile.perPs].map(([a, r]) => [stats.counter(component, a), r]);
    this.busy = stats.busyCounter(component);
    this.busyPerByte = profile.perByte.get('#busy') ?? 0;
    // Counts are brought up to date when read: the scheduled requests' data that has crossed, and the time-driven actions.
    stats.onRead(() => {
      this.settle(this.sim.now);
      this.accrue(this.sim.now);
    });
  }

  get name(): string {
    return this.profile.name;
  }

  tryIssue(req: MemoryRequest): boolean {
    const now = this.sim.now;
    // The data crosses the bus after the previous request's data, and no sooner than the profiled
    // request of the nearest size would have completed: its bytes end the latency after issue, and a
    // larger request's further bytes follow at the rate.
    // A request that draws from a distribution crosses the pipe with the distribution's lowest
    // quantile and returns its excess afterwards, so a slow one (a row miss) does not hold back
    // the ones behind it, as in the DRAM's banks.
    const latency = this.latencyOf(req);
    let latencyPs = latency.ps;
    let excessPs = 0;
    const q = latency.quantiles;
    if (q && q.length > 0) {
      const u = (this.drawn++ * PHI) % 1;
      latencyPs = q[0]!;
      excessPs = q[Math.floor(u * q.length)]! - q[0]!;
    }
    const leadPs = Math.min(req.bytes, latency.bytes) * (this.profile.refresh?.psPerByte ?? this.profile.psPerByte);
    this.freeAtPs = this.serve(Math.max(now + latencyPs - leadPs, this.freeAtPs), req.bytes);
    const done = Math.ceil(this.freeAtPs) + excessPs;
    // Counted as the data crosses (as the DRAM counts its bursts), not when the request is queued.
    if (req.onScheduled) {
      // Told now; counted when time (or a read of the stats) reaches it.
      this.scheduled.push(done, req.write ? -req.bytes : req.bytes);
      req.onScheduled(done);
      return true;
    }
    this.sim.at(done, () => {
      this.countCrossed(req.bytes, req.write);
      req.onDone(this.sim.now);
    });
    return true;
  }

  private countCrossed(bytes: number, write: boolean): void {
    for (const [c, r] of write ? this.writeCounters : this.readCounters) c.value += r * bytes;
    this.busy.value += this.busyPerByte * bytes;
  }

  /** Counts the scheduled requests whose data has crossed by `timePs`. */
  private settle(timePs: number): void {
    if (this.scheduled.size > 0) this.scheduled.takeUntil(timePs, this.countScheduled);
  }

  /** Counts one scheduled request's bytes (negative: a write). */
  private readonly countScheduled = (signedBytes: number): void => this.countCrossed(Math.abs(signedBytes), signedBytes < 0);

  /** The profiled latency of the size nearest the request's (reads' when no write was profiled). */
  private latencyOf(req: MemoryRequest): RequestLatency {
    const { read, write } = this.profile.latencies;
    const table = req.write && write.length > 0 ? write : read;
    let best = table[0]!;
    for (const e of table) if (Math.abs(e.bytes - req.bytes) < Math.abs(best.bytes - req.bytes)) best = e;
    return best;
  }

  /** When `bytes` that start streaming at `startPs` have streamed, refresh stalls included. */
  private serve(startPs: number, bytes: number): number {
    const r = this.profile.refresh;
    if (!r) return startPs + bytes * this.profile.psPerByte;
    let t = startPs;
    let left = bytes * r.psPerByte;
    for (;;) {
      // The stall at or before t, and the next one.
      const k = Math.floor((t - r.delayPs) / r.intervalPs);
      const stallEnd = k * r.intervalPs + r.delayPs + r.stallPs;
      if (k >= 1 && t < stallEnd) t = stallEnd;
      const next = (k + 1) * r.intervalPs + r.delayPs;
      if (t + left <= next) return t + left;
      left -= next - t;
      t = next;
    }
  }

  whenReady(cb: () => void): void {
    this.sim.after(0, cb);
  }

  finish(timePs: number): void {
    this.settle(timePs);
    this.accrue(timePs);
  }

  /** Grows the time-driven counters (refresh, residencies) up to `timePs`. */
  private accrue(timePs: number): void {
    const dt = timePs - this.accruedUntilPs;
    if (dt <= 0) return;
    for (const [c, r] of this.timeCounters) c.value += r * dt;
    this.accruedUntilPs = timePs;
  }
}
