import type { Simulator } from '../../engine/simulator.js';
import type { Stats } from '../../engine/stats.js';
import type { MemoryPort, MemoryRequest } from '../memory.js';
import { AddressMapper, DEFAULT_DRAM_MAPPING, type DramAddressCursor, type DramMappingScheme } from './address-mapping.js';
import { DramChannel, type DramCommand, type DramPagePolicy, type DramWriteQueueOptions } from './channel.js';
import type { DramRefreshMode, DramStandard } from './standard-types.js';
import { channelPeakBytesPerSecond } from './standards.js';

/** Observer of every command of every channel (traces and tests). */
export type DramSystemCommandListener = (
  channel: number,
  command: DramCommand,
  timePs: number,
  bankGroup: number,
  bank: number,
  row: number,
  unit: number,
) => void;

/** Configuration of a DRAM system: a standard (already resolved, overrides included) and its channels. */
export interface DramSystemConfig {
  /** The resolved standard (see `resolveDramStandard`). */
  standard: DramStandard;
  /** Number of independent channels (DDR4 DIMM channels, DDR5 sub-channels, HBM channels: 8 per HBM2 stack, 16 per HBM3 stack). */
  channels: number;
  /** Address mapping scheme, MSB first, CamelCase or DRAMsim3 lowercase (default `RoBaCoBgCh`, see address-mapping.ts). */
  mapping?: DramMappingScheme;
  /** Bytes that stay in one channel before the next is used (default: as the mapping places `Ch`). */
  channelInterleaveBytes?: number;
  /** Row-buffer policy (default `open`). */
  pagePolicy?: DramPagePolicy;
  /** Request-queue depth per channel (per pseudo-channel for HBM), in bursts (default 32); the read queue when `writeQueue` is set. */
  queueDepth?: number;
  /** A separate write queue per channel (sizes per pseudo-channel) with a watermark drain policy (default: none, one shared FR-FCFS queue). */
  writeQueue?: DramWriteQueueOptions;
  /** Refresh granularity (default: the standard's `defaultRefresh`). */
  refresh?: DramRefreshMode;
  /** Power a rank / pseudo-channel down after this many idle tCK (default: never). */
  powerDownIdleCycles?: number;
  /**
   * Stagger the channels' refreshes evenly over tREFI (default false: all channels refresh
   * together). Staggering hurts an in-order requester: whichever channel is refreshing blocks it.
   */
  staggerRefresh?: boolean;
  /** Optional observer of every issued command. */
  onCommand?: DramSystemCommandListener;
}

/** Default request-queue depth per channel, in bursts (DRAMsim3 and Ramulator 2 both default to 32). */
export const DEFAULT_DRAM_QUEUE_DEPTH = 32;

/** Channel actions caused by requests (fast mode extrapolates them); `ref`, `refpb` and residencies are time-driven. */
export const DRAM_REQUEST_DRIVEN_ACTIONS: readonly string[] = ['act', 'pre', 'rd', 'wr', 'hit', 'miss', 'rd.io', 'wr.io'];

/** Book-keeping of one accepted request (pooled: reused once the request has completed). */
interface RequestTracker {
  req: MemoryRequest;
  /** Bursts whose column command has not issued yet (fed or not). */
  remaining: number;
  /** Latest completion time among the bursts issued so far. */
  doneAt: number;
}

/** A scheduled `onDone` call, reused once it has fired. */
class Completion {
  req: MemoryRequest | null = null;
  t = 0;
  constructor(private readonly pool: Completion[]) {}
  readonly fire = (): void => {
    const r = this.req!;
    const t = this.t;
    this.req = null;
    this.pool.push(this);
    r.onDone(t);
  };
}

/** A request too large to ever fit the queues at once, fed burst by burst as slots free. */
interface Stream {
  tracker: RequestTracker;
  write: boolean;
  nextBurst: number;
  lastBurst: number;
}

/**
 * A DRAM system: `channels` independent channel controllers behind one address mapping, seen by
 * cores as a `MemoryPort`. A request of any length is split into bursts (busWidthBits / 8 × BL
 * bytes each; a 1-byte request still moves a whole burst), each routed to its channel by the
 * mapping; `onDone` runs when the last burst's data has been transferred.
 *
 * Timing: the channels' controllers share the DRAM clock. At each tCK edge where some channel has
 * something to do, one event steps every such channel in channel order (each issues the commands
 * due at that edge), then the front end hears once of the queue slots freed by that step: one
 * event per busy edge, not one per command. (A front end retrying on a freed slot therefore sees
 * every channel's state at the edge, as a synchronous requester would. A request that arrives at
 * an edge after its step, and can issue at that edge, steps it again.) The step event is the one
 * scheduled last: one superseded by an earlier request for a step does nothing.
 *
 * Back-pressure: `tryIssue` refuses a request when its bursts do not all fit in the free slots of
 * their channels' queues. A request larger than a channel queue could ever hold is accepted when
 * no other such request is being fed, and its bursts enter the queues in address order as slots
 * free (as a DMA front-end would split it); while it is being fed, other requests are refused.
 */
