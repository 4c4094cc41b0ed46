import { Simulator } from '../../engine/simulator.js';
import { Stats } from '../../engine/stats.js';
import type { MemoryRequest } from '../memory.js';
import { DramSystem, type DramSystemConfig } from './dram-system.js';
import type { DramTrace } from './trace.js';

/** Latency statistics of a run, ps. */
export interface DramLatencyStats {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** What a trace run measured. */
export interface DramTraceRun {
  /** Requests in the trace (each one burst). */
  requests: number;
  reads: number;
  writes: number;
  /** Bytes per request (the burst size). */
  requestBytes: number;
  /** Arrival of the first request, ps. */
  startPs: number;
  /** Completion of the last request, ps. */
  endPs: number;
  /** Bytes moved / (end − start). */
  bytesPerSecond: number;
  /** Theoretical peak of the configured channels, bytes/s. */
  peakBytesPerSecond: number;
  /** Arrival (the cycle given, or when the request was first offered) to last data, over all requests. */
  latencyPs: DramLatencyStats;
  /** Column commands to an already open row / all column commands. */
  rowHitRate: number;
  /** Action counts per channel component (`dram.ch<i>`), refreshes and residencies accounted up to `endPs`. */
  actions: Record<string, Record<string, number>>;
  /** Data-bus busy time per channel, ps. */
  busyPs: Record<string, number>;
  /** Events the simulator processed. */
  events: number;
}

/** A trace request, reused once it has completed. */
class TraceRequest implements MemoryRequest {
  i = 0;
  addr = 0;
  bytes = 0;
  write = false;
  constructor(private readonly done: (req: TraceRequest, t: number) => void) {}
  readonly onDone = (t: number): void => this.done(this, t);
}

/** Nearest-rank percentile of sorted `v` (0 < p ≤ 1). */
function percentile(v: Float64Array, p: number): number {
  if (v.length === 0) return 0;
  return v[Math.max(0, Math.ceil(p * v.length) - 1)]!;
}

/**
 * Replays `trace` through a fresh DRAM system: requests are offered in trace order, each at its
 * cycle (× tCK) or, without one, as soon as the previous was accepted; a request the controller
 * refuses (queue full) is offered again when it has room, and so are the ones behind it.
 */
export function runDramTrace(config: DramSystemConfig, trace: DramTrace, name = 'dram'): DramTraceRun {
  const sim = new Simulator();
  const stats = new Stats();
  const dram = new DramSystem(sim, stats, config, name);
  const tCK = config.standard.timing.tCK;
  const n = trace.length;
  const B = dram.burstBytes;
  const arrival = new Float64Array(n);
  const latency = new Float64Array(n);
  let next = 0;
  let completed = 0;
  let endPs = 0;
  let pumpScheduledAt = -1;
  let arrived = 0; // requests whose arrival time is recorded
  const pool: TraceRequest[] = [];
  const done = (req: TraceRequest, t: number): void => {
    latency[req.i] = t - arrival[req.i]!;
    completed++;
    if (t > endPs) endPs = t;
    pool.push(req);
  };
  const pump = (): void => {
    pumpScheduledAt = -1;
    const now = sim.now;
    while (next < n) {
      const i = next;
      const c = trace.cycle[i]!;
      const at = c >= 0 ? c * tCK : now;
      if (at > now) {
        pumpScheduledAt = at;
        sim.at(at, pump);
        return;
      }
      if (i === arrived) {
        arrival[i] = at;
        arrived++;
      }
      const req = pool.pop() ?? new TraceRequest(done);
      req.i = i;
      req.addr = trace.addr[i]!;
      req.bytes = B;
      req.write = trace.write[i] === 1;
      if (!dram.tryIssue(req)) {
        pool.push(req);
        dram.whenReady(pump);
        return;
      }
      next++;
    }
  };
  if (n > 0) sim.at(0, pump);
  sim.run();
  if (completed !== n) throw new Error(`DRAM trace replay stalled: ${completed} of ${n} requests completed (pump at ${pumpScheduledAt})`);
  dram.finish(endPs);
  let writes = 0;
  for (let i = 0; i < n; i++) writes += trace.write[i]!;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const l = latency[i]!;
    sum += l;
    if (l > max) max = l;
  }
  const sorted = latency.slice().sort();
  const actions = stats.actions();
  let hit = 0;
  let miss = 0;
  for (const [comp, a] of Object.entries(actions)) {
    if (!comp.startsWith(`${name}.`)) continue;
    hit += a['hit'] ?? 0;
    miss += a['miss'] ?? 0;
  }
  const startPs = n > 0 ? arrival[0]! : 0;
  const span = endPs - startPs;
  return {
    requests: n,
    reads: n - writes,
    writes,
    requestBytes: B,
    startPs,
    endPs,
    bytesPerSecond: span > 0 ? (n * B) / (span * 1e-12) : 0,
    peakBytesPerSecond: dram.peakBytesPerSecond,
    latencyPs: { mean: n > 0 ? sum / n : 0, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max },
    rowHitRate: hit + miss > 0 ? hit / (hit + miss) : 0,
    actions,
    busyPs: stats.busy(),
    events: sim.eventsProcessed,
  };
}
