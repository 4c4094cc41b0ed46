import type { AcceleratorDesign } from '../design/schema.js';
import { Simulator } from '../engine/simulator.js';
import { Stats } from '../engine/stats.js';
import type { MemoryPort } from '../hw/memory.js';
import type { RequestLatency, StreamProfile } from '../hw/characterized-memory.js';
import { StreamBuffer } from '../hw/sram-buffer.js';
import { StreamReader } from '../hw/stream-reader.js';
import { TransferEngine } from '../hw/transfer-engine.js';
import { buildOffChipMemory } from '../mapping/machine.js';
import { ClockDomain } from '../engine/clock.js';
import { periodPsFromHz } from '../util/units.js';
import { contentHash } from '../util/hash.js';
import { resolveDramStandard, type DramTimingOverrides } from '../hw/dram/standards.js';

/**
 * Requests a measurement window holds at least; it grows by whole refresh intervals until it does.
 * Windows run from an arrival to an arrival, so they hold whole requests; assumption: 256 keep the
 * unevenness of arrivals within a window below 0.1% of the rate.
 */
const MIN_WINDOW_REQUESTS = 256;

/** Warm-up before the window: this share of a refresh interval, and at least this many requests. */
const WARM_UP_REFRESH_SHARE = 0.25;
const WARM_UP_REQUESTS = 64;

/** Profiles kept per thread (a sweep revisits the same memory with other arrays and clocks). */
const CACHE_ENTRIES = 64;
const cache = new Map<string, StreamProfile>();

/**
 * The clock the profile's requesters (reader, load/store engine) issue on: 1 GHz, so that they
 * issue faster than any shipped memory serves and the profile measures the memory, not them.
 * The simulated machine's own reader, on the design's clock, then adds its issue rate and its
 * clock edges against the characterized memory; the profile does not depend on the design's
 * clock, so the points of a sweep over clocks share it. Assumption: a requester this fast and a
 * design's own requester see the memory alike (measured: fast mode within 0.5% of cycle mode on the
 * shipped designs at 150–450 MHz, docs/fast-mode.md).
 */
const REQUESTER_CLOCK_HZ = 1e9;

function requesterClock(): ClockDomain {
  return new ClockDomain('profile', periodPsFromHz(REQUESTER_CLOCK_HZ));
}

/**
 * What of a design sets how its memory serves it (designs with equal keys share a profile): the off-chip memory, and the weight reader and
 * the load/store engine (request size, requests in flight, reissue gap).
 */
export function profileKey(design: AcceleratorDesign): string {
  const { requestBytes, maxOutstanding, reissueCycles } = design.weightStream;
  return contentHash({ memory: design.memory, reader: { requestBytes, maxOutstanding, reissueCycles }, transfer: design.transfer });
}

/**
 * Whether fast mode stands a characterized memory in for the design's DRAM: one core's weight
 * stream of pipelined requests (several in flight) on a port of its own, as the profile measures
 * it. A byte-serial stream with one request in flight, or a port shared with loads and stores,
 * sees every request's own row and refresh timing, which a steady rate does not describe; several
 * cores' streams meet in the DRAM's queues in ways one profiled stream does not show: such designs
 * keep the DRAM model.
 */
export function streamsThroughDram(design: AcceleratorDesign): boolean {
  return design.memory.type === 'dram' && design.weightStream.maxOutstanding > 1 && !design.sharedMemoryPort && design.cores.count === 1;
}

/** Fewest coalesced requests fast mode keeps in flight, and fewest per double-buffer half. */
const MIN_COALESCED_IN_FLIGHT = 8;
const MIN_COALESCED_PER_HALF = 8;

/**
 * The weight reader fast mode runs against a characterized memory: m of the design's requests
 * issued as one (m × requestBytes each, maxOutstanding / m in flight: the same bytes in flight),
 * m the largest power of two that keeps at least 4 requests in flight and 4 to a double-buffer
 * half and divides the half. The pipe delivers a coalesced request's first requestBytes after the
 * profiled latency and the rest at the profiled rate, as the m requests would arrive when the
 * memory sets the pace; the TAU only sees whole halves, which the coalesced requests fill as
 * the single ones do (the reader splits requests at half boundaries). A FIFO
 * weight buffer, whose consumer sees every arrival, keeps m = 1.
 */
