import type { Simulator } from '../engine/simulator.js';
import type { Stats } from '../engine/stats.js';
import { RequestCounters, type MemoryPort, type MemoryRequest } from './memory.js';

/**
 * An ideal memory that answers every request a fixed latency after it is issued, with no
 * bandwidth limit and no queue: the stand-in the paper authors' Verilator testbench uses
 * (FACTS.md §1: "answers a fixed 2 cycles after it samples a request").
 */
export class IdealMemory implements MemoryPort {
  readonly peakBytesPerSecond = Infinity;
  readonly refreshIntervalPs = 0;
  readonly requestDrivenActions = ['rd', 'wr', 'bytesRead', 'bytesWritten'] as const;
  get trafficComponents(): readonly string[] {
    return [this.name];
  }
  private readonly counters: RequestCounters;

  /** @param latencyPs fixed time from issue to completion, integer ps */
  constructor(
    private readonly sim: Simulator,
    stats: Stats,
    private readonly latencyPs: number,
    readonly name = 'mem',
  ) {
    this.counters = new RequestCounters(stats, name);
  }

  tryIssue(req: MemoryRequest): boolean {
    this.counters.count(req);
    this.sim.after(this.latencyPs, () => req.onDone(this.sim.now));
    return true;
  }

  whenReady(cb: () => void): void {
    this.sim.after(0, cb);
  }

  finish(): void {}
}
