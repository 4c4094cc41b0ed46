import { EventQueue } from './event-queue.js';

/** A callback run when its event fires; it reads the current time from the simulator. */
export type EventHandler = () => void;

/**
 * The discrete-event kernel: integer-picosecond time and a deterministic event queue.
 * Components schedule callbacks (not promises: a callback step is far cheaper than an await).
 */
export class Simulator {
  private readonly queue = new EventQueue<EventHandler>();
  private nowPs = 0;
  private nowSequence = -1;
  private processed = 0;
  private stopped = false;
  private untilPs = Infinity;

  /** Current simulated time in picoseconds. */
  get now(): number {
    return this.nowPs;
  }

  /**
   * Insertion sequence number of the event running now (as `at` returned it, or `reserve`): lets a
   * component that reschedules itself tell its live event from superseded ones at the same time.
   */
  get currentSequence(): number {
    return this.nowSequence;
  }

  /** Number of events executed so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Number of events waiting. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Schedules `handler` at absolute time `timePs` (integer, not in the past). Lower priority runs
   * first on ties. Returns the event's insertion sequence number (see `currentSequence`).
   */
  at(timePs: number, handler: EventHandler, priority = 0): number {
    this.checkTime(timePs);
    return this.queue.push(timePs, priority, handler);
  }

  /** Schedules `handler` `delayPs` after now; returns its sequence number, as `at` does. */
  after(delayPs: number, handler: EventHandler, priority = 0): number {
    return this.at(this.nowPs + delayPs, handler, priority);
  }

  /**
   * Takes the place in the event order of an event scheduled now, without scheduling it yet: the
   * caller later either schedules it with `atReserved` or, when `advanceIfNext` allows, runs it
   * directly. Lets a component that schedules its own next step skip the queue when nothing else
   * comes first, in exactly the order the queue would have given.
   */
  reserve(): number {
    return this.queue.reserveSequence();
  }

  /** Schedules `handler` at `timePs` (priority 0) in the place taken by `reserve` (returned `sequence`). */
  atReserved(timePs: number, sequence: number, handler: EventHandler): void {
    this.checkTime(timePs);
    this.queue.pushInLane(timePs, sequence, handler);
  }

  /**
   * For the event reserved as `sequence` at `timePs` (priority 0), called from the event running
   * now: if it is the next one `run` would execute (nothing queued sorts before it, `stop` was
   * not called, it lies within `run`'s limit), advances time to it, counts it and returns true;
   * the caller then runs it in place. Otherwise returns false and changes nothing.
   */
  advanceIfNext(timePs: number, sequence: number): boolean {
    this.checkTime(timePs);
    if (this.stopped || timePs > this.untilPs || !this.queue.firstIsAfter(timePs, 0, sequence)) return false;
    this.nowPs = timePs;
    this.nowSequence = sequence;
    this.processed++;
    return true;
  }

  /** Runs events until the queue is empty, `stop()` is called, or the next event lies beyond `untilPs`. */
  run(untilPs = Infinity): void {
    this.stopped = false;
    this.untilPs = untilPs;
    const q = this.queue;
    while (!this.stopped) {
      const h = q.popUntil(untilPs);
      if (h === undefined) break;
      this.nowPs = q.poppedTime;
      this.nowSequence = q.poppedSequence;
      this.processed++;
      h();
    }
  }

  /** Refuses an event time that is not a whole ps or lies in the past. */
  private checkTime(timePs: number): void {
    if (!Number.isInteger(timePs)) throw new Error(`event time must be an integer number of ps, got ${timePs}`);
    if (timePs < this.nowPs) throw new Error(`event scheduled in the past: ${timePs} ps < now ${this.nowPs} ps`);
  }

  /** Stops `run` after the current event. */
  stop(): void {
    this.stopped = true;
  }
}