export function fastModeReader(design: AcceleratorDesign): AcceleratorDesign['weightStream'] {
  const ws = design.weightStream;
  if (ws.buffer.mode !== 'double-buffer') return ws;
  const half = Math.floor(ws.buffer.capacity / 2);
  let m = 1;
  while (2 * m * MIN_COALESCED_IN_FLIGHT <= ws.maxOutstanding && 2 * m * ws.requestBytes * MIN_COALESCED_PER_HALF <= half && half % (2 * m * ws.requestBytes) === 0) m *= 2;
  return m === 1 ? ws : { ...ws, requestBytes: m * ws.requestBytes, maxOutstanding: Math.floor(ws.maxOutstanding / m) };
}

/**
 * Profiles the design's off-chip memory under its weight stream, in cycle detail: the design's
 * reader streams a long sequential region from address 0 through the real memory path (the DRAM
 * controllers with every timing, refresh and the controller's latency) into a sink that never
 * fills. After a warm-up, a window from one arrival to another spanning whole refresh intervals
 * (so it holds exactly its share of refreshes) measures the steady rate and every counter's growth
 * per byte (request-driven: commands, bursts, data-bus time) or per ps (refresh, residencies).
 * With all-bank refresh, the same stream with refresh out of reach gives the rate between
 * refreshes, hence the stall each refresh costs. Further runs give the latencies of a resumed weight
 * stream and of the load/store unit's reads and writes. Pure and deterministic; memoized per
 * thread by (memory, reader, load/store engine).
 */
export function profileWeightStream(design: AcceleratorDesign): StreamProfile {
  const key = profileKey(design);
  const known = cache.get(key);
  if (known) return known;
  const profile = measureProfile(design);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, profile);
  return profile;
}

/**
 * Keeps `profile` as this thread's profile of `design`'s key: one measured in another thread (a
 * sweep's worker pool profiles each key once and hands the profile to every point that needs it).
 * The profile is a pure function of the key, so where it was measured does not change any result.
 */
export function seedProfile(design: AcceleratorDesign, profile: StreamProfile): void {
  const key = profileKey(design);
  if (cache.has(key)) return;
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, profile);
}

function measureProfile(design: AcceleratorDesign): StreamProfile {
  const withRefresh = measureStream(design);
  const psPerByte = withRefresh.windowPs / withRefresh.windowBytes;
  const m = design.memory;
  // The same memory with refresh pushed out of reach.
  const refreshFree: AcceleratorDesign = m.type === 'dram' ? { ...design, memory: { ...m, timing: { ...(m.timing ?? {}), tREFI: NO_REFRESH_TREFI } } } : design;
  let refresh: StreamProfile['refresh'] = null;
  let eventsProcessed = withRefresh.eventsProcessed;
  const intervalPs = withRefresh.refreshIntervalPs;
  if (m.type === 'dram' && intervalPs > 0 && refreshModeOf(design) === 'all-bank') {
    // The stream's rate between refreshes; in each interval it moves intervalPs / psPerByte bytes,
    // which flow in intervalPs × flowing / psPerByte: the rest of the interval is the stall.
    const noRefresh = measureStream(refreshFree);
    const flowing = noRefresh.windowPs / noRefresh.windowBytes;
    const stallPs = Math.max(0, intervalPs * (1 - flowing / psPerByte));
    refresh = { intervalPs, stallPs, delayPs: withRefresh.stallDelayPs, psPerByte: flowing };
    eventsProcessed += noRefresh.eventsProcessed;
  }
  return {
    name: withRefresh.name,
    psPerByte,
    refresh,
    idleLatencyPs: idleLatencies(design, refreshFree, refresh?.psPerByte ?? psPerByte),
    peakBytesPerSecond: withRefresh.peakBytesPerSecond,
    requestDrivenActions: withRefresh.requestDrivenActions,
    perByte: withRefresh.perByte,
    perPs: withRefresh.perPs,
    windowPs: withRefresh.windowPs,
    windowBytes: withRefresh.windowBytes,
    eventsProcessed,
  };
}

