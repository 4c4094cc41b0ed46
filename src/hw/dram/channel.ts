import { ClockDomain } from '../../engine/clock.js';
import { BankLists } from './bank-lists.js';
import type { Simulator } from '../../engine/simulator.js';
import type { Counter, Stats } from '../../engine/stats.js';
import type { DramRefreshMode, DramStandard } from './standard-types.js';

/**
 * Row-buffer policy. `open`: a row stays open until a request to another row of the bank needs
 * it closed (or refresh closes it). `closed`: a column command auto-precharges (RDA/WRA) when
 * no other queued request hits the same row.
 */
export type DramPagePolicy = 'open' | 'closed';

/**
 * Commands a channel issues. `PREA` precharges all banks before an all-bank refresh; `REF` is
 * all-bank refresh (every rank / pseudo-channel of the channel), `REFpb` per-bank refresh.
 */
export type DramCommand = 'ACT' | 'PRE' | 'PREA' | 'RD' | 'WR' | 'REF' | 'REFpb';

/**
 * Observer of issued commands (traces and tests): command, issue time in ps, the bank it addresses
 * (bankGroup = bank = row = −1 for PREA and REF) and the unit (rank × pseudoChannels + pseudo-channel;
 * −1 for PREA and REF). An auto-precharge (closed page) reports `PRE` at the time the bank starts
 * precharging.
 */
export type DramCommandListener = (command: DramCommand, timePs: number, bankGroup: number, bank: number, row: number, unit: number) => void;

/**
 * A separate write queue drained in bursts: writes wait while reads are served, until the write
 * queue holds `highWatermark` bursts (or no read is waiting); then writes are served until it is
 * down to `lowWatermark` (or empty) with reads waiting.
 */
export interface DramWriteQueueOptions {
  /** Bursts the write queue holds. */
  depth: number;
  /** Start draining writes at this many queued writes. */
  highWatermark: number;
  /** Stop draining (when reads wait) at this many queued writes. */
  lowWatermark: number;
}

/** A write queue of `depth` bursts drained from 3/4 full down to 1/4 (a common controller default; assumption). */
export function watermarkWriteQueue(depth: number): DramWriteQueueOptions {
  return { depth, highWatermark: Math.ceil((depth * 3) / 4), lowWatermark: Math.floor(depth / 4) };
}

/** Options of one channel controller. */
export interface DramChannelOptions {
  /** Row-buffer policy. */
  pagePolicy: DramPagePolicy;
  /**
   * Bursts the request queue holds per pseudo-channel (the read queue when `writeQueue` is set;
   * a channel of 2 pseudo-channels queues twice as many, as if each had its own controller); FR-FCFS
   * looks at all of them.
   */
  queueDepth: number;
  /** A separate write queue with a watermark drain policy; without it reads and writes share one FR-FCFS queue. */
  writeQueue?: DramWriteQueueOptions;
  /** Refresh granularity (default: the standard's `defaultRefresh`). */
  refresh?: DramRefreshMode;
  /** Power down a rank / pseudo-channel after it has been idle this many tCK (default: never). */
  powerDownIdleCycles?: number;
  /** Time of the first all-bank refresh after tREFI, in tCK cycles (stagger between channels); default 0. */
  refreshOffsetCycles?: number;
  /** Optional command observer. */
  onCommand?: DramCommandListener;
}

const KIND_ACT = 0;
const KIND_PRE = 1;
const KIND_COL = 2;
const KIND_REFPRE = 3; // precharge of a bank due for per-bank refresh
const KIND_REFPB = 4;
// A bank's cached candidate in one number: its kind, with WRITE added for a column write; NONE: recompute.
const CODE_NONE = -1;
const CODE_WRITE = 4;
const CODE_RD = KIND_COL;
const CODE_WR = KIND_COL + CODE_WRITE;

/**
 * One DRAM channel: its controller and the ranks / pseudo-channels ("units") behind it,
 * cycle-accurate and event-driven. The controller keeps, per bank, the open row and the earliest
 * legal time of the next ACT / RD / WR / PRE; per bank group the tCCD_L / tRRD_L / tWTR_L windows;
 * per unit the tCCD_S / tRRD_S / tWTR_S / tRTW windows, rank-switch gaps (tRTRS), data-bus
 * occupancy (BL / dataRate tCK per burst), the tFAW window of its last four ACTs and its power-down
 * state; channel-wide the command bus(es). It evaluates which command can issue earliest (FR-FCFS:
 * among commands legal at that time, row hits first, then the oldest request), asks its owner to
 * step it at that tCK edge (`requestWake`, then `step`), issues, and re-evaluates; it never ticks
 * and schedules no event itself (DramSystem steps all its channels from one event per edge). `O`
 * is what the owner of a burst gives `enqueue` and gets back from `onIssue` (DramSystem: its
 * request's tracker).
 *
 * Refresh is all-bank (REF every tREFI to every unit at once: open rows are drained, PREA, REF,
 * tRFC) or per-bank (REFpb every tREFIpb per unit, each bank once per round, idle closed banks
 * first; the bank is unavailable for tRFCpb while the others work). Both are processed lazily: an
 * idle channel leaves no event behind; when it next acts (or at `finish`) every refresh that fell
 * due is placed at its due time, or at the first legal time after it.
 *
 * Stats (under `name`): actions `act`, `pre` (explicit, auto- and refresh precharges, one per bank
 * closed), `rd`, `wr`, `ref`, `hit` / `miss` (column commands to a row already open / just opened
 * for them), `rd.io` / `wr.io` (bursts through the I/O, for the interface energy), `refpb`
 * (per-bank refresh only) and residencies in ps summed over units: `rowOpen` (at least one bank
 * open), `actPdn` / `prePdn` (powered down with / without open banks; power-down only).
 * Busy time = data-bus time of all bursts.
 */
export class DramChannel<O> {
  /** The command clock (period tCK). All commands issue on its edges. */
  readonly clock: ClockDomain;
  /** Bytes per burst: busWidthBits / 8 × BL. */
  readonly burstBytes: number;
  /** Data-bus time of one burst in ps: BL / dataRate × tCK. */
  readonly burstPs: number;
  /** Ranks × pseudo-channels: independently timed bank sets. */
  readonly units: number;
  /** Refresh granularity in use. */
  readonly refreshMode: DramRefreshMode;

  // --- timing in ps ---
  private readonly tCK: number;
  private readonly tRCD: number;
  private readonly tRCDWR: number;
  private readonly tRP: number;
  private readonly tRAS: number;
  private readonly tRC: number;
  private readonly tRRD_S: number;
  private readonly tRRD_L: number;
  private readonly tFAW: number;
  private readonly tCCD_L: number;
  private readonly tColToColS: number; // max(tCCD_S, burst): same-unit column spacing, same direction
  private readonly tRTW: number;
  private readonly tRTP: number;
  private readonly tWriteToPre: number; // tCWL + burst + tWR
  private readonly tWriteToReadS: number; // tCWL + burst + tWTR_S
  private readonly tWriteToReadL: number; // tCWL + burst + tWTR_L
  private readonly readLatency: number; // tCL + burst
  private readonly writeLatency: number; // tCWL + burst
  private readonly tCL: number;
  private readonly tCWL: number;
  private readonly tRTRS: number;
  private readonly tRFC: number;
  private readonly tREFI: number;
  private readonly tRFCpb: number;
  private readonly tREFIpb: number;
  private readonly tRREFD: number;
  private readonly tXP: number;
  private readonly tCKE: number;

  // --- organisation ---
  private readonly banks: number; // all banks of all units
  private readonly banksPerUnit: number;
  private readonly banksPerGroup: number;
  private readonly pseudoChannels: number;
  private readonly ranks: number;
  private readonly sharedCommandBus: boolean;
  private readonly closedPage: boolean;
  private readonly queueDepth: number;
  private readonly split: boolean;
  private readonly writeDepth: number;
  private readonly writeHigh: number;
  private readonly writeLow: number;
  private readonly perBank: boolean;
  private readonly pdIdle: number; // ps of idleness before power-down; Infinity = never

