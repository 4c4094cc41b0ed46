import type { Simulator } from '../engine/simulator.js';
import type { MemoryPort, MemoryRequest } from './memory.js';

/**
 * A memory path with fixed extra latency on the way in and on the way back: the memory
 * controller's front end, clock-domain crossings and the on-chip interconnect between a core's
 * memory port and the DRAM controller (e.g. an FPGA's EMIF soft logic).
 */
export class DelayedMemoryPort implements MemoryPort {
  /** Requests that reached the controller but were refused, oldest first from `head` (the path is in order). */
  private waiting: MemoryRequest[] = [];
  private head = 0;
  private retryPending = false;
  /** Retries the waiting requests once the controller has room (one function, not one per refusal). */
  private readonly retry = (): void => {
    this.retryPending = false;
    this.drain();
  };

  constructor(
    private readonly sim: Simulator,
    private readonly inner: MemoryPort,
    private readonly requestLatencyPs: number,
    private readonly responseLatencyPs: number,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  get peakBytesPerSecond(): number {
    return this.inner.peakBytesPerSecond;
  }
  get refreshIntervalPs(): number {
    return this.inner.refreshIntervalPs;
  }
  get requestDrivenActions(): readonly string[] {
    return this.inner.requestDrivenActions;
  }
  get trafficComponents(): readonly string[] {
    return this.inner.trafficComponents;
  }

  /**
   * Accepts the request into the request path (the path itself is a pipeline with no limit);
   * back-pressure from the controller is applied when the request reaches it.
   */
  tryIssue(req: MemoryRequest): boolean {
    const forward: MemoryRequest = {
      addr: req.addr,
      bytes: req.bytes,
      write: req.write,
      onDone: () => this.sim.after(this.responseLatencyPs, () => req.onDone(this.sim.now)),
    };
    this.sim.after(this.requestLatencyPs, () => {
      this.waiting.push(forward);
      this.drain();
    });
    return true;
  }

  /** Hands waiting requests to the controller in order until it refuses one, then waits for room once. */
  private drain(): void {
    const w = this.waiting;
    if (this.head > 1024 && 2 * this.head > w.length) {
      // Drop the handed-over front of a list that never quite empties (once it is over half the
      // list and past 1024 entries, a design choice: a splice copies the rest, so not too often).
      w.splice(0, this.head);
      this.head = 0;
    }
    while (this.head < w.length) {
      if (!this.inner.tryIssue(w[this.head]!)) {
        if (!this.retryPending) {
          this.retryPending = true;
          this.inner.whenReady(this.retry, true); // the retry hands over the head again, as here
        }
        return;
      }
      w[this.head++] = undefined!;
    }
    // All handed over: start the list afresh.
    w.length = 0;
    this.head = 0;
  }

  whenReady(cb: () => void): void {
    this.sim.after(0, cb);
  }

  finish(timePs: number): void {
    this.inner.finish(timePs);
  }
}