/**
 * When the stream stops for a refresh as its requester sees it: for each refresh due in the window
 * (at k × interval), the longest gap between arrivals within half an interval of it starts this
 * long after the due time (data already in flight still arrives, and responses cross the
 * controller's return path); the mean over the window's refreshes.
 */
function stallDelay(arrivals: readonly number[], interval: number, from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (let k = Math.ceil(from / interval); k * interval <= to; k++) {
    const due = k * interval;
    let best = -1;
    let bestStart = due;
    for (let i = 1; i < arrivals.length; i++) {
      const a = arrivals[i - 1]!;
      if (a < due - interval / 2) continue;
      if (a > due + interval / 2) break;
      const gap = arrivals[i]! - a;
      if (gap > best) {
        best = gap;
        bestStart = a;
      }
    }
    sum += bestStart - due;
    n++;
  }
  return n > 0 ? sum / n : 0;
}

/** A refresh interval (tCK) no profile window reaches: the refresh-free stream. */
const NO_REFRESH_TREFI = 2 ** 30;

/** The refresh granularity the design's DRAM uses. */
function refreshModeOf(design: AcceleratorDesign): string {
  const m = design.memory;
  if (m.type !== 'dram') return 'none';
  return m.refresh ?? resolveDramStandard(m.standard, m.timing as DramTimingOverrides).defaultRefresh;
}

/** One measured window of the design's weight stream into its off-chip memory (see profileWeightStream). */
interface StreamWindow {
  name: string;
  refreshIntervalPs: number;
  /** Mean time from a refresh's due time to the start of the gap it leaves in the arrivals (ps). */
  stallDelayPs: number;
  peakBytesPerSecond: number;
  requestDrivenActions: readonly string[];
  windowPs: number;
  windowBytes: number;
  perByte: Map<string, number>;
  perPs: Map<string, number>;
  eventsProcessed: number;
}

function measureStream(design: AcceleratorDesign): StreamWindow {
  const sim = new Simulator();
  const stats = new Stats();
  const clock = requesterClock();
  const memory = buildOffChipMemory(design, sim, stats, clock);
  const reader = design.weightStream;
  const sink = new StreamBuffer({ capacityBytes: Infinity, banks: 1, widthBits: 8 * reader.requestBytes, latencyCycles: 0 }, 'fifo', new Stats(), 'sink');
  const streamer = new StreamReader(sim, clock, memory, sink, reader);
  const arrivals: number[] = [];
  const consume = (): void => {
    arrivals.push(sim.now);
    sink.consume(sink.readable());
    sink.onData(consume);
  };
  sink.onData(consume);

  // A refresh interval no window reaches counts as none: the window is sized by requests alone.
  const refresh = memory.refreshIntervalPs < NO_REFRESH_TREFI ? memory.refreshIntervalPs : 0;
  const requestPs = (n: number): number => n * reader.requestBytes;
  // Long enough for any window below: the stream ends only after the sim is stopped.
  streamer.start(0, 2 ** 40);
  const snapshot = () => stats.snapshot([memory.name]);
  type Mark = { t: number; bytes: number; snap: Map<string, number> };
  let a: Mark | null = null;
  let b: Mark | null = null;
  const span = refresh > 0 ? refresh : clock.cycles(256);
  const warmUntil = refresh > 0 ? Math.round(refresh * WARM_UP_REFRESH_SHARE) : 1;
  const markA = (): void => {
    if (sink.positions.arrived < requestPs(WARM_UP_REQUESTS)) {
      sink.onData(markA);
      return;
    }
    const start: Mark = { t: sim.now, bytes: sink.positions.arrived, snap: snapshot() };
    a = start;
    const tryEnd = (): void => {
      if (sink.positions.arrived - start.bytes < requestPs(MIN_WINDOW_REQUESTS)) {
        sim.at(sim.now + span, () => sink.onData(tryEnd));
        return;
      }
      b = { t: sim.now, bytes: sink.positions.arrived, snap: snapshot() };
      sim.stop();
    };
    // From an arrival to the first arrival after whole intervals.
    sim.at(start.t + span, () => sink.onData(tryEnd));
  };
  sim.at(warmUntil, () => sink.onData(markA));
  sim.run();
  if (!a || !b) throw new Error(`stream profile of ${design.name}: the measurement window did not complete`);
  const A = a as Mark;
  const B = b as Mark;
  const windowPs = B.t - A.t;
  const windowBytes = B.bytes - A.bytes;
  const perByte = new Map<string, number>();
  const perPs = new Map<string, number>();
  const requestDriven = new Set(memory.requestDrivenActions);
  for (const [k, v] of B.snap) {
    const d = v - (A.snap.get(k) ?? 0);
    if (d === 0) continue;
    const action = k.slice(k.lastIndexOf('/') + 1);
    // Summed over channels: the characterized memory counts them under one component.
    if (action === '#busy' || requestDriven.has(action)) perByte.set(action, (perByte.get(action) ?? 0) + d / windowBytes);
    else perPs.set(action, (perPs.get(action) ?? 0) + d / windowPs);
  }
  return {
    name: memory.name,
    refreshIntervalPs: refresh,
    stallDelayPs: refresh > 0 ? stallDelay(arrivals, refresh, A.t, B.t) : 0,
    peakBytesPerSecond: memory.peakBytesPerSecond,
    requestDrivenActions: memory.requestDrivenActions,
    windowPs,
    windowBytes,
    perByte,
    perPs,
    eventsProcessed: sim.eventsProcessed,
  };
}