  // --- per-bank state (index = unit × banksPerUnit + bankGroup × banksPerGroup + bank) ---
  private readonly unitOf: Int32Array; // bank index → unit
  private readonly groupOf: Int32Array; // bank index → bank-group index
  private readonly openRow: Int32Array;
  private readonly fresh: Uint8Array; // opened by an ACT whose column command has not issued yet
  private readonly lastUse: Float64Array; // time of the bank's last column command
  // --- per-bank candidate cache (what the bank needs next; its time is computed at evaluation) ---
  // Kind of the candidate (+ CODE_WRITE for a column write, read here: no pointer chase to the
  // burst), or CODE_NONE: recompute (queue, open row or served queue changed).
  private readonly cCode: Int8Array;
  private readonly cSeqOf: Float64Array;
  private readonly cSlotOf: Int32Array; // the candidate's burst (slot), and the burst queued before it (−1: none)
  private readonly cPrevOf: Int32Array;
  // A lower bound of the candidate's time: its bank's, group's and unit's bounds when it is filled,
  // then the time last computed for it (−Infinity after a conflict became a hit). Every input of
  // that time only grows while the candidate stands, so it stays a bound.
  private readonly cLow: Float64Array;
  // Per unit, a lower bound of the time of any of its banks' ACT / PRE candidates (the minimum of
  // their cLow at the last scan that saw every bank, lowered when one is filled or timed as ACT /
  // PRE; −Infinity once a bank's candidate is reset): lets the scan skip a unit whose column bounds
  // are already too late, as in a stream most units' are.
  private readonly uRowLow: Float64Array;
  private readonly nextAct: Float64Array;
  private readonly nextRd: Float64Array;
  private readonly nextWr: Float64Array;
  private readonly nextPre: Float64Array;
  // Per-bank queues of bursts, linked through `sNext` (slots; −1: empty / end).
  private readonly head: Int32Array; // reads (or everything, without a write queue)
  private readonly tail: Int32Array;
  private readonly wHead: Int32Array; // writes, with a write queue
  private readonly wTail: Int32Array;
  // --- queued bursts, one slot each (as many as the queues hold): owner, row, arrival order, next, direction ---
  private readonly sOwner: (O | undefined)[];
  private readonly sRow: Int32Array;
  private readonly sSeq: Float64Array;
  private readonly sNext: Int32Array;
  private readonly sWrite: Uint8Array;
  private readonly freeSlotStack: Int32Array;
  private freeTop: number;
  // Banks with a non-empty queue, per unit, as a doubly linked list (FR-FCFS scans only these; its
  // order is total, so the scan order does not change the choice): unit u's reads (or all, without
  // a write queue) in `reads`, its writes in `writes`. Without a write queue, while `uSorted[u]` is 1 the
  // unit's banks all have a candidate and are listed in the order of its request (cSeqOf, oldest
  // first), so that a scan may stop at the first candidate nothing after it can beat; a bank whose
  // candidate changed moves to its place from the back (its next request is most often the newest).
  private readonly reads: BankLists;
  private readonly writes: BankLists;
  private readonly uSorted: Uint8Array;
  private readonly sortScratch: Int32Array;
  private readonly f64 = new Float64Array(1);
  /** Unit of the last command issued: FR-FCFS scans the units from the next one (see `evaluate`). */
  private lastUnit = 0;
  // --- per-bank-group state (index = unit × bankGroups + bankGroup = bank index / banksPerGroup) ---
  private readonly bgNextAct: Float64Array;
  private readonly bgNextRd: Float64Array;
  private readonly bgNextWr: Float64Array;
  // --- per-unit state ---
  private readonly uNextAct: Float64Array;
  private readonly uNextRd: Float64Array;
  private readonly uNextWr: Float64Array;
  private readonly faw: Float64Array; // 4 per unit
  private readonly fawIdx: Int32Array;
  private readonly uQueued: Int32Array;
  private readonly uOpenBanks: Int32Array;
  private readonly uBusyUntil: Float64Array;
  private readonly uIdleSince: Float64Array; // −1 while the unit has queued bursts
  private readonly pdFrom: Float64Array; // start of power-down residency not yet counted
  private readonly pdStart: Float64Array; // power-down entry of the current idle period
  private readonly pdCut: Float64Array; // refresh time inside the current idle period's power-down
  private readonly pdRefreshed: Uint8Array; // a refresh closed the banks during this power-down
  private readonly pdAvail: Float64Array; // power-down exit: no command of the unit before this
  private readonly oStart: Float64Array; // row-open residency: merged interval [oStart, oEnd)
  private readonly oEnd: Float64Array;
  private readonly oOpenEnded: Int32Array; // open banks whose close time is not known yet
  private readonly pbDue: Float64Array;
  private readonly pbTarget: Int32Array; // bank chosen for the next per-bank refresh, −1: none yet
  private readonly pbDone: Float64Array; // banks refreshed this round (bit mask)
  private readonly pbNextRef: Float64Array; // tRREFD after the last REFpb
  private readonly pbFull: number;
  // --- channel state ---
  private rowCmdFree = 0;
  private colCmdFree = 0;
  private nextRefreshDue: number;
  /** While ≥ 0: a refresh is due and the channel drains open rows until this time, when PREA issues. */
  private drainUntil = -1;
  private writeMode = false;

  private queued = 0;
  private rQueued = 0;
  private wQueued = 0;
  private seqCounter = 0;
  private wakeAt = Infinity;
  private enqueueNow = -1; // time of the last enqueue, and its tCK edge
  private enqueueNowE = 0;

  // --- result of the last evaluation ---
  private bestTime = Infinity;
  private bestKind = KIND_ACT;
  private bestSeq = Infinity;
  private bestBank = -1;
  private bestSlot = -1;
  private bestPrev = -1;
  /** Whether the best-command fields still describe the queue and state (no change since `evaluate`). */
  private bestValid = false;
  /**
   * The best command stood when a burst was appended behind it. Until the next step the channel
   * asks for steps as if it had to re-evaluate (which it did before it kept such a best): with a
   * write queue, a burst queued for the other direction still asks for a step at once.
   */
  private bestKept = false;
  // --- result of the last `candidate` ---
  private cKind = KIND_ACT;
  private cSeq = 0;
  private cSlot = -1;
  private cPrev = -1;

  // --- stats ---
  private readonly cAct: Counter;
  private readonly cPre: Counter;
  private readonly cRd: Counter;
  private readonly cWr: Counter;
  private readonly cRef: Counter;
  private readonly cRefpb: Counter | null;
  private readonly cHit: Counter;
  private readonly cMiss: Counter;
  private readonly cRdIo: Counter;
  private readonly cWrIo: Counter;
  private readonly cRowOpen: Counter;
  private readonly cActPdn: Counter | null;
  private readonly cPrePdn: Counter | null;
  private readonly cBusy: Counter;
  private readonly onCommand: DramCommandListener | undefined;