export class DramSystem implements MemoryPort {
  /** @inheritdoc */
  readonly peakBytesPerSecond: number;
  /** @inheritdoc */
  readonly refreshIntervalPs: number;
  /** @inheritdoc */
  readonly requestDrivenActions: readonly string[] = DRAM_REQUEST_DRIVEN_ACTIONS;
  get trafficComponents(): readonly string[] {
    return [this.name];
  }
  /** The address mapping in use. */
  readonly mapper: AddressMapper;
  /** Bytes per burst. */
  readonly burstBytes: number;
  /** The channel controllers; channel i counts its stats under `${name}.ch${i}`. */
  readonly channels: readonly DramChannel<RequestTracker>[];

  private readonly queueDepth: number;
  /** Walks the bursts of a request in address order (one `next` per burst instead of a decode). */
  private readonly cursor: DramAddressCursor;
  private readonly pcs: number;
  private readonly perChannel: Int32Array;
  /** The burst range whose per-channel counts `perChannel` holds (a refused request is retried as is). */
  private countedFirst = -1;
  private countedLast = -1;
  private countedTooBig = false;
  private countedWrite = false;
  private stream: Stream | null = null;
  private readonly trackers: RequestTracker[] = [];
  private readonly completions: Completion[] = [];
  /** Channel that refused the last request, and the free slots that request needs there (−1: none). */
  private blockedChannel = -1;
  private blockedNeed = 0;
  private blockedWrite = false;
  /** The last refusal came from `issueCounted`: `perChannel` holds the refused request's bursts per channel. */
  private blockedCounted = false;
  /** The first waiter retries the request refused last (see `MemoryPort.whenReady`); read while it is the only one. */
  private waitersRetryRefused = true;
  // Callbacks waiting for room: `waiters[0 .. waiterCount)`; `spare` is swapped in while they run.
  private waiters: (() => void)[] = [];
  private waiterCount = 0;
  private spare: (() => void)[] = [];
  /** Time of the next clock-edge step (Infinity: none scheduled). */
  private stepAt = Infinity;
  /** Sequence number of the live step event (see `Simulator.currentSequence`); any other is superseded. */
  private stepSeq = -1;
  private readonly stepHandler = (): void => this.stepChannels();

  /**
   * @param sim the simulator
   * @param stats where channels count actions and busy time
   * @param config standard, channel count, mapping, page policy, queue depth
   * @param name component name (channels are `${name}.ch${i}`)
   */
  constructor(
    private readonly sim: Simulator,
    stats: Stats,
    config: DramSystemConfig,
    readonly name = 'dram',
  ) {
    const std = config.standard;
    const org = std.organization;
    if (!Number.isInteger(config.channels) || config.channels < 1) {
      throw new Error(`DRAM channels must be a positive integer, got ${config.channels}`);
    }
    this.queueDepth = config.queueDepth ?? DEFAULT_DRAM_QUEUE_DEPTH;
    this.mapper = new AddressMapper(
      config.mapping ?? DEFAULT_DRAM_MAPPING,
      org,
      config.channels,
      config.channelInterleaveBytes !== undefined ? { channelInterleaveBytes: config.channelInterleaveBytes } : {},
    );
    this.burstBytes = this.mapper.burstBytes;
    this.cursor = this.mapper.cursor();
    this.pcs = org.pseudoChannels;
    this.peakBytesPerSecond = config.channels * channelPeakBytesPerSecond(std);
    this.refreshIntervalPs = std.timing.tREFI * std.timing.tCK;
    this.perChannel = new Int32Array(config.channels);
    const onIssue = (tracker: RequestTracker, doneAt: number): void => this.burstIssued(tracker, doneAt);
    const requestWake = (t: number): void => {
      if (t < this.stepAt) {
        this.stepAt = t;
        this.stepSeq = this.sim.at(t, this.stepHandler);
      }
    };
    const stagger = config.staggerRefresh ?? false;
    const channels: DramChannel<RequestTracker>[] = [];
    for (let i = 0; i < config.channels; i++) {
      const listener = config.onCommand;
      channels.push(
        new DramChannel<RequestTracker>(
          sim,
          stats,
          std,
          `${name}.ch${i}`,
          {
            pagePolicy: config.pagePolicy ?? 'open',
            queueDepth: this.queueDepth,
            refreshOffsetCycles: stagger ? Math.floor((i * std.timing.tREFI) / config.channels) : 0,
            ...(config.writeQueue ? { writeQueue: config.writeQueue } : {}),
            ...(config.refresh ? { refresh: config.refresh } : {}),
            ...(config.powerDownIdleCycles !== undefined ? { powerDownIdleCycles: config.powerDownIdleCycles } : {}),
            ...(listener ? { onCommand: (c, t, g, b, r, un) => listener(i, c, t, g, b, r, un) } : {}),
          },
          onIssue,
          requestWake,
        ),
      );
    }
    this.channels = channels;
  }