/**
 * Latencies the characterized memory gives requests, by direction and size: the weight stream's
 * reads as a resumed stream meets them (serial chain), and the load/store unit's reads and writes
 * as its own pipelined transfers see them (effective latency of a transfer, see transferLatency).
 */
function idleLatencies(design: AcceleratorDesign, refreshFree: AcceleratorDesign, flowingPsPerByte: number): StreamProfile['idleLatencyPs'] {
  const stream = design.weightStream.requestBytes;
  const small = design.transfer.requestBytes;
  const read: RequestLatency[] = [{ bytes: stream, ps: resumeLatency(refreshFree, flowingPsPerByte) }];
  if (small !== stream) read.push({ bytes: small, ps: transferLatency(refreshFree, false) });
  read.sort((x, y) => x.bytes - y.bytes);
  return { read, write: [{ bytes: small, ps: transferLatency(refreshFree, true) }] };
}

/** Pauses and resumptions of the weight stream that time its resume latency. */
const RESUMES = 2;

/**
 * The latency that makes a pipe reproduce a resumed weight stream (ps). The design's reader
 * streams into a buffer that holds its requests in flight twice over and is emptied only once
 * the stream has stopped and the memory gone idle, so each refill is a resumed stream issuing a
 * whole pipeline at once (as the machine's reader does when its weight buffer frees a half). A
 * refill of n requests takes T from its first request's issue to its last one's completion at the
 * memory port; a pipe of latency L and `psPerByte` takes L + (n − 1) × requestBytes × psPerByte,
 * so L = T − (n − 1) × requestBytes × psPerByte (mean over RESUMES refills after the first).
 * `design` should be the refresh-free variant, so that no refresh falls inside a refill.
 */