  /**
   * @param sim the simulator
   * @param stats where actions and busy time are counted
   * @param standard resolved standard (organisation + timing)
   * @param name component name in stats, e.g. `dram.ch0`
   * @param options page policy, queue depths, refresh mode, power-down, refresh offset, command observer
   * @param onIssue called when a burst's column command issues, with its owner and the time its last data beat completes
   * @param requestWake asks the owner to call `step` at the given time (an earlier one than any asked
   *   for since the last step); called from `enqueue`, never from `step` (the owner reads `wakeTime` after it)
   */
  constructor(
    private readonly sim: Simulator,
    stats: Stats,
    standard: DramStandard,
    readonly name: string,
    options: DramChannelOptions,
    private readonly onIssue: (owner: O, doneTimePs: number) => void,
    private readonly requestWake: (timePs: number) => void,
  ) {
    const org = standard.organization;
    const t = standard.timing;
    const posInt = (v: number) => Number.isInteger(v) && v >= 1;
    if (!posInt(options.queueDepth)) throw new Error(`DRAM channel ${name}: queueDepth must be a positive integer, got ${options.queueDepth}`);
    const burstCycles = org.burstLength / standard.dataRate;
    if (!Number.isInteger(burstCycles) || burstCycles < 1) {
      throw new Error(`DRAM ${standard.name}: BL / dataRate must be a whole number of tCK, got ${burstCycles}`);
    }
    this.clock = new ClockDomain(`${name}.tCK`, t.tCK);
    const ck = t.tCK;
    this.tCK = ck;
    this.burstBytes = (org.busWidthBits / 8) * org.burstLength;
    this.burstPs = burstCycles * ck;
    this.tRCD = t.tRCD * ck;
    this.tRCDWR = t.tRCDWR * ck;
    this.tRP = t.tRP * ck;
    this.tRAS = t.tRAS * ck;
    this.tRC = t.tRC * ck;
    this.tRRD_S = t.tRRD_S * ck;
    this.tRRD_L = t.tRRD_L * ck;
    this.tFAW = t.tFAW * ck;
    this.tCCD_L = Math.max(t.tCCD_L, burstCycles) * ck;
    this.tColToColS = Math.max(t.tCCD_S, burstCycles) * ck;
    this.tRTW = t.tRTW * ck;
    this.tRTP = t.tRTP * ck;
    this.tWriteToPre = (t.tCWL + burstCycles + t.tWR) * ck;
    this.tWriteToReadS = (t.tCWL + burstCycles + t.tWTR_S) * ck;
    this.tWriteToReadL = (t.tCWL + burstCycles + t.tWTR_L) * ck;
    this.readLatency = (t.tCL + burstCycles) * ck;
    this.writeLatency = (t.tCWL + burstCycles) * ck;
    this.tCL = t.tCL * ck;
    this.tCWL = t.tCWL * ck;
    this.tRTRS = t.tRTRS * ck;
    this.tRFC = t.tRFC * ck;
    this.tREFI = t.tREFI * ck;
    this.tRFCpb = t.tRFCpb * ck;
    this.tREFIpb = t.tREFIpb * ck;
    this.tRREFD = t.tRREFD * ck;
    this.tXP = t.tXP * ck;
    this.tCKE = t.tCKE * ck;
    if (t.tREFI <= t.tRFC) throw new Error(`DRAM ${standard.name}: tREFI (${t.tREFI}) must exceed tRFC (${t.tRFC})`);

    this.refreshMode = options.refresh ?? standard.defaultRefresh;
    this.perBank = this.refreshMode === 'per-bank';
    if (this.perBank && (t.tRFCpb <= 0 || t.tREFIpb <= t.tRFCpb)) {
      throw new Error(`DRAM ${standard.name} has no per-bank refresh (tRFCpb ${t.tRFCpb}, tREFIpb ${t.tREFIpb} tCK); use refresh 'all-bank'`);
    }
    const wq = options.writeQueue;
    this.split = wq !== undefined;
    if (wq) {
      if (!posInt(wq.depth) || !Number.isInteger(wq.lowWatermark) || !Number.isInteger(wq.highWatermark) || wq.lowWatermark < 0 || wq.highWatermark < 1 || wq.lowWatermark >= wq.highWatermark || wq.highWatermark > wq.depth) {
        throw new Error(`DRAM channel ${name}: write queue needs integers 0 ≤ lowWatermark < highWatermark ≤ depth, got ${JSON.stringify(wq)}`);
      }
    }
    this.writeDepth = (wq?.depth ?? 0) * org.pseudoChannels;
    this.writeHigh = (wq?.highWatermark ?? 0) * org.pseudoChannels;
    this.writeLow = (wq?.lowWatermark ?? 0) * org.pseudoChannels;
    const pd = options.powerDownIdleCycles;
    if (pd !== undefined && (!Number.isInteger(pd) || pd < 0)) throw new Error(`DRAM channel ${name}: powerDownIdleCycles must be an integer ≥ 0, got ${pd}`);
    this.pdIdle = pd === undefined ? Infinity : pd * ck;

    this.banksPerGroup = org.banksPerGroup;
    this.banksPerUnit = org.bankGroups * org.banksPerGroup;
    this.ranks = org.ranks;
    this.pseudoChannels = org.pseudoChannels;
    const units = org.ranks * org.pseudoChannels;
    this.units = units;
    this.banks = units * this.banksPerUnit;
    if (this.perBank && this.banksPerUnit > 52) throw new Error(`DRAM ${standard.name}: per-bank refresh supports at most 52 banks per rank`);
    this.pbFull = 2 ** this.banksPerUnit - 1;
    this.sharedCommandBus = !org.separateRowColumnCommandBuses;
    this.closedPage = options.pagePolicy === 'closed';
    this.queueDepth = options.queueDepth * org.pseudoChannels;

    const n = this.banks;
    this.unitOf = Int32Array.from({ length: n }, (_, b) => Math.floor(b / this.banksPerUnit));
    this.groupOf = Int32Array.from({ length: n }, (_, b) => Math.floor(b / this.banksPerGroup));
    this.openRow = new Int32Array(n).fill(-1);
    this.fresh = new Uint8Array(n);
    this.lastUse = new Float64Array(n);
    this.cCode = new Int8Array(n).fill(CODE_NONE);
    this.cSeqOf = new Float64Array(n);
    this.cSlotOf = new Int32Array(n).fill(-1);
    this.cPrevOf = new Int32Array(n).fill(-1);
    this.cLow = new Float64Array(n);
    this.uRowLow = new Float64Array(units).fill(-Infinity);
    this.nextAct = new Float64Array(n);
    this.nextRd = new Float64Array(n);
    this.nextWr = new Float64Array(n);
    this.nextPre = new Float64Array(n);
    this.head = new Int32Array(n).fill(-1);
    this.tail = new Int32Array(n).fill(-1);
    this.wHead = new Int32Array(n).fill(-1);
    this.wTail = new Int32Array(n).fill(-1);
    const slots = this.queueDepth + this.writeDepth;
    this.sOwner = new Array<O | undefined>(slots).fill(undefined);
    this.sRow = new Int32Array(slots);
    this.sSeq = new Float64Array(slots);
    this.sNext = new Int32Array(slots).fill(-1);
    this.sWrite = new Uint8Array(slots);
    this.freeSlotStack = Int32Array.from({ length: slots }, (_, i) => slots - 1 - i);
    this.freeTop = slots;
    this.reads = new BankLists(units, n);
    const wn = this.split ? n : 0;
    this.writes = new BankLists(this.split ? units : 0, wn);
    this.sortScratch = new Int32Array(this.banksPerUnit);
    this.uSorted = new Uint8Array(units);
    const groups = units * org.bankGroups;
    this.bgNextAct = new Float64Array(groups);
    this.bgNextRd = new Float64Array(groups);
    this.bgNextWr = new Float64Array(groups);
    this.uNextAct = new Float64Array(units);
    this.uNextRd = new Float64Array(units);
    this.uNextWr = new Float64Array(units);
    this.faw = new Float64Array(4 * units).fill(-Infinity);
    this.fawIdx = new Int32Array(units);
    this.uQueued = new Int32Array(units);
    this.uOpenBanks = new Int32Array(units);
    this.uBusyUntil = new Float64Array(units);
    this.uIdleSince = new Float64Array(units);
    this.pdFrom = new Float64Array(units).fill(this.pdIdle);
    this.pdStart = new Float64Array(units).fill(this.pdIdle);
    this.pdCut = new Float64Array(units);
    this.pdRefreshed = new Uint8Array(units);
    this.pdAvail = new Float64Array(units);
    this.oStart = new Float64Array(units);
    this.oEnd = new Float64Array(units);
    this.oOpenEnded = new Int32Array(units);
    this.pbDue = new Float64Array(units).fill(this.perBank ? this.tREFIpb : Infinity);
    this.pbTarget = new Int32Array(units).fill(-1);
    this.pbDone = new Float64Array(units);
    this.pbNextRef = new Float64Array(units);
    this.nextRefreshDue = this.perBank ? Infinity : (t.tREFI + (options.refreshOffsetCycles ?? 0)) * ck;

    this.cAct = stats.counter(name, 'act');
    this.cPre = stats.counter(name, 'pre');
    this.cRd = stats.counter(name, 'rd');
    this.cWr = stats.counter(name, 'wr');
    this.cRef = stats.counter(name, 'ref');
    this.cRefpb = this.perBank ? stats.counter(name, 'refpb') : null;
    this.cHit = stats.counter(name, 'hit');
    this.cMiss = stats.counter(name, 'miss');
    this.cRdIo = stats.counter(name, 'rd.io');
    this.cWrIo = stats.counter(name, 'wr.io');
    this.cRowOpen = stats.counter(name, 'rowOpen');
    this.cActPdn = pd !== undefined ? stats.counter(name, 'actPdn') : null;
    this.cPrePdn = pd !== undefined ? stats.counter(name, 'prePdn') : null;
    this.cBusy = stats.busyCounter(name);
    this.onCommand = options.onCommand;
  }

  /** Bursts waiting in the request queue(s). */
  get pending(): number {
    return this.queued;
  }

  /** Free slots in the request queue (the read queue when a write queue is configured). */
  get freeSlots(): number {
    return this.queueDepth - (this.split ? this.rQueued : this.queued);
  }

  /** Bursts of the given direction the channel's queue holds when empty. */
  capacityFor(write: boolean): number {
    return this.split && write ? this.writeDepth : this.queueDepth;
  }

