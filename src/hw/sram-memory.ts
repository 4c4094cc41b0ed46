import type { ClockDomain } from '../engine/clock.js';
import type { Counter, Stats } from '../engine/stats.js';
import type { Simulator } from '../engine/simulator.js';
import type { MemoryPort, MemoryRequest } from './memory.js';

/** An on-chip SRAM that holds the weights (weight-stationary designs). */
export interface SramMemoryConfig {
  capacityBytes: number;
  /** Independent banks, word-interleaved: word w of the address space lives in bank w mod banks. */
  banks: number;
  /** Bits each bank reads or writes per cycle. */
  widthBits: number;
  /** Cycles from a word's access to its data at the requester. */
  latencyCycles: number;
}

/**
 * A banked on-chip SRAM as the memory a design's weight stream and loads/stores use. Every bank
 * serves one word a cycle; a request's words go to consecutive banks, each at the first cycle its
 * bank is free (requests that land on busy banks wait: bank conflicts). The request completes
 * `latencyCycles` after its last word. No refresh; never refuses a request.
 */
export class SramMemory implements MemoryPort {
  readonly peakBytesPerSecond: number;
  readonly refreshIntervalPs = 0;
  readonly requestDrivenActions = ['read', 'write', 'conflictCycles'] as const;
  get trafficComponents(): readonly string[] {
    return [this.name];
  }
  private readonly wordBytes: number;
  /** The first cycle (core clock) each bank is free. */
  private readonly bankFree: Float64Array;
  private readonly reads: Counter;
  private readonly writes: Counter;
  private readonly conflicts: Counter;
  private readonly busy: Counter;

  constructor(
    private readonly sim: Simulator,
    private readonly clock: ClockDomain,
    readonly config: SramMemoryConfig,
    stats: Stats,
    readonly name = 'weightSram',
  ) {
    this.wordBytes = config.widthBits / 8;
    this.bankFree = new Float64Array(config.banks);
    this.peakBytesPerSecond = (config.banks * this.wordBytes * 1e12) / clock.periodPs;
    this.reads = stats.counter(name, 'read');
    this.writes = stats.counter(name, 'write');
    this.conflicts = stats.counter(name, 'conflictCycles');
    this.busy = stats.busyCounter(name);
  }

  tryIssue(req: MemoryRequest): boolean {
    const { banks, latencyCycles } = this.config;
    const period = this.clock.periodPs;
    const start = Math.round(this.clock.edgeAtOrAfter(this.sim.now) / period);
    const first = Math.floor(req.addr / this.wordBytes);
    const words = Math.ceil((req.addr + req.bytes) / this.wordBytes) - first;
    let last = start;
    // Words beyond one per bank queue behind each other in their bank; only the banks touched matter.
    const touched = Math.min(words, banks);
    for (let i = 0; i < touched; i++) {
      const b = (first + i) % banks;
      const perBank = Math.floor(words / banks) + (i < words % banks ? 1 : 0);
      const at = Math.max(start, this.bankFree[b]!);
      this.conflicts.value += at - start;
      this.bankFree[b] = at + perBank;
      last = Math.max(last, at + perBank - 1);
    }
    (req.write ? this.writes : this.reads).value += words;
    // Busy as the share of bank-cycles used: words / banks cycles of the whole array.
    this.busy.value += (words / banks) * period;
    const done = (last + 1 + latencyCycles) * period;
    this.sim.at(done, () => req.onDone(this.sim.now));
    return true;
  }

  whenReady(cb: () => void): void {
    this.sim.after(0, cb);
  }

  finish(): void {}
}
