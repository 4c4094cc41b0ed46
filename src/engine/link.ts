import type { Simulator } from './simulator.js';

/** Options of a point-to-point link between two components. */
export interface LinkOptions {
  /** Delivery latency in ps. */
  latencyPs: number;
  /** Credits: messages sent but not yet released by the receiver. Infinity means no back-pressure. */
  capacity: number;
}

/**
 * A one-way link with latency and credit-based back-pressure, as between components in SST or
 * gem5: the sender may only send while it holds a credit; the receiver returns the credit with
 * `release()` once it has consumed the message. A component never reaches into another's state.
 */
export class Link<T> {
  private outstanding = 0;
  private readyWaiters: (() => void)[] = [];

  constructor(
    private readonly sim: Simulator,
    private readonly options: LinkOptions,
    private readonly deliver: (msg: T) => void,
  ) {}

  /** Whether a message may be sent now. */
  canSend(): boolean {
    return this.outstanding < this.options.capacity;
  }

  /** Sends `msg`; it is delivered after the link latency. Throws when no credit is left. */
  send(msg: T): void {
    if (!this.canSend()) throw new Error('Link.send without a credit');
    this.outstanding++;
    this.sim.after(this.options.latencyPs, () => this.deliver(msg));
  }

  /** Returns one credit to the sender and wakes a waiter, if any. */
  release(): void {
    if (this.outstanding === 0) throw new Error('Link.release without an outstanding message');
    this.outstanding--;
    const w = this.readyWaiters.shift();
    if (w) w();
  }

  /** Calls `cb` once when a credit frees (immediately-scheduled if one is free now). */
  whenReady(cb: () => void): void {
    if (this.canSend()) this.sim.after(0, cb);
    else this.readyWaiters.push(cb);
  }
}