  /** Free slots for a burst of the given direction. */
  freeSlotsFor(write: boolean): number {
    if (!this.split) return this.queueDepth - this.queued;
    return write ? this.writeDepth - this.wQueued : this.queueDepth - this.rQueued;
  }

  /**
   * Adds a burst (one column command's worth of data) to its request queue (throws when full:
   * check `freeSlotsFor`): `unit` = rank × pseudoChannels + pseudo-channel; `owner` is handed back
   * to `onIssue`. The channel acts when its owner next steps it (see `requestWake`); nothing issues synchronously.
   */
  enqueue(unit: number, bankGroup: number, bank: number, row: number, write: boolean, owner: O): void {
    if (this.freeSlotsFor(write) <= 0) throw new Error(`DRAM channel ${this.name}: enqueue on a full queue`);
    const u = unit;
    const b = u * this.banksPerUnit + bankGroup * this.banksPerGroup + bank;
    const now = this.sim.now;
    if (now !== this.enqueueNow) {
      // A request's bursts arrive together: one clock-edge computation for all of them.
      this.enqueueNow = now;
      this.enqueueNowE = this.clock.edgeAtOrAfter(now);
    }
    const nowE = this.enqueueNowE;
    const wasIdle = this.queued === 0;
    if (wasIdle && this.drainUntil < 0) {
      // The channel was idle: place the refreshes it owes before anything else.
      if (this.nextRefreshDue <= now) this.catchUpRefresh(now);
      if (this.perBank) this.catchUpPerBank(now);
    }
    if (this.uQueued[u] === 0) this.wakeUnit(u, nowE);
    const seq = this.seqCounter++;
    const s = this.freeSlotStack[--this.freeTop]!;
    this.sOwner[s] = owner;
    this.sRow[s] = row;
    this.sSeq[s] = seq;
    this.sNext[s] = -1;
    this.sWrite[s] = write ? 1 : 0;
    const toWrites = this.split && write;
    const H = toWrites ? this.wHead : this.head;
    const T = toWrites ? this.wTail : this.tail;
    const tl = T[b]!;
    let behindCandidate = false; // appended behind a queue whose candidate this burst leaves as it was
    if (tl < 0) {
      H[b] = s;
      (toWrites ? this.writes : this.reads).append(b, u);
      // For the queue being served its candidate is this burst, the newest request: the bank goes
      // last in request order (a burst for the other queue leaves the served candidate unset).
      this.refillCandidate(b, u);
    } else {
      this.sNext[tl] = s;
      if (this.cCode[b] === KIND_PRE && toWrites === (this.split && this.writeMode) && row === this.openRow[b]) {
        // The served queue's candidate stays valid when a burst is appended (its oldest row hit,
        // or its head for ACT / PRE, is unchanged), except that a conflict becomes a hit.
        this.cCode[b] = write ? CODE_WR : CODE_RD;
        this.cSeqOf[b] = seq;
        this.cSlotOf[b] = s;
        this.cPrevOf[b] = tl;
        this.cLow[b] = -Infinity;
        if (this.uSorted[u] === 1) this.reads.reposition(b, u, this.cSeqOf);
      } else behindCandidate = true;
    }
    T[b] = s;
    this.queued++;
    this.uQueued[u]!++;
    if (toWrites) this.wQueued++;
    else this.rQueued++;
    if (this.drainUntil >= 0 || this.nextRefreshDue <= now || (this.split && this.updateMode())) {
      // Refresh rules or a switch between reads and writes: the wake-up decides.
      this.bestValid = false;
      this.scheduleWake(nowE);
      return;
    }
    if (this.split && toWrites !== this.writeMode) {
      // Queued for later (writes waiting for the drain): nothing the served queue sees changes.
      if (!this.bestValid || this.bestKept) this.scheduleWake(nowE);
      return;
    }
    if (behindCandidate && this.bestValid && !this.perBank && this.cCode[b] !== CODE_NONE) {
      // Nothing the last evaluation saw has changed (the bank's candidate neither, nor its time):
      // the best command stands, and so does the wake-up. (Per-bank refresh: see below.)
      if (b === this.bestBank) this.bestKept = true;
      return;
    }
    // Only this bank's candidate can have changed: keep the cached best command unless this one beats
    // it. An unchanged candidate whose time's lower bound neither beats the best nor comes before
    // the wake-up already due changes nothing (its time is not needed).
    const code = this.cCode[b]!;
    const low = this.cLow[b]!;
    const wakeAt = this.wakeAt;
    if (code !== CODE_NONE && low >= wakeAt && this.nextRefreshDue >= wakeAt) {
      if (!this.bestValid) return;
      if (b !== this.bestBank && !this.better(low, code & 3, this.cSeqOf[b]!, this.bestTime, this.bestKind, this.bestSeq)) return;
    }
    const t = this.candidate(b, nowE);
    if (t === Infinity && this.perBank && this.wakeAt === Infinity) {
      // The bank is due for its per-bank refresh and takes no command before it; the refresh needs
      // an evaluation, and a channel that was idle has no wake-up yet to make one.
      this.bestValid = false;
      this.scheduleWake(nowE);
      return;
    }
    if (this.bestValid) {
      if (b === this.bestBank) {
        // Appended behind the best command's burst: the best stands unless that bank's candidate
        // changed (a conflict turned into a row hit, or another time). The other banks' candidates
        // did not change, and a later time for the evaluation only delays them. Not with per-bank
        // refresh: an evaluation picks another bank to refresh when this one has become busy.
        if (!this.perBank && t === this.bestTime && this.cKind === this.bestKind && this.cSeq === this.bestSeq) this.bestKept = true;
        else this.bestValid = false;
      } else if (this.better(t, this.cKind, this.cSeq, this.bestTime, this.bestKind, this.bestSeq)) {
        this.takeCandidate(t, b);
      }
    }
    this.scheduleWake(t < this.nextRefreshDue ? t : this.nextRefreshDue);
  }

