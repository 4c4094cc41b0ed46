import type { Counter, Stats } from '../engine/stats.js';
import type { Simulator } from '../engine/simulator.js';
import { RequestCounters, type MemoryPort, type MemoryRequest } from './memory.js';

/** A link to a host (PCIe): one direction at a time, bytes serialised at `bytesPerSecond`. */
export interface HostLinkConfig {
  bytesPerSecond: number;
  /** One-way latency of a transfer (link, switch and host memory), ps. */
  latencyPs: number;
}

/**
 * The host as a memory: what a design keeps on its host (the embedding table; the logits it sends
 * back) moves over this link. Transfers are serialised on the link in arrival order; each takes
 * its bytes at the link rate and completes `latencyPs` after its last byte left.
 */
export class HostLink implements MemoryPort {
  readonly refreshIntervalPs = 0;
  readonly requestDrivenActions = ['rd', 'wr', 'bytesRead', 'bytesWritten'] as const;
  get trafficComponents(): readonly string[] {
    return [this.name];
  }
  private freeAtPs = 0;
  private readonly counters: RequestCounters;
  private readonly busy: Counter;

  constructor(
    private readonly sim: Simulator,
    readonly config: HostLinkConfig,
    stats: Stats,
    readonly name = 'host',
  ) {
    this.counters = new RequestCounters(stats, name);
    this.busy = stats.busyCounter(name);
  }

  get peakBytesPerSecond(): number {
    return this.config.bytesPerSecond;
  }

  tryIssue(req: MemoryRequest): boolean {
    const start = Math.max(this.sim.now, this.freeAtPs);
    const wirePs = Math.ceil((req.bytes / this.config.bytesPerSecond) * 1e12);
    this.freeAtPs = start + wirePs;
    this.busy.value += wirePs;
    this.counters.count(req);
    this.sim.at(this.freeAtPs + this.config.latencyPs, () => req.onDone(this.sim.now));
    return true;
  }

  whenReady(cb: () => void): void {
    this.sim.after(0, cb);
  }

  finish(): void {}
}
