import type { ClockDomain } from '../engine/clock.js';
import type { Counter, Stats } from '../engine/stats.js';
import type { Simulator } from '../engine/simulator.js';
import type { MemoryPort } from './memory.js';
import type { StreamReaderConfig } from './stream-reader.js';

/**
 * The load/store unit: moves one vector between memory and the core in requests of
 * `requestBytes`, at most `maxOutstanding` in flight, one issue per core cycle, the next issue
 * `reissueCycles` after a response when all slots are busy. The paper core's unit moves one byte
 * per access with one access in flight, so the DDR round trip sets its speed.
 */
export class TransferEngine {
  private readonly bytesMoved: Counter;

  constructor(
    private readonly sim: Simulator,
    private readonly clock: ClockDomain,
    private readonly port: MemoryPort,
    private readonly config: StreamReaderConfig,
    stats: Stats,
    readonly name = 'loadStore',
    /**
     * Fast mode: ask the port for each response's time at issue (MemoryRequest.onScheduled) and
     * issue the next request from the response's clock-edge event, one event per request.
     */
    private readonly completionsAtIssue = false,
  ) {
    this.bytesMoved = stats.counter(name, 'bytes');
  }

  /** Transfers `bytes` at `addr` (a read for a load, a write for a store); calls `onDone` at the core edge after the last response. */
  transfer(addr: number, bytes: number, write: boolean, onDone: () => void): void {
    const { requestBytes, maxOutstanding, reissueCycles } = this.config;
    const period = this.clock.periodPs;
    let next = addr;
    let remaining = bytes;
    let outstanding = 0;
    let nextIssuePs = this.clock.edgeAtOrAfter(this.sim.now);
    let pumpAt = -1;
    this.bytesMoved.value += bytes;

    const schedule = (t: number): void => {
      const edge = this.clock.edgeAtOrAfter(Math.max(t, nextIssuePs));
      if (pumpAt !== -1 && pumpAt <= edge) return;
      pumpAt = edge;
      this.sim.at(edge, () => {
        if (pumpAt !== edge) return;
        pumpAt = -1;
        pump();
      });
    };
    // A response reaches the core (an event at the clock edge it is seen on): a slot frees.
    const responseSeen = (): void => {
      const edge = this.sim.now;
      outstanding--;
      nextIssuePs = Math.max(nextIssuePs, edge + reissueCycles * period);
      if (remaining === 0 && outstanding === 0) onDone();
      else if (this.completionsAtIssue && nextIssuePs <= edge && pumpAt === -1) pump();
      else schedule(edge);
    };
    // One function for every request of the transfer: the response carries nothing of its own.
    const response = (t: number): void => {
      this.sim.at(this.clock.edgeAtOrAfter(t), responseSeen);
    };
    const pump = (): void => {
      if (remaining === 0 || outstanding >= maxOutstanding) return;
      const n = Math.min(requestBytes, remaining);
      const ok = this.port.tryIssue(this.completionsAtIssue ? { addr: next, bytes: n, write, onDone: response, onScheduled: response } : { addr: next, bytes: n, write, onDone: response });
      if (!ok) {
        this.port.whenReady(() => schedule(this.sim.now));
        return;
      }
      outstanding++;
      next += n;
      remaining -= n;
      nextIssuePs = this.sim.now + period;
      // With every slot taken (or nothing left to issue), the next response schedules the pump.
      if (remaining > 0 && outstanding < maxOutstanding) schedule(nextIssuePs);
    };
    if (bytes === 0) this.sim.after(0, onDone);
    else schedule(this.sim.now);
  }
}