  /** Accounts every refresh due up to `timePs` and the residencies up to then (call at the end of a run). */
  finish(timePs: number): void {
    if (this.drainUntil >= 0) this.commitDrain();
    this.catchUpRefresh(timePs);
    if (this.perBank) this.catchUpPerBank(timePs);
    for (let u = 0; u < this.units; u++) {
      this.flushRowOpen(u, timePs);
      if (this.uQueued[u] === 0) this.accountPowerDown(u, timePs, false);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Scheduling
  // ------------------------------------------------------------------------------------------

  private scheduleWake(t: number): void {
    if (t < this.wakeAt) {
      this.wakeAt = t;
      this.requestWake(t);
    }
  }

  /** Time at which the channel next has something to do (a command or a refresh step), Infinity when idle: its owner calls `step` then. */
  get wakeTime(): number {
    return this.wakeAt;
  }

  /**
   * Acts at `now` (its `wakeTime`, a tCK edge): places due refreshes and issues every command due
   * now, then sets `wakeTime` to its next action. Returns the queue slots freed (the owner tells
   * requesters, once every channel stepping at this edge has acted).
   */
  step(now: number): number {
    this.wakeAt = Infinity;
    this.refreshStep(now);
    let freed = 0;
    while (this.queued > 0) {
      if (!this.bestValid || this.bestTime < now) this.evaluate(now);
      this.bestKept = false;
      if (this.bestTime !== now) break;
      freed += this.issueBest(now);
    }
    if (this.drainUntil >= 0 && this.queued === 0) this.commitDrain();
    if (this.queued > 0) {
      const t = this.bestTime;
      const r = this.drainUntil >= 0 ? this.drainUntil : this.nextRefreshDue;
      this.wakeAt = t < r ? t : r;
    }
    return freed;
  }

  /** FR-FCFS order: earlier first; on ties column commands (row hits) first, then refresh, then the oldest request. */
  private better(t: number, kind: number, seq: number, bt: number, bKind: number, bSeq: number): boolean {
    if (t !== bt) return t < bt;
    if (kind === KIND_COL) return bKind !== KIND_COL || seq < bSeq;
    if (bKind === KIND_COL) return false;
    return seq < bSeq;
  }

  private takeCandidate(t: number, b: number): void {
    this.bestTime = t;
    this.bestKind = this.cKind;
    this.bestSeq = this.cSeq;
    this.bestBank = b;
    this.bestSlot = this.cSlot;
    this.bestPrev = this.cPrev;
  }

  /** Switches between serving reads and draining writes by the watermarks; true when it switched. */
  private updateMode(): boolean {
    const old = this.writeMode;
    if (!old) {
      if (this.wQueued >= this.writeHigh || (this.rQueued === 0 && this.wQueued > 0)) this.writeMode = true;
    } else if (this.wQueued === 0 || (this.wQueued <= this.writeLow && this.rQueued > 0)) {
      this.writeMode = false;
    }
    if (old === this.writeMode) return false;
    this.cCode.fill(CODE_NONE);
    this.uRowLow.fill(-Infinity);
    return true;
  }

  /**
   * Fills bank `b`'s candidate cache from its queue (`H`, the queue being served): a column command
   * for its oldest row hit, else PRE (a conflict) or ACT (closed bank) for its oldest request.
   */
  private fillCache(b: number, H: Int32Array): number {
    const head = H[b]!;
    const open = this.openRow[b]!;
    let code: number;
    if (open >= 0) {
      const sRow = this.sRow;
      const sNext = this.sNext;
      let x = head;
      let prev = -1;
      while (x >= 0 && sRow[x] !== open) {
        prev = x;
        x = sNext[x]!;
      }
      if (x >= 0) {
        const w = this.sWrite[x] === 1;
        code = w ? CODE_WR : CODE_RD;
        // The bank's, its group's and its unit's bounds: a lower bound of the candidate's time (see
        // cLow; each only grows while the candidate stands).
        const g = this.groupOf[b]!;
        const u = this.unitOf[b]!;
        this.cLow[b] = w ? Math.max(this.nextWr[b]!, this.bgNextWr[g]!, this.uNextWr[u]!) : Math.max(this.nextRd[b]!, this.bgNextRd[g]!, this.uNextRd[u]!);
        this.cCode[b] = code;
        this.cSeqOf[b] = this.sSeq[x]!;
        this.cSlotOf[b] = x;
        this.cPrevOf[b] = prev;
        return code;
      }
      code = KIND_PRE;
      this.cLow[b] = this.nextPre[b]!;
    } else {
      code = KIND_ACT;
      this.cLow[b] = Math.max(this.nextAct[b]!, this.bgNextAct[this.groupOf[b]!]!, this.uNextAct[this.unitOf[b]!]!);
    }
    this.cCode[b] = code;
    this.cSeqOf[b] = this.sSeq[head]!;
    this.cSlotOf[b] = head;
    this.cPrevOf[b] = -1;
    return code;
  }

  /**
   * Earliest time (≥ nowE) of the command bank `b` needs next for the queue being served. Sets
   * `cKind`, `cSeq`, `cSlot`, `cPrev`; Infinity when the bank has nothing to do (or may not act now).
   * One bank's share of `evaluate`, which inlines the same bounds per bank for speed: a change to
   * one must be made to both.
   */
  private candidate(b: number, nowE: number): number {
    const H = this.split && this.writeMode ? this.wHead : this.head;
    if (H[b]! < 0) return Infinity;
    let code = this.cCode[b]!;
    if (code === CODE_NONE) code = this.fillCache(b, H);
    const u = this.unitOf[b]!;
    const g = this.groupOf[b]!;
    const avail = this.pdAvail[u]! > nowE ? this.pdAvail[u]! : nowE;
    const drain = this.drainUntil;
    const kind = code & 3;
    let t: number;
    if (kind === KIND_COL) {
      const w = code === CODE_WR;
      if (w) t = Math.max(this.nextWr[b]!, this.bgNextWr[g]!, this.uNextWr[u]!, this.colCmdFree, avail);
      else t = Math.max(this.nextRd[b]!, this.bgNextRd[g]!, this.uNextRd[u]!, this.colCmdFree, avail);
      this.cLow[b] = t;
      // Draining for refresh: only hits that do not delay the PREA.
      if (drain >= 0 && t + (w ? this.tWriteToPre : this.tRTP) > drain) return Infinity;
    } else if (drain >= 0) {
      if (this.cLow[b]! < this.uRowLow[u]!) this.uRowLow[u] = this.cLow[b]!;
      return Infinity;
    } else {
      if (kind === KIND_PRE) {
        t = Math.max(this.nextPre[b]!, this.rowCmdFree, avail);
      } else {
        const f = this.faw[4 * u + this.fawIdx[u]!]! + this.tFAW;
        t = Math.max(this.nextAct[b]!, this.bgNextAct[g]!, this.uNextAct[u]!, f, this.rowCmdFree, avail);
      }
      this.cLow[b] = t;
      if (t < this.uRowLow[u]!) this.uRowLow[u] = t;
    }
    // A bank due for per-bank refresh takes no more commands once the refresh is due.
    if (this.perBank && this.pbTarget[u] === b - u * this.banksPerUnit && this.pbDue[u]! <= t) return Infinity;
    this.cKind = kind;
    this.cSeq = this.cSeqOf[b]!;
    this.cSlot = this.cSlotOf[b]!;
    this.cPrev = this.cPrevOf[b]!;
    return t;
  }

  /** FR-FCFS over the queue being served (plus due per-bank refreshes): the earliest legal command. */
  private evaluate(nowE: number): void {
    // Times past 2^31 ps are heap numbers; through a Float64Array the scan's times stay unboxed doubles.
    const f64 = this.f64;
    f64[0] = nowE;
    const now = f64[0]!;
    if (this.split) this.updateMode();
    if (this.perBank) {
      for (let u = 0; u < this.units; u++) {
        if (this.pbTarget[u]! < 0 || this.bankBusy(u * this.banksPerUnit + this.pbTarget[u]!)) this.selectRefreshTarget(u);
      }
    }
    let bt = Infinity;
    let bKind = KIND_ACT;
    let bSeq = Infinity;
    let bBank = -1;
    let bSlot = -1;
    let bPrev = -1;
    const writes = this.split && this.writeMode;
    const H = writes ? this.wHead : this.head;
    const busy = writes ? this.writes : this.reads;
    const first = busy.first;
    const nextOf = busy.next;
    const NB = this.banksPerUnit;
    const units = this.units;
    const groupOf = this.groupOf;
    const drain = this.drainUntil;
    const colFree = this.colCmdFree;
    const rowFree = this.rowCmdFree;
    const pdAvail = this.pdAvail;
    const uNextRd = this.uNextRd;
    const uNextWr = this.uNextWr;
    const uNextAct = this.uNextAct;
    const faw = this.faw;
    const fawIdx = this.fawIdx;
    const tFAW = this.tFAW;
    // Arrays in locals: the loop below runs once per queued-for bank per command.
    const cCode = this.cCode;
    const cLow = this.cLow;
    const cSeqOf = this.cSeqOf;
    const nextRd = this.nextRd;
    const nextWr = this.nextWr;
    const nextPre = this.nextPre;
    const nextAct = this.nextAct;
    const bgNextRd = this.bgNextRd;
    const bgNextWr = this.bgNextWr;
    const bgNextAct = this.bgNextAct;
    const tWriteToPre = this.tWriteToPre;
    const tRTP = this.tRTP;
    const perBank = this.perBank;
    const uRowLow = this.uRowLow;
    const uSorted = this.uSorted;
    // Units in turn from the one after the last command's: with pseudo-channels or ranks sharing
    // the command bus the next command is most often there, and the best found early lets the
    // unit-wide bounds below skip the other units' banks.
    let u = this.lastUnit;
    for (let k = 0; k < units; k++) {
      if (++u === units) u = 0;
      const b0 = first[u]!;
      if (b0 < 0) continue;
      // Unit-wide lower bounds of each command's time.
      const pa = pdAvail[u]!;
      const avail = pa > now ? pa : now;
      const colBase = colFree > avail ? colFree : avail;
      const rd = uNextRd[u]!;
      const colRd = rd > colBase ? rd : colBase;
      const wr = uNextWr[u]!;
      const colWr = wr > colBase ? wr : colBase;
      const rowBase = rowFree > avail ? rowFree : avail;
      // No candidate of the unit can come before the best so far (one at the same time still can).
      if (colRd > bt && colWr > bt && (rowBase > bt || uRowLow[u]! > bt)) continue;
      let rowLow = Infinity; // the unit's new uRowLow
      // In request order, a column command at the earliest time any command of the unit can take
      // beats every later bank's (ties go to column commands, then the oldest request).
      const sorted = uSorted[u] === 1;
      let unitFloor = colRd < colWr ? colRd : colWr;
      const rowFloor = rowBase > uRowLow[u]! ? rowBase : uRowLow[u]!;
      if (rowFloor < unitFloor) unitFloor = rowFloor;
      let complete = true;
      let actBase = -1; // the ACT bound (tRRD_S, tFAW), computed for the unit's first ACT candidate
      const pbBank = perBank ? u * NB + this.pbTarget[u]! : -1;
      const pbDue = perBank && this.pbTarget[u]! >= 0 ? this.pbDue[u]! : Infinity;
      for (let b = b0; b >= 0; b = nextOf[b]!) {
        let code = cCode[b]!;
        if (code === CODE_NONE) code = this.fillCache(b, H);
        else if (cLow[b]! > bt) {
          // Cannot come first.
          if ((code & 3) !== KIND_COL && cLow[b]! < rowLow) rowLow = cLow[b]!;
          continue;
        }
        const kind = code & 3;
        let t: number;
        if (kind === KIND_COL) {
          const w = code === CODE_WR;
          const base = w ? colWr : colRd;
          if (base > bt) {
            cLow[b] = base; // a lower bound of its time, for the next evaluations
            continue;
          }
          const g = groupOf[b]!;
          if (w) {
            const a = nextWr[b]!;
            const c = bgNextWr[g]!;
            t = a > c ? a : c;
          } else {
            const a = nextRd[b]!;
            const c = bgNextRd[g]!;
            t = a > c ? a : c;
          }
          if (base > t) t = base;
          cLow[b] = t;
          // Draining for refresh: only hits that do not delay the PREA.
          if (drain >= 0 && t + (w ? tWriteToPre : tRTP) > drain) continue;
        } else if (drain >= 0) {
          if (cLow[b]! < rowLow) rowLow = cLow[b]!;
          continue;
        } else if (kind === KIND_PRE) {
          const a = nextPre[b]!;
          t = a > rowBase ? a : rowBase;
          cLow[b] = t;
          if (t < rowLow) rowLow = t;
        } else {
          if (actBase < 0) {
            const act = uNextAct[u]!;
            const f = faw[4 * u + fawIdx[u]!]! + tFAW;
            const actFaw = act > f ? act : f;
            actBase = actFaw > rowBase ? actFaw : rowBase;
          }
          const a = nextAct[b]!;
          const c = bgNextAct[groupOf[b]!]!;
          t = a > c ? a : c;
          if (actBase > t) t = actBase;
          cLow[b] = t;
          if (t < rowLow) rowLow = t;
        }
        if (t > bt) continue;
        const seq = cSeqOf[b]!;
        // A bank due for per-bank refresh takes no more commands once the refresh is due.
        if (b === pbBank && pbDue <= t) continue;
        if (t < bt || (kind === KIND_COL ? bKind !== KIND_COL || seq < bSeq : bKind !== KIND_COL && seq < bSeq)) {
          bt = t;
          bKind = kind;
          bSeq = seq;
          bBank = b;
        }
        if (sorted && kind === KIND_COL && t <= unitFloor) {
          complete = false;
          break;
        }
      }
      if (complete) {
        // Every bank of the unit was seen: its ACT / PRE bound is known, and its order can be set.
        uRowLow[u] = rowLow;
        if (!sorted && !this.split) this.sortUnit(u);
      }
    }
    if (bBank >= 0) {
      bSlot = this.cSlotOf[bBank]!;
      bPrev = this.cPrevOf[bBank]!;
    }
    if (this.perBank) {
      for (let u = 0; u < this.units; u++) {
        const b = u * this.banksPerUnit + this.pbTarget[u]!;
        let t: number;
        let kind: number;
        if (this.openRow[b]! >= 0) {
          t = Math.max(this.nextPre[b]!, this.rowCmdFree, nowE, this.pbDue[u]!);
          kind = KIND_REFPRE;
        } else {
          t = Math.max(this.nextAct[b]!, this.uNextAct[u]!, this.pbNextRef[u]!, this.rowCmdFree, nowE, this.pbDue[u]!);
          kind = KIND_REFPB;
        }
        if (t < bt || (t === bt && bKind !== KIND_COL)) {
          bt = t;
          bKind = kind;
          bSeq = -1;
          bBank = b;
          bSlot = -1;
          bPrev = -1;
        }
      }
    }
    this.bestTime = bt;
    this.bestKind = bKind;
    this.bestSeq = bSeq;
    this.bestBank = bBank;
    this.bestSlot = bSlot;
    this.bestPrev = bPrev;
    this.bestValid = true;
  }

  /** Issues the command chosen by the last `evaluate` at time `t`; returns 1 when a queue slot freed. */
  private issueBest(t: number): number {
    this.bestValid = false;
    const b = this.bestBank;
    const u = this.unitOf[b]!;
    this.lastUnit = u;
    const g = this.groupOf[b]!;
    const ck = this.tCK;
    const kind = this.bestKind;
    if (kind === KIND_REFPRE || kind === KIND_REFPB) {
      if (kind === KIND_REFPRE) this.precharge(b, u, t, true);
      else this.refreshBank(u, b, t);
      return 0;
    }
    const slot = this.bestSlot;
    const row = this.sRow[slot]!;
    if (kind === KIND_ACT) {
      this.openRow[b] = row;
      this.fresh[b] = 1;
      this.nextRd[b] = t + this.tRCD;
      this.nextWr[b] = t + this.tRCDWR;
      this.nextPre[b] = t + this.tRAS;
      this.nextAct[b] = t + this.tRC;
      this.bgNextAct[g] = t + this.tRRD_L;
      this.uNextAct[u] = t + this.tRRD_S;
      const fi = this.fawIdx[u]!;
      this.faw[4 * u + fi] = t;
      this.fawIdx[u] = (fi + 1) & 3;
      this.rowCmdFree = t + ck;
      if (this.sharedCommandBus) this.colCmdFree = t + ck;
      this.uOpenBanks[u]!++;
      this.rowOpened(u, t);
      if (t + ck > this.uBusyUntil[u]!) this.uBusyUntil[u] = t + ck;
      this.cAct.value++;
      this.refillCandidate(b, u);
      if (this.onCommand) this.onCommand('ACT', t, g - u * (this.banksPerUnit / this.banksPerGroup), b % this.banksPerGroup, row, u);
      return 0;
    }
    if (kind === KIND_PRE) {
      this.precharge(b, u, t, true);
      return 0;
    }
    // Column command: unlink the burst from its bank's queue and free its slot.
    const write = this.sWrite[slot] === 1;
    const owner = this.sOwner[slot]!;
    const toWrites = this.split && write;
    const H = toWrites ? this.wHead : this.head;
    const T = toWrites ? this.wTail : this.tail;
    const prev = this.bestPrev;
    const next = this.sNext[slot]!;
    if (prev < 0) {
      H[b] = next;
      if (next < 0) this.unbusy(b, toWrites);
    } else this.sNext[prev] = next;
    if (T[b] === slot) T[b] = prev;
    this.freeSlotStack[this.freeTop++] = slot; // its owner stays until the slot is reused (no store: a write barrier saved)
    this.queued--;
    if (toWrites) this.wQueued--;
    else this.rQueued--;
    let done: number;
    if (write) {
      this.nextPre[b] = Math.max(this.nextPre[b]!, t + this.tWriteToPre);
      this.bgNextWr[g] = t + this.tCCD_L;
      this.uNextWr[u] = Math.max(this.uNextWr[u]!, t + this.tColToColS);
      this.bgNextRd[g] = Math.max(this.bgNextRd[g]!, t + this.tWriteToReadL);
      this.uNextRd[u] = Math.max(this.uNextRd[u]!, t + this.tWriteToReadS);
      done = t + this.writeLatency;
      this.cWr.value++;
      this.cWrIo.value++;
    } else {
      this.nextPre[b] = Math.max(this.nextPre[b]!, t + this.tRTP);
      this.bgNextRd[g] = t + this.tCCD_L;
      this.uNextRd[u] = Math.max(this.uNextRd[u]!, t + this.tColToColS);
      this.uNextWr[u] = Math.max(this.uNextWr[u]!, t + this.tRTW);
      done = t + this.readLatency;
      this.cRd.value++;
      this.cRdIo.value++;
    }
    if (this.ranks > 1) this.rankSwitch(u, done);
    this.lastUse[b] = t;
    this.refillCandidate(b, u);
    if (this.fresh[b] === 1) {
      this.fresh[b] = 0;
      this.cMiss.value++;
    } else {
      this.cHit.value++;
    }
    this.colCmdFree = t + ck;
    if (this.sharedCommandBus) this.rowCmdFree = t + ck;
    this.cBusy.value += this.burstPs;
    if (this.onCommand) this.onCommand(write ? 'WR' : 'RD', t, g - u * (this.banksPerUnit / this.banksPerGroup), b % this.banksPerGroup, row, u);
    if (this.closedPage) this.autoPrecharge(b, u, row);
    if (done > this.uBusyUntil[u]!) this.uBusyUntil[u] = done;
    if (--this.uQueued[u]! === 0) this.unitIdle(u);
    this.onIssue(owner, done);
    return 1;
  }

  /**
   * Recomputes bank `b` (of unit `u`)'s candidate now that its queue or open row changed (what the
   * next evaluation would do first), keeping the unit's ACT / PRE bound a bound.
   */
  private refillCandidate(b: number, u: number): void {
    const H = this.split && this.writeMode ? this.wHead : this.head;
    if (H[b]! < 0) {
      this.cCode[b] = CODE_NONE; // not among the served queue's busy banks: filled when it is again
      return;
    }
    if ((this.fillCache(b, H) & 3) !== KIND_COL && this.cLow[b]! < this.uRowLow[u]!) this.uRowLow[u] = this.cLow[b]!;
    if (this.uSorted[u] === 1) this.reads.reposition(b, u, this.cSeqOf);
  }

  /** Sorts unit `u`'s busy banks by request order (all have a candidate; no write queue) and marks them sorted. */
  private sortUnit(u: number): void {
    this.reads.sortBy(u, this.cSeqOf, this.sortScratch);
    this.uSorted[u] = 1;
  }

  /** Bank `b`'s candidate must be recomputed (its queue, open row or served queue changed). */
  private resetCandidate(b: number): void {
    this.cCode[b] = CODE_NONE;
    const u = this.unitOf[b]!;
    this.uRowLow[u] = -Infinity;
    this.uSorted[u] = 0;
  }

  /** Removes bank `b` from the banks with queued reads (or writes): its queue is now empty. */
  private unbusy(b: number, writes: boolean): void {
    const u = this.unitOf[b]!;
    (writes ? this.writes : this.reads).remove(b, u);
  }

  /** Other ranks on the same data bus wait until this burst's data has passed plus tRTRS. */
  private rankSwitch(u: number, dataEnd: number): void {
    const P = this.pseudoChannels;
    const rd = dataEnd + this.tRTRS - this.tCL;
    const wr = dataEnd + this.tRTRS - this.tCWL;
    for (let v = u % P; v < this.units; v += P) {
      if (v === u) continue;
      if (rd > this.uNextRd[v]!) this.uNextRd[v] = rd;
      if (wr > this.uNextWr[v]!) this.uNextWr[v] = wr;
    }
  }

  /** Explicit PRE of bank `b` at `t`. */
  private precharge(b: number, u: number, t: number, report: boolean): void {
    const row = this.openRow[b]!;
    this.openRow[b] = -1;
    this.fresh[b] = 0;
    this.nextAct[b] = Math.max(this.nextAct[b]!, t + this.tRP);
    this.refillCandidate(b, u);
    this.rowCmdFree = t + this.tCK;
    if (this.sharedCommandBus) this.colCmdFree = t + this.tCK;
    this.uOpenBanks[u]!--;
    this.rowClosed(u, t);
    if (t + this.tCK > this.uBusyUntil[u]!) this.uBusyUntil[u] = t + this.tCK;
    this.cPre.value++;
    const g = (b / this.banksPerGroup) | 0;
    if (report && this.onCommand) this.onCommand('PRE', t, g - u * (this.banksPerUnit / this.banksPerGroup), b % this.banksPerGroup, row, u);
  }

  /** Closed page: precharge bank `b` after its column command unless another queued burst hits `row` (RDA / WRA). */
  private autoPrecharge(b: number, u: number, row: number): void {
    const sRow = this.sRow;
    const sNext = this.sNext;
    for (let x = this.head[b]!; x >= 0; x = sNext[x]!) if (sRow[x] === row) return;
    if (this.split) for (let x = this.wHead[b]!; x >= 0; x = sNext[x]!) if (sRow[x] === row) return;
    const tPre = this.nextPre[b]!; // max(ACT + tRAS, RD + tRTP | WR + tCWL + burst + tWR)
    this.openRow[b] = -1;
    this.fresh[b] = 0;
    this.nextAct[b] = Math.max(this.nextAct[b]!, tPre + this.tRP);
    this.refillCandidate(b, u); // an ACT for its oldest request, kept in its place in request order
    this.uOpenBanks[u]!--;
    this.rowClosed(u, tPre);
    if (tPre + this.tCK > this.uBusyUntil[u]!) this.uBusyUntil[u] = tPre + this.tCK;
    this.cPre.value++;
    const g = (b / this.banksPerGroup) | 0;
    if (this.onCommand) this.onCommand('PRE', tPre, g - u * (this.banksPerUnit / this.banksPerGroup), b % this.banksPerGroup, row, u);
  }

  // ------------------------------------------------------------------------------------------
  // Residency: row-open time and power-down
  // ------------------------------------------------------------------------------------------

  /** A bank of unit `u` opened at `t` (its close time unknown yet). */
  private rowOpened(u: number, t: number): void {
    if (this.oOpenEnded[u] === 0 && t >= this.oEnd[u]!) {
      this.cRowOpen.value += this.oEnd[u]! - this.oStart[u]!;
      this.oStart[u] = t;
      this.oEnd[u] = t;
    }
    this.oOpenEnded[u]!++;
  }

  /** A bank of unit `u` closes at `c` (now or, for an auto-precharge, later). */
  private rowClosed(u: number, c: number): void {
    this.oOpenEnded[u]!--;
    if (c > this.oEnd[u]!) this.oEnd[u] = c;
  }

  /** Counts unit `u`'s row-open time up to `t`. */
  private flushRowOpen(u: number, t: number): void {
    const s = this.oStart[u]!;
    if (this.oOpenEnded[u]! > 0 || this.oEnd[u]! > t) {
      if (t > s) {
        this.cRowOpen.value += t - s;
        this.oStart[u] = t;
        if (this.oEnd[u]! < t) this.oEnd[u] = t;
      }
    } else {
      this.cRowOpen.value += this.oEnd[u]! - s;
      this.oStart[u] = this.oEnd[u]!;
    }
  }

  /** Unit `u` has no queued burst left: it is idle from when its last command's effects end. */
  private unitIdle(u: number): void {
    const s = this.uBusyUntil[u]!;
    this.uIdleSince[u] = s;
    if (this.pdIdle !== Infinity) {
      const enter = this.clock.edgeAtOrAfter(s + this.pdIdle);
      this.pdFrom[u] = enter;
      this.pdStart[u] = enter;
      this.pdCut[u] = 0;
      this.pdRefreshed[u] = 0;
    }
  }

  /** A burst arrives for idle unit `u` at `t`: count its power-down and make it exit (tXP). */
  private wakeUnit(u: number, t: number): void {
    if (this.pdIdle === Infinity) return;
    this.accountPowerDown(u, t, true);
  }

  /** Counts unit `u`'s power-down residency up to `t`; when `exiting`, the unit leaves power-down then. */
  private accountPowerDown(u: number, t: number, exiting: boolean): void {
    if (this.pdIdle === Infinity) return;
    const from = this.pdFrom[u]!;
    if (t > from) {
      const dur = Math.max(0, t - from - this.pdCut[u]!);
      if (this.uOpenBanks[u]! > 0 && this.pdRefreshed[u] === 0) this.cActPdn!.value += dur;
      else this.cPrePdn!.value += dur;
      this.pdCut[u] = 0;
      this.pdFrom[u] = t;
      if (exiting) this.pdAvail[u] = Math.max(t, this.pdStart[u]! + this.tCKE) + this.tXP;
    }
  }

  /** A refresh of `duration` ps at `t` on unit `u`: if the unit sits powered down, it leaves power-down for it. */
  private refreshInPowerDown(u: number, t: number, duration: number): void {
    if (this.pdIdle === Infinity || this.uQueued[u]! > 0 || t < this.pdFrom[u]!) return;
    this.pdCut[u]! += this.tXP + duration;
    this.pdRefreshed[u] = 1;
  }

  // ------------------------------------------------------------------------------------------
  // All-bank refresh
  // ------------------------------------------------------------------------------------------

  /**
   * Refresh rules at a wake-up: when a refresh falls due with requests queued, the controller
   * opens no more rows and keeps serving row hits that do not delay the precharge-all (those
   * whose tRTP / write recovery ends by then); PREA issues once every open bank may close
   * (tRAS, tRTP, tWR), then REF after tRP. With the queue empty the refresh is placed at once.
   */
  private refreshStep(now: number): void {
    if (this.drainUntil >= 0) {
      if (now < this.drainUntil) return;
      this.commitDrain();
    }
    if (this.nextRefreshDue <= now) {
      if (this.queued > 0) {
        const p = this.preaTime(this.nextRefreshDue);
        if (p > now) {
          this.drainUntil = p;
          this.bestValid = false;
          return;
        }
      }
      this.catchUpRefresh(now);
    }
  }

  /** Ends a drain: places the due refresh (PREA at `drainUntil`). */
  private commitDrain(): void {
    this.drainUntil = -1;
    this.bestValid = false;
    this.refreshOnce(this.nextRefreshDue);
  }

  /** Earliest PREA for the refresh due at `due`: every open bank past its tRAS / tRTP / tWR. */
  private preaTime(due: number): number {
    let t = Math.max(due, this.rowCmdFree);
    for (let b = 0; b < this.banks; b++) if (this.openRow[b]! >= 0 && this.nextPre[b]! > t) t = this.nextPre[b]!;
    return t;
  }

  /** Places every all-bank refresh due at or before `t`: each at its due time or the first legal time after it. */
  private catchUpRefresh(t: number): void {
    this.bestValid = false;
    while (this.nextRefreshDue <= t) {
      const due = this.nextRefreshDue;
      if (this.quietAt(due) && !this.onCommand) {
        // Idle since before `due`: every refresh up to `t` lands exactly on its due time.
        const n = Math.floor((t - due) / this.tREFI) + 1;
        const last = due + (n - 1) * this.tREFI;
        this.cRef.value += n;
        if (this.pdIdle !== Infinity) for (let k = 0; k < n; k++) for (let u = 0; u < this.units; u++) this.refreshInPowerDown(u, due + k * this.tREFI, this.tRFC);
        this.afterRefresh(last);
        this.nextRefreshDue = last + this.tREFI;
      } else {
        this.refreshOnce(due);
      }
    }
  }

  /** All banks closed and no timing constraint reaching past `due`. */
  private quietAt(due: number): boolean {
    if (this.rowCmdFree > due) return false;
    for (let b = 0; b < this.banks; b++) if (this.openRow[b]! >= 0 || this.nextAct[b]! > due) return false;
    return true;
  }

  private refreshOnce(due: number): void {
    const ck = this.tCK;
    const tPre = this.preaTime(due);
    let open = 0;
    let tRef = Math.max(due, this.rowCmdFree);
    for (let b = 0; b < this.banks; b++) {
      if (this.openRow[b]! >= 0) {
        const u = (b / this.banksPerUnit) | 0;
        this.openRow[b] = -1;
        this.resetCandidate(b);
        this.fresh[b] = 0;
        this.nextAct[b] = Math.max(this.nextAct[b]!, tPre + this.tRP);
        this.uOpenBanks[u]!--;
        this.rowClosed(u, tPre);
        open++;
      }
    }
    if (open > 0) {
      this.cPre.value += open;
      if (this.onCommand) this.onCommand('PREA', tPre, -1, -1, -1, -1);
      tRef = Math.max(tRef, tPre + ck);
    }
    for (let b = 0; b < this.banks; b++) if (this.nextAct[b]! > tRef) tRef = this.nextAct[b]!; // tRP, tRC, tRFC
    this.cRef.value++;
    if (this.onCommand) this.onCommand('REF', tRef, -1, -1, -1, -1);
    for (let u = 0; u < this.units; u++) this.refreshInPowerDown(u, tRef, this.tRFC);
    this.afterRefresh(tRef);
    this.nextRefreshDue = due + this.tREFI;
  }

  private afterRefresh(tRef: number): void {
    const until = tRef + this.tRFC;
    this.nextAct.fill(until);
    this.rowCmdFree = Math.max(this.rowCmdFree, tRef + this.tCK);
    if (this.sharedCommandBus) this.colCmdFree = Math.max(this.colCmdFree, this.rowCmdFree);
  }

  // ------------------------------------------------------------------------------------------
  // Per-bank refresh
  // ------------------------------------------------------------------------------------------

  private bankBusy(b: number): boolean {
    return this.head[b]! >= 0 || (this.split && this.wHead[b]! >= 0);
  }

  /**
   * Picks the bank of unit `u` to refresh next, among those not yet refreshed this round: an idle
   * closed bank, the one used most recently (a stream has just left it), else an idle bank, else
   * the first (JEDEC lets the controller choose the bank of each REFpb).
   */
  private selectRefreshTarget(u: number): void {
    const done = this.pbDone[u]!;
    const base = u * this.banksPerUnit;
    let first = -1;
    let idle = -1;
    let closed = -1;
    let bit = 1;
    for (let k = 0; k < this.banksPerUnit; k++, bit *= 2) {
      if (Math.floor(done / bit) % 2 === 1) continue;
      if (first < 0) first = k;
      if (this.bankBusy(base + k)) continue;
      if (this.openRow[base + k]! < 0) {
        if (closed < 0 || this.lastUse[base + k]! > this.lastUse[base + closed]!) closed = k;
      } else if (idle < 0) idle = k;
    }
    this.pbTarget[u] = closed >= 0 ? closed : idle >= 0 ? idle : first;
  }

  /** Issues REFpb to bank `b` of unit `u` at `t`. */
  private refreshBank(u: number, b: number, t: number): void {
    this.nextAct[b] = Math.max(this.nextAct[b]!, t + this.tRFCpb);
    if (t + this.tRRD_S > this.uNextAct[u]!) this.uNextAct[u] = t + this.tRRD_S;
    this.pbNextRef[u] = t + this.tRREFD;
    this.rowCmdFree = t + this.tCK;
    if (this.sharedCommandBus) this.colCmdFree = t + this.tCK;
    this.cRefpb!.value++;
    this.refreshInPowerDown(u, t, this.tRFCpb);
    const k = b - u * this.banksPerUnit;
    if (this.onCommand) this.onCommand('REFpb', t, (k / this.banksPerGroup) | 0, k % this.banksPerGroup, -1, u);
    let done = this.pbDone[u]! + 2 ** k;
    if (done >= this.pbFull) done = 0;
    this.pbDone[u] = done;
    this.pbTarget[u] = -1;
    this.pbDue[u]! += this.tREFIpb;
  }

  /** With the queue empty: places every per-bank refresh due at or before `t` (in closed form while quiet). */
  private catchUpPerBank(t: number): void {
    this.bestValid = false;
    const NB = this.banksPerUnit;
    for (let u = 0; u < this.units; u++) {
      const due = this.pbDue[u]!;
      if (due > t) continue;
      const n = Math.floor((t - due) / this.tREFIpb) + 1;
      // Whole rounds far enough back change nothing but the count (banks are closed and idle).
      const skipRounds = Math.floor((n - 2 * NB) / NB);
      if (skipRounds > 0 && this.unitQuiet(u, due) && !this.onCommand) {
        const k = skipRounds * NB;
        this.cRefpb!.value += k;
        if (this.pdIdle !== Infinity) for (let i = 0; i < k; i++) this.refreshInPowerDown(u, due + i * this.tREFIpb, this.tRFCpb);
        this.pbDue[u] = due + k * this.tREFIpb;
      }
    }
    // The rest in time order across units (they share the command bus: placing one unit's owed
    // refreshes before another's would push the other's all past `t`), earliest due first.
    for (;;) {
      let u = -1;
      for (let v = 0; v < this.units; v++) if (this.pbDue[v]! <= t && (u < 0 || this.pbDue[v]! < this.pbDue[u]!)) u = v;
      if (u < 0) return;
      const d = this.pbDue[u]!;
      if (this.pbTarget[u]! < 0) this.selectRefreshTarget(u);
      const b = u * NB + this.pbTarget[u]!;
      if (this.openRow[b]! >= 0) this.precharge(b, u, Math.max(this.nextPre[b]!, this.rowCmdFree, d), true);
      const r = Math.max(this.nextAct[b]!, this.uNextAct[u]!, this.pbNextRef[u]!, this.rowCmdFree, d);
      this.refreshBank(u, b, r);
    }
  }

  /** Unit `u` has every bank closed and no constraint past `due`. */
  private unitQuiet(u: number, due: number): boolean {
    const base = u * this.banksPerUnit;
    for (let k = 0; k < this.banksPerUnit; k++) if (this.openRow[base + k]! >= 0 || this.nextAct[base + k]! > due) return false;
    return this.rowCmdFree <= due;
  }
}