  /** @inheritdoc */
  tryIssue(req: MemoryRequest): boolean {
    const { addr, bytes } = req;
    if (!Number.isInteger(addr) || addr < 0) throw new Error(`${this.name}: request address must be a non-negative integer, got ${addr}`);
    if (!Number.isInteger(bytes) || bytes < 1) throw new Error(`${this.name}: request size must be a positive integer, got ${bytes}`);
    if (this.stream) return this.refuse(-1, 0, req.write);
    const B = this.burstBytes;
    const first = Math.floor(addr / B);
    const last = Math.floor((addr + bytes - 1) / B);
    if (first === last) {
      const a = this.cursor;
      a.seek(first);
      const ch = this.channels[a.channel]!;
      if (ch.freeSlotsFor(req.write) <= 0) return this.refuse(a.channel, 1, req.write);
      this.enqueueAt(a, req.write, this.tracker(req, 1));
      return true;
    }
    const n = last - first + 1;
    const counts = this.perChannel;
    const counted = first === this.countedFirst && last === this.countedLast && req.write === this.countedWrite;
    // A refused request retried (its counts are kept): accepted when every channel has room for its
    // share (what the check on the fullest channel below would also accept).
    if (counted && !this.countedTooBig) return this.issueCounted(req, first, last);
    let minFree = Infinity;
    for (const ch of this.channels) {
      const f = ch.freeSlotsFor(req.write);
      if (f < minFree) minFree = f;
    }
    if (n <= minFree) {
      this.enqueueRange(this.tracker(req, n), req.write, first, last);
      return true;
    }
    // Count bursts per channel; more than its whole queue in one channel makes it a stream. A
    // refused request comes back unchanged, so its counts are kept for the retry.
    let tooBig = this.countedTooBig;
    if (!counted) {
      tooBig = false;
      // More than a channel's queue could ever hold for this direction: a write queue smaller than
      // the request queue bounds writes (a write needing more than it would be refused forever).
      const limit = Math.min(this.queueDepth, this.channels[0]!.capacityFor(req.write));
      this.mapper.countBurstsPerChannel(first, last, counts);
      for (let c = 0; c < counts.length; c++) if (counts[c]! > limit) tooBig = true;
      this.countedFirst = first;
      this.countedLast = last;
      this.blockedCounted = false; // the counts now describe this request
      this.countedWrite = req.write;
      this.countedTooBig = tooBig;
    }
    if (!tooBig) return this.issueCounted(req, first, last);
    this.stream = { tracker: this.tracker(req, n), write: req.write, nextBurst: first, lastBurst: last };
    this.feed();
    return true;
  }

  /** Enqueues bursts `first`…`last` of `req` when every channel has room for its share (`perChannel`), else refuses it naming the first channel without. */
  private issueCounted(req: MemoryRequest, first: number, last: number): boolean {
    const counts = this.perChannel;
    const c = this.channelWithoutRoom(req.write);
    if (c >= 0) {
      this.refuse(c, counts[c]!, req.write);
      this.blockedCounted = true;
      return false;
    }
    this.enqueueRange(this.tracker(req, last - first + 1), req.write, first, last);
    return true;
  }

  /** The first channel without room for its share (`perChannel`) of the counted request, or −1. */
  private channelWithoutRoom(write: boolean): number {
    const counts = this.perChannel;
    for (let c = 0; c < counts.length; c++) if (counts[c]! > this.channels[c]!.freeSlotsFor(write)) return c;
    return -1;
  }

  private refuse(channel: number, need: number, write: boolean): false {
    this.blockedCounted = false;
    this.blockedChannel = channel;
    this.blockedNeed = need;
    this.blockedWrite = write;
    return false;
  }

  /**
   * Calls `cb` once, from an event, when the last refused request may fit: when the channel that
   * refused it has as many free slots as it needs there (or at once if every queue is empty). With
   * `retriesRefused` (the caller retries exactly that request) and no other waiter, only when the
   * whole request fits: the refusing channel is followed as the retry would find it.
   */
  whenReady(cb: () => void, retriesRefused = false): void {
    if (!this.stream && this.channels.every((c) => c.pending === 0)) {
      this.sim.after(0, cb);
      return;
    }
    // Read only while this is the one waiter (the waiters are all called back together).
    if (this.waiterCount === 0) this.waitersRetryRefused = retriesRefused;
    this.waiters[this.waiterCount++] = cb;
  }

