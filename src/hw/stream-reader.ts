import type { ClockDomain } from '../engine/clock.js';
import type { Simulator } from '../engine/simulator.js';
import type { MemoryPort } from './memory.js';
import type { StreamBuffer } from './sram-buffer.js';

/** Configuration of a DMA stream reader. */
export interface StreamReaderConfig {
  /** Bytes per memory request. */
  requestBytes: number;
  /** Requests in flight at most. */
  maxOutstanding: number;
  /** Core cycles after a response before the reader may issue its next request. */
  reissueCycles: number;
  /**
   * Announce each response's arrival to the buffer ahead (StreamBuffer.arriveAt) instead of
   * scheduling it: fast mode, where most arrivals inside a double-buffer half wake no one.
   */
  announceArrivals?: boolean;
}

/**
 * A DMA engine that streams a contiguous region of memory into a StreamBuffer: it issues at most
 * one request per core cycle, keeps at most `maxOutstanding` in flight, never overruns the
 * buffer, splits a request at a double buffer's half boundary (each half is filled by requests of
 * its own, so a request never waits for room in two halves), and sees each response at the core's next clock edge; the data becomes readable after
 * the buffer's SRAM write latency.
 */
export class StreamReader {
  /** Segments still to request, in order: [addr, bytes]; the first is the current one. */
  private readonly segments: [number, number][] = [];
  private addr = 0;
  private remaining = 0;
  private outstanding = 0;
  /** Earliest core-clock time the next request may issue. */
  private nextIssuePs = 0;
  private pumpAt = -1;
  private paused = false;

  constructor(
    private readonly sim: Simulator,
    private readonly clock: ClockDomain,
    private readonly port: MemoryPort,
    private readonly buffer: StreamBuffer,
    private readonly config: StreamReaderConfig,
  ) {}

  /** Requests in flight now. */
  get inFlight(): number {
    return this.outstanding;
  }

  /** Bytes of the current segment not yet requested. */
  get bytesRemaining(): number {
    return this.remaining;
  }

  /** Queues `bytes` from `addr` to stream after whatever is queued already, and starts if idle. */
  start(addr: number, bytes: number): void {
    if (bytes <= 0) return;
    this.segments.push([addr, bytes]);
    if (this.remaining === 0) this.nextSegment();
    this.schedulePump(this.sim.now);
  }

  private nextSegment(): void {
    const seg = this.segments.shift();
    if (!seg) return;
    [this.addr, this.remaining] = seg;
  }

  /** Stops issuing (fast mode); returns without touching requests already in flight. */
  pause(): void {
    this.paused = true;
  }

  /**
   * Fast mode: skips the next `bytes` of the stream (accounted for by extrapolation) and resumes
   * issuing at `resumePs`.
   */
  skipAndResume(bytes: number, resumePs: number): void {
    if (bytes > this.remaining) throw new Error(`StreamReader: cannot skip ${bytes} B past the current segment (${this.remaining} B left)`);
    this.addr += bytes;
    this.remaining -= bytes;
    if (this.remaining === 0) this.nextSegment();
    this.buffer.skip(bytes, this.config.requestBytes);
    this.sim.at(Math.max(resumePs, this.sim.now), () => {
      this.paused = false;
      this.schedulePump(this.sim.now);
    });
  }

  /** A response reaches the core (an event at the clock edge it is seen on): a slot frees. */
  private readonly responseSeen = (): void => {
    const edge = this.sim.now;
    this.outstanding--;
    this.nextIssuePs = Math.max(this.nextIssuePs, edge + this.clock.cycles(this.config.reissueCycles));
    // Fast mode issues in this event when it may (one event per response, not two).
    if (this.config.announceArrivals && this.nextIssuePs <= edge && this.pumpAt === -1) this.pump();
    else this.schedulePump(edge);
  };

  private schedulePump(t: number): void {
    const edge = this.clock.edgeAtOrAfter(Math.max(t, this.nextIssuePs));
    if (this.pumpAt !== -1 && this.pumpAt <= edge) return;
    this.pumpAt = edge;
    this.sim.at(edge, () => {
      if (this.pumpAt !== edge) return; // superseded by an earlier pump
      this.pumpAt = -1;
      this.pump();
    });
  }

  private pump(): void {
    if (this.paused || this.remaining === 0 || this.outstanding >= this.config.maxOutstanding) return;
    const bytes = Math.min(this.config.requestBytes, this.remaining, this.buffer.bytesToHalfEnd(this.buffer.issued));
    if (this.buffer.freeForIssue() < bytes) {
      this.buffer.onSpace(() => this.schedulePump(this.sim.now));
      return;
    }
    const onDone = (t: number): void => {
      // The core sees the response at its next clock edge.
      const edge = this.clock.edgeAtOrAfter(t);
      this.sim.at(edge, this.responseSeen);
      // The data is readable once its SRAM write has completed.
      const arrival = edge + this.clock.cycles(this.buffer.config.latencyCycles);
      if (this.config.announceArrivals) this.buffer.arriveAt(arrival, bytes);
      else this.sim.at(arrival, () => this.buffer.arrive(bytes));
    };
    // Announcing arrivals, the handler only schedules later events: it may run at issue.
    const accepted = this.port.tryIssue(this.config.announceArrivals ? { addr: this.addr, bytes, write: false, onDone, onScheduled: onDone } : { addr: this.addr, bytes, write: false, onDone });
    if (!accepted) {
      this.port.whenReady(() => this.schedulePump(this.sim.now));
      return;
    }
    this.buffer.issue(bytes);
    this.outstanding++;
    this.addr += bytes;
    this.remaining -= bytes;
    if (this.remaining === 0) this.nextSegment();
    // One request per cycle at most. With every slot taken, the next response schedules the pump.
    this.nextIssuePs = this.sim.now + this.clock.periodPs;
    if (this.outstanding < this.config.maxOutstanding) this.schedulePump(this.nextIssuePs);
  }
}
