import type { ClockDomain } from '../engine/clock.js';
import type { Counter, Stats } from '../engine/stats.js';
import type { Simulator } from '../engine/simulator.js';
import type { MemoryPort, MemoryRequest } from './memory.js';

/**
 * The on-chip bus between the memory controller and the cores: every request's data crosses it at
 * `bytesPerCycle` of the core clock, one transfer at a time, first come first served (the weight
 * streams of every core and the load/store unit arbitrate here). A read's data crosses after the
 * memory delivered it; a write's is counted on the same path when the memory finishes it (the
 * bus time is the same either way; only its place in the write differs, a stated simplification).
 */
export class OnChipBus implements MemoryPort {
  private freeAtPs = 0;
  private readonly busy: Counter;
  private readonly bytes: Counter;

  constructor(
    private readonly sim: Simulator,
    private readonly clock: ClockDomain,
    private readonly inner: MemoryPort,
    readonly bytesPerCycle: number,
    stats: Stats,
    readonly busName = 'bus',
  ) {
    this.busy = stats.busyCounter(busName);
    this.requestDrivenActions = [...inner.requestDrivenActions, 'bytes'];
    this.trafficComponents = [...inner.trafficComponents, busName];
    this.bytes = stats.counter(busName, 'bytes');
  }

  get name(): string {
    return this.inner.name;
  }
  get peakBytesPerSecond(): number {
    return Math.min(this.inner.peakBytesPerSecond, (this.bytesPerCycle * 1e12) / this.clock.periodPs);
  }
  get refreshIntervalPs(): number {
    return this.inner.refreshIntervalPs;
  }
  /** The memory's request-driven actions and the bus's `bytes` (fast mode asks per counter: computed once). */
  readonly requestDrivenActions: readonly string[];
  /** The memory's traffic components and the bus. */
  readonly trafficComponents: readonly string[];

  tryIssue(req: MemoryRequest): boolean {
    return this.inner.tryIssue({
      addr: req.addr,
      bytes: req.bytes,
      write: req.write,
      onDone: (t) => {
        const start = Math.max(this.clock.edgeAtOrAfter(t), this.freeAtPs);
        const cycles = Math.ceil(req.bytes / this.bytesPerCycle);
        this.freeAtPs = start + this.clock.cycles(cycles);
        this.busy.value += this.clock.cycles(cycles);
        this.bytes.value += req.bytes;
        this.sim.at(this.freeAtPs, () => req.onDone(this.sim.now));
      },
    });
  }

  whenReady(cb: () => void, retriesRefused?: boolean): void {
    this.inner.whenReady(cb, retriesRefused);
  }

  finish(timePs: number): void {
    this.inner.finish(timePs);
  }
}