  /** @inheritdoc */
  finish(timePs: number): void {
    for (const ch of this.channels) ch.finish(timePs);
  }

  private enqueueRange(tracker: RequestTracker, write: boolean, first: number, last: number): void {
    const a = this.cursor;
    a.seek(first);
    for (let i = first; i <= last; i++, a.next()) this.enqueueAt(a, write, tracker);
  }

  /** Queues the burst the cursor is at in its channel, for `tracker`. */
  private enqueueAt(a: DramAddressCursor, write: boolean, tracker: RequestTracker): void {
    this.channels[a.channel]!.enqueue(a.rank * this.pcs + a.pseudoChannel, a.bankGroup, a.bank, a.row, write, tracker);
  }

  /** A tracker for `req`, whose `bursts` have yet to issue (from the pool when one is free). */
  private tracker(req: MemoryRequest, bursts: number): RequestTracker {
    const t = this.trackers.pop();
    if (t === undefined) return { req, remaining: bursts, doneAt: 0 };
    t.req = req;
    t.remaining = bursts;
    t.doneAt = 0;
    return t;
  }

  /** Moves bursts of the pending large request into the queues, in order, until one is full. */
  private feed(): void {
    const s = this.stream!;
    const a = this.cursor;
    a.seek(s.nextBurst);
    while (s.nextBurst <= s.lastBurst) {
      const ch = this.channels[a.channel]!;
      if (ch.freeSlotsFor(s.write) <= 0) return;
      this.enqueueAt(a, s.write, s.tracker);
      s.nextBurst++;
      a.next();
    }
    this.stream = null;
  }

  private burstIssued(tr: RequestTracker, doneAt: number): void {
    if (doneAt > tr.doneAt) tr.doneAt = doneAt;
    if (--tr.remaining === 0) {
      this.complete(tr.req, tr.doneAt);
      this.trackers.push(tr);
    }
  }

  /** Calls `req.onDone(t)` from an event at `t` (pooled, so a completion allocates nothing). */
  private complete(req: MemoryRequest, t: number): void {
    const c = this.completions.pop() ?? new Completion(this.completions);
    c.req = req;
    c.t = t;
    this.sim.at(t, c.fire);
  }

  /**
   * The event of a clock edge: steps every channel due now, in channel order, tells the front end of
   * the slots freed, and takes the next edge's place in the event order (running it at once when
   * nothing else comes first).
   */
  private stepChannels(): void {
    if (this.sim.currentSequence !== this.stepSeq) return; // superseded: the step was asked for again since
    const chs = this.channels;
    for (;;) {
      const now = this.sim.now;
      let freed = 0;
      let next = Infinity;
      for (let i = 0; i < chs.length; i++) {
        const ch = chs[i]!;
        let w = ch.wakeTime;
        if (w === now) {
          freed += ch.step(now);
          w = ch.wakeTime;
        }
        if (w < next) next = w;
      }
      // The next edge is `next` unless a request accepted while the requesters hear of the freed
      // slots asks for an earlier one (an enqueue only ever moves a channel's wake-up earlier, and
      // asks for the step when it does).
      this.stepAt = next;
      this.stepSeq = -1;
      if (freed > 0) this.slotsFreed();
      if (this.stepAt < next || next === Infinity) return;
      const seq = this.sim.reserve();
      this.stepSeq = seq;
      if (!this.sim.advanceIfNext(next, seq)) {
        this.sim.atReserved(next, seq, this.stepHandler);
        return;
      }
    }
  }

  /** Channels freed queue slots (called from the clock-edge event, once every channel has acted). */
  private slotsFreed(): void {
    if (this.stream) this.feed();
    if (this.stream || this.waiterCount === 0) return;
    if (this.blockedChannel >= 0 && this.channels[this.blockedChannel]!.freeSlotsFor(this.blockedWrite) < this.blockedNeed) return;
    if (this.blockedCounted && this.waiterCount === 1 && this.waitersRetryRefused) {
      // The one waiter would retry the refused request: wait on the next channel that would refuse
      // it (as that retry would, scanning in the same order) instead of calling it back.
      const c = this.channelWithoutRoom(this.blockedWrite);
      if (c >= 0) {
        this.blockedChannel = c;
        this.blockedNeed = this.perChannel[c]!;
        return;
      }
    }
    this.blockedChannel = -1;
    // Wake the waiters from this event; any that fail again re-register for the next free slot.
    const w = this.waiters;
    const n = this.waiterCount;
    this.waiters = this.spare;
    this.waiterCount = 0;
    this.spare = w;
    for (let i = 0; i < n; i++) {
      const cb = w[i]!;
      w[i] = undefined!;
      cb();
    }
  }
}