function resumeLatency(design: AcceleratorDesign, psPerByte: number): number {
  const sim = new Simulator();
  const clock = requesterClock();
  const memory = buildOffChipMemory(design, sim, new Stats(), clock);
  const reader = design.weightStream;
  const capacity = 2 * reader.maxOutstanding * reader.requestBytes;
  const sink = new StreamBuffer({ capacityBytes: capacity, banks: 1, widthBits: 8 * reader.requestBytes, latencyCycles: 0 }, 'fifo', new Stats(), 'sink');
  let refill = 0;
  let firstIssue = -1;
  let lastDone = -1;
  let requests = 0;
  let sum = 0;
  // Between the reader and the memory: the first issue and last completion of each refill.
  const probe = timedPort(
    memory,
    sim,
    (_issued, done) => (lastDone = Math.max(lastDone, done)),
    (issued) => {
      if (firstIssue < 0) firstIssue = issued;
      requests++;
    },
  );
  const streamer = new StreamReader(sim, clock, probe, sink, reader);
  const drainWhenFull = (): void => {
    if (sink.positions.arrived - sink.positions.consumed < capacity) {
      sink.onData(drainWhenFull);
      return;
    }
    // Everything requested has arrived: the memory is idle. Time the refill, empty the buffer.
    if (refill > 0) sum += lastDone - firstIssue - (requests - 1) * reader.requestBytes * psPerByte;
    if (refill++ === RESUMES) return;
    firstIssue = -1;
    lastDone = -1;
    requests = 0;
    sink.consume(sink.readable());
    sink.onData(drainWhenFull);
  };
  sink.onData(drainWhenFull);
  streamer.start(0, (RESUMES + 1) * capacity);
  sim.run();
  return Math.max(0, Math.round(sum / RESUMES));
}

/** Requests of the load/store transfer that times its latency (rows and channels over many times). */
const TRANSFER_REQUESTS = 2048;

/**
 * The latency a load/store request is given between refreshes (ps): the mean time from issue to
 * completion at the memory port of the TRANSFER_REQUESTS requests of one transfer through the
 * design's load/store engine (its request size and requests in flight) into the idle, refresh-free
 * memory (the pipe adds the refresh stalls). Two variants were tried and missed the machines
 * more (docs/fast-mode.md): a mean that holds the refresh stalls a light stream meets, with the
 * pipe's stalls not applied to such requests; and a latency fitted so that a pipe reproduces the
 * transfer's time.
 */
function transferLatency(design: AcceleratorDesign, write: boolean): number {
  return timeTransfer(design, write, TRANSFER_REQUESTS, (sim, clock) => buildOffChipMemory(design, sim, new Stats(), clock)).meanLatencyPs;
}

/**
 * One transfer of `requests` sequential load/store requests into the memory `memoryOf` builds:
 * its time, the mean time from issue to completion of its requests, and the memory's refresh interval.
 */
function timeTransfer(design: AcceleratorDesign, write: boolean, requests: number, memoryOf: (sim: Simulator, clock: ClockDomain) => MemoryPort): { ps: number; meanLatencyPs: number } {
  const sim = new Simulator();
  const clock = requesterClock();
  let sum = 0;
  let n = 0;
  const memory = timedPort(memoryOf(sim, clock), sim, (issued, done) => {
    sum += done - issued;
    n++;
  });
  const engine = new TransferEngine(sim, clock, memory, design.transfer, new Stats());
  let end = -1;
  engine.transfer(0, requests * design.transfer.requestBytes, write, () => (end = sim.now));
  sim.run();
  return { ps: end, meanLatencyPs: Math.round(sum / n) };
}

/**
 * `memory` with every accepted request timed: `onDone(issued, done)` when it completes (`onAccept`
 * when it is accepted). The profiles' probe between a requester and the memory.
 */
function timedPort(memory: MemoryPort, sim: Simulator, onDone: (issuedPs: number, donePs: number) => void, onAccept: (issuedPs: number) => void = () => {}): MemoryPort {
  return {
    name: memory.name,
    peakBytesPerSecond: memory.peakBytesPerSecond,
    refreshIntervalPs: memory.refreshIntervalPs,
    requestDrivenActions: memory.requestDrivenActions,
    trafficComponents: memory.trafficComponents,
    whenReady: (cb) => memory.whenReady(cb),
    finish: (t) => memory.finish(t),
    tryIssue: (req) => {
      const issued = sim.now;
      const accepted = memory.tryIssue({ ...req, onDone: (t) => (onDone(issued, t), req.onDone(t)) });
      if (accepted) onAccept(issued);
      return accepted;
    },
  };
}
