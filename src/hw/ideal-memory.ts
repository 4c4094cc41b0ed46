import type { Simulator } from '../engine/simulator.js';
import type { Stats } from '../engine/stats.js';
import type { MemoryPort, MemoryRequest } from './memory.js';

/**
 * An ideal memory that answers every request a fixed latency after it is issued, with no
 * bandwidth limit and no queue: the stand-in the paper authors' Verilator testbench uses
 * (FACTS.md §1: "answers a fixed 2 cycles after it samples a request").
 */
export class IdealMemory implements MemoryPort {
  readonly peakBytesPerSecond = Infinity;
  readonly refreshIntervalPs = 0;
  readonly requestDrivenActions = ['rd', 'wr'] as const;
  private readonly rd;
  private readonly wr;
  private readonly bytesRead;
  private readonly bytesWritten;

  /** @param latencyPs fixed time from issue to completion, integer ps */
  constructor(
    private readonly sim: Simulator,
    stats: Stats,
    private readonly latencyPs: number,
    readonly name = 'mem',
  ) {
    this.rd = stats.counter(name, 'rd');
    this.wr = stats.counter(name, 'wr');
    this.bytesRead = stats.counter(name, 'bytesRead');
    this.bytesWritten = stats.counter(name, 'bytesWritten');
  }

  tryIssue(req: MemoryRequest): boolean {
    if (req.write) {
      this.wr.value++;
      this.bytesWritten.value += req.bytes;
    } else {
      this.rd.value++;
      this.bytesRead.value += req.bytes;
    }
    this.sim.after(this.latencyPs, () => req.onDone(this.sim.now));
    return true;
  }

  whenReady(cb: () => void): void {
    this.sim.after(0, cb);
  }

  finish(): void {}
}
