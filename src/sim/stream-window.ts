import type { AcceleratorDesign } from '../design/schema.js';
import { Simulator } from '../engine/simulator.js';
import { Stats } from '../engine/stats.js';
import { StreamBuffer } from '../hw/sram-buffer.js';
import { StreamReader } from '../hw/stream-reader.js';
import { buildOffChipMemory } from '../mapping/machine.js';
import { requesterClock } from './profile-requester.js';

/**
 * A refresh interval (tCK) no profile window reaches: a design whose tREFI is set to it streams
 * refresh-free.
 */
export const NO_REFRESH_TREFI = 2 ** 30;

/**
 * Requests a measurement window holds at least; it grows by whole refresh intervals until it does.
 * Windows run from an arrival to an arrival, so they hold whole requests; assumption: 256 keep the
 * unevenness of arrivals within a window below 0.1% of the rate.
 */
const MIN_WINDOW_REQUESTS = 256;

/** Warm-up before the window: this share of a refresh interval, and at least this many requests. */
const WARM_UP_REFRESH_SHARE = 0.25;
const WARM_UP_REQUESTS = 64;

/**
 * When the stream stops for a refresh as its requester sees it: for each refresh due in the window
 * (at k × interval), the longest gap between arrivals within half an interval of it starts this
 * long after the due time (data already in flight still arrives, and responses cross the
 * controller's return path); the mean over the window's refreshes.
 */
function stallDelay(arrivals: readonly number[], interval: number, from: number, to: number): number {
  let sum = 0;
  let n = 0;
  let first = 1; // arrivals are in time order: each refresh's search starts where the last one's began
  for (let k = Math.ceil(from / interval); k * interval <= to; k++) {
    const due = k * interval;
    let best = -1;
    let bestStart = due;
    while (first < arrivals.length && arrivals[first - 1]! < due - interval / 2) first++;
    for (let i = first; i < arrivals.length; i++) {
      const a = arrivals[i - 1]!;
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

/** One measured window of the design's weight stream into its off-chip memory. */
export interface StreamWindow {
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

/**
 * Streams the design's weight reader (on the profile's 1 GHz requester clock) from address 0
 * through its off-chip memory into a sink that never fills, and measures one window: from an
 * arrival after the warm-up to the first arrival after whole refresh intervals holding at least
 * MIN_WINDOW_REQUESTS requests (without refresh, after 256-cycle steps). Counters under the memory's
 * name grow per byte (request-driven actions and data-bus time) or per ps (the rest), summed over
 * channels.
 */
export function measureStream(design: AcceleratorDesign): StreamWindow {
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
