import { ClockDomain } from '../../engine/clock.js';
import type { Simulator } from '../../engine/simulator.js';
import type { Counter, Stats } from '../../engine/stats.js';
import type { DramStandard } from './standards.js';

/**
 * Row-buffer policy. `open`: a row stays open until a request to another row of the bank needs
 * it closed (or refresh closes it). `closed`: a column command auto-precharges (RDA/WRA) when
 * no other queued request hits the same row.
 */
export type DramPagePolicy = 'open' | 'closed';

/** Commands a channel issues. `PREA` precharges all banks before a refresh; `REF` is all-bank refresh. */
export type DramCommand = 'ACT' | 'PRE' | 'PREA' | 'RD' | 'WR' | 'REF';

/**
 * Observer of issued commands (traces and tests): command, issue time in ps, and the bank it
 * addresses (bankGroup = bank = row = −1 for PREA and REF). An auto-precharge (closed page)
 * reports `PRE` at the time the bank starts precharging.
 */
export type DramCommandListener = (command: DramCommand, timePs: number, bankGroup: number, bank: number, row: number) => void;

/**
 * One burst (one column command's worth of data) waiting in a channel's request queue. The owner
 * fills the coordinates; the channel owns `seq` and `next` while the burst is queued.
 */
export interface DramBurst {
  bankGroup: number;
  bank: number;
  row: number;
  write: boolean;
  /** Arrival order within the channel (set by the channel). */
  seq: number;
  /** Next burst of the same bank, in arrival order (set by the channel). */
  next: DramBurst | null;
}

/** Options of one channel controller. */
export interface DramChannelOptions {
  /** Row-buffer policy. */
  pagePolicy: DramPagePolicy;
  /** Bursts the request queue holds (FR-FCFS looks at all of them). */
  queueDepth: number;
  /** Time of the first refresh after tREFI, in tCK cycles (stagger between channels); default 0. */
  refreshOffsetCycles?: number;
  /** Optional command observer. */
  onCommand?: DramCommandListener;
}

const KIND_ACT = 0;
const KIND_PRE = 1;
const KIND_COL = 2;

/**
 * One DRAM channel: its controller and the single rank of devices behind it, cycle-accurate and
 * event-driven. The controller keeps, per bank, the open row and the earliest legal time of the
 * next ACT / RD / WR / PRE; per bank group the tCCD_L / tRRD_L / tWTR_L windows; channel-wide the
 * tCCD_S / tRRD_S / tWTR_S / tRTW windows, data-bus occupancy (BL / dataRate tCK per burst), the
 * tFAW window of the last four ACTs, and the command bus(es). It evaluates which command can
 * issue earliest (FR-FCFS: among commands legal at that time, row hits first, then the oldest
 * request), schedules one event at that tCK edge, issues, and re-evaluates; it never ticks.
 *
 * All-bank refresh is due every tREFI. It is processed lazily, so an idle channel leaves no
 * event behind: when the controller next acts (or at `finish`), each refresh that fell due is
 * placed at its due time, or at the first legal time after it (precharge-all, then REF, which
 * blocks ACT for tRFC). While requests are queued the controller wakes at the due time itself.
 *
 * Stats (under `name`): actions `act`, `pre` (explicit, auto- and refresh precharges, one per
 * bank closed), `rd`, `wr`, `ref`; busy time = data-bus time of all bursts.
 */
export class DramChannel<B extends DramBurst> {
  /** The command clock (period tCK). All commands issue on its edges. */
  readonly clock: ClockDomain;
  /** Bytes per burst: busWidthBits / 8 × BL. */
  readonly burstBytes: number;
  /** Data-bus time of one burst in ps: BL / dataRate × tCK. */
  readonly burstPs: number;

  // --- timing in ps ---
  private readonly tCK: number;
  private readonly tRCD: number;
  private readonly tRP: number;
  private readonly tRAS: number;
  private readonly tRC: number;
  private readonly tRRD_S: number;
  private readonly tRRD_L: number;
  private readonly tFAW: number;
  private readonly tCCD_L: number;
  private readonly tColToColS: number; // max(tCCD_S, burst): channel-wide column spacing, same direction
  private readonly tRTW: number;
  private readonly tRTP: number;
  private readonly tWriteToPre: number; // tCWL + burst + tWR
  private readonly tWriteToReadS: number; // tCWL + burst + tWTR_S
  private readonly tWriteToReadL: number; // tCWL + burst + tWTR_L
  private readonly readLatency: number; // tCL + burst
  private readonly writeLatency: number; // tCWL + burst
  private readonly tRFC: number;
  private readonly tREFI: number;

  // --- organisation ---
  private readonly banks: number;
  private readonly banksPerGroup: number;
  private readonly sharedCommandBus: boolean;
  private readonly closedPage: boolean;
  private readonly queueDepth: number;

  // --- per-bank state (index = bankGroup × banksPerGroup + bank) ---
  private readonly openRow: Int32Array;
  private readonly nextAct: Float64Array;
  private readonly nextRd: Float64Array;
  private readonly nextWr: Float64Array;
  private readonly nextPre: Float64Array;
  private readonly head: (B | null)[];
  private readonly tail: (B | null)[];
  // --- per-bank-group state ---
  private readonly bgNextAct: Float64Array;
  private readonly bgNextRd: Float64Array;
  private readonly bgNextWr: Float64Array;
  // --- channel state ---
  private chNextAct = 0;
  private chNextRd = 0;
  private chNextWr = 0;
  private rowCmdFree = 0;
  private colCmdFree = 0;
  private readonly faw = new Float64Array([-Infinity, -Infinity, -Infinity, -Infinity]);
  private fawIdx = 0;
  private nextRefreshDue: number;
  /** While ≥ 0: a refresh is due and the channel drains open rows until this time, when PREA issues. */
  private drainUntil = -1;

  private queued = 0;
  private seqCounter = 0;
  private wakeAt = Infinity;
  private readonly wakeHandler = (): void => this.wake();

  // --- result of the last evaluation ---
  private bestTime = Infinity;
  private bestKind = KIND_ACT;
  private bestSeq = Infinity;
  private bestBank = -1;
  /** Whether the best-command fields still describe the queue and state (no change since `evaluate`). */
  private bestValid = false;
  // --- result of the last `bankCandidate` ---
  private candKind = KIND_ACT;
  private candSeq = 0;
  private bestBurst: B | null = null;
  private bestPrev: B | null = null;

  // --- stats ---
  private readonly cAct: Counter;
  private readonly cPre: Counter;
  private readonly cRd: Counter;
  private readonly cWr: Counter;
  private readonly cRef: Counter;
  private readonly cBusy: Counter;
  private readonly onCommand: DramCommandListener | undefined;

  /**
   * @param sim the simulator
   * @param stats where actions and busy time are counted
   * @param standard resolved standard (organisation + timing)
   * @param name component name in stats, e.g. `dram.ch0`
   * @param options page policy, queue depth, refresh offset, command observer
   * @param onIssue called when a burst's column command issues, with the time its last data beat completes
   * @param onSlotsFree called (from the channel's event, after it has finished acting) when queue slots freed
   */
  constructor(
    private readonly sim: Simulator,
    stats: Stats,
    standard: DramStandard,
    readonly name: string,
    options: DramChannelOptions,
    private readonly onIssue: (burst: B, doneTimePs: number) => void,
    private readonly onSlotsFree: () => void,
  ) {
    const org = standard.organization;
    const t = standard.timing;
    if (org.ranks !== 1) throw new Error(`DRAM channel ${name}: only 1 rank per channel is modelled, got ${org.ranks}`);
    if (!Number.isInteger(options.queueDepth) || options.queueDepth < 1) {
      throw new Error(`DRAM channel ${name}: queueDepth must be a positive integer, got ${options.queueDepth}`);
    }
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
    this.tRFC = t.tRFC * ck;
    this.tREFI = t.tREFI * ck;
    if (t.tREFI <= t.tRFC) throw new Error(`DRAM ${standard.name}: tREFI (${t.tREFI}) must exceed tRFC (${t.tRFC})`);

    this.banksPerGroup = org.banksPerGroup;
    this.banks = org.bankGroups * org.banksPerGroup;
    this.sharedCommandBus = !org.separateRowColumnCommandBuses;
    this.closedPage = options.pagePolicy === 'closed';
    this.queueDepth = options.queueDepth;

    this.openRow = new Int32Array(this.banks).fill(-1);
    this.nextAct = new Float64Array(this.banks);
    this.nextRd = new Float64Array(this.banks);
    this.nextWr = new Float64Array(this.banks);
    this.nextPre = new Float64Array(this.banks);
    this.head = new Array<B | null>(this.banks).fill(null);
    this.tail = new Array<B | null>(this.banks).fill(null);
    this.bgNextAct = new Float64Array(org.bankGroups);
    this.bgNextRd = new Float64Array(org.bankGroups);
    this.bgNextWr = new Float64Array(org.bankGroups);
    this.nextRefreshDue = (t.tREFI + (options.refreshOffsetCycles ?? 0)) * ck;

    this.cAct = stats.counter(name, 'act');
    this.cPre = stats.counter(name, 'pre');
    this.cRd = stats.counter(name, 'rd');
    this.cWr = stats.counter(name, 'wr');
    this.cRef = stats.counter(name, 'ref');
    this.cBusy = stats.busyCounter(name);
    this.onCommand = options.onCommand;
  }

  /** Bursts waiting in the request queue. */
  get pending(): number {
    return this.queued;
  }

  /** Free slots in the request queue. */
  get freeSlots(): number {
    return this.queueDepth - this.queued;
  }

  /**
   * Adds a burst to the request queue (throws when full: check `freeSlots`). The channel decides
   * when to act from its own event; nothing issues synchronously.
   */
  enqueue(burst: B): void {
    if (this.queued >= this.queueDepth) throw new Error(`DRAM channel ${this.name}: enqueue on a full queue`);
    const b = burst.bankGroup * this.banksPerGroup + burst.bank;
    burst.seq = this.seqCounter++;
    burst.next = null;
    const tl = this.tail[b]!;
    if (tl === null) this.head[b] = burst;
    else tl.next = burst;
    this.tail[b] = burst;
    this.queued++;
    const now = this.sim.now;
    if (this.drainUntil >= 0 || this.nextRefreshDue <= now) {
      if (this.drainUntil < 0 && this.queued === 1) {
        this.catchUpRefresh(now); // the channel was idle: place the refreshes it owes
      } else {
        // A refresh is due or draining: the wake-up decides, under the refresh rules.
        this.bestValid = false;
        this.scheduleWake(this.clock.edgeAtOrAfter(now));
        return;
      }
    }
    // Only this bank's candidate can have changed: wake earlier if it is now the earliest, and
    // keep the cached best command unless this bank's candidate may displace it.
    const t = this.bankCandidate(b, this.clock.edgeAtOrAfter(now));
    if (this.bestValid) {
      const kind = this.candKind;
      const better =
        t < this.bestTime ||
        (t === this.bestTime && (kind === KIND_COL ? this.bestKind !== KIND_COL || this.candSeq < this.bestSeq : this.bestKind !== KIND_COL && this.candSeq < this.bestSeq));
      if (b === this.bestBank || better) this.bestValid = false;
    }
    this.scheduleWake(t < this.nextRefreshDue ? t : this.nextRefreshDue);
  }

  /** Accounts every refresh due up to `timePs` (call at the end of a run, with the queue drained). */
  finish(timePs: number): void {
    if (this.drainUntil >= 0) this.commitDrain();
    this.catchUpRefresh(timePs);
  }

  // ------------------------------------------------------------------------------------------
  // Scheduling
  // ------------------------------------------------------------------------------------------

  private scheduleWake(t: number): void {
    if (t < this.wakeAt) {
      this.wakeAt = t;
      this.sim.at(t, this.wakeHandler);
    }
  }

  private wake(): void {
    const now = this.sim.now;
    if (now !== this.wakeAt) return; // superseded by an earlier wake-up
    this.wakeAt = Infinity;
    this.refreshStep(now);
    let freed = 0;
    while (this.queued > 0) {
      if (!this.bestValid || this.bestTime < now) this.evaluate(now);
      if (this.bestTime !== now) break;
      freed += this.issueBest(now);
    }
    if (this.drainUntil >= 0 && this.queued === 0) this.commitDrain();
    if (this.queued > 0) {
      const t = this.bestTime;
      const r = this.drainUntil >= 0 ? this.drainUntil : this.nextRefreshDue;
      this.scheduleWake(t < r ? t : r);
    }
    if (freed > 0) this.onSlotsFree();
  }

  /**
   * Earliest time (≥ nowE) of the command bank `b` needs next: a column command for its oldest
   * row hit, else PRE or ACT for its oldest request. Sets `candKind` and `candSeq`.
   */
  private bankCandidate(b: number, nowE: number): number {
    const head = this.head[b]!;
    if (head === null) return Infinity;
    const open = this.openRow[b]!;
    this.candSeq = head.seq;
    if (open >= 0) {
      let x: DramBurst | null = head;
      while (x !== null && x.row !== open) x = x.next;
      if (x !== null) {
        this.candKind = KIND_COL;
        this.candSeq = x.seq;
        return this.colTime(b, x.write, nowE);
      }
      this.candKind = KIND_PRE;
      return Math.max(this.nextPre[b]!, this.rowCmdFree, nowE);
    }
    this.candKind = KIND_ACT;
    return this.actTime(b, nowE);
  }


  private colTime(b: number, write: boolean, nowE: number): number {
    const g = (b / this.banksPerGroup) | 0;
    let t: number;
    if (write) t = Math.max(this.nextWr[b]!, this.bgNextWr[g]!, this.chNextWr);
    else t = Math.max(this.nextRd[b]!, this.bgNextRd[g]!, this.chNextRd);
    return Math.max(t, this.colCmdFree, nowE);
  }

  private actTime(b: number, nowE: number): number {
    const g = (b / this.banksPerGroup) | 0;
    return Math.max(this.nextAct[b]!, this.bgNextAct[g]!, this.chNextAct, this.faw[this.fawIdx]! + this.tFAW, this.rowCmdFree, nowE);
  }

  /** FR-FCFS over the queue: the earliest legal command; ties go to row hits, then to the oldest request. */
  private evaluate(nowE: number): void {
    // Channel-wide lower bounds, computed once.
    const colRd = Math.max(this.chNextRd, this.colCmdFree, nowE);
    const colWr = Math.max(this.chNextWr, this.colCmdFree, nowE);
    const rowBase = Math.max(this.rowCmdFree, nowE);
    const actBase = Math.max(this.chNextAct, this.faw[this.fawIdx]! + this.tFAW, rowBase);
    const bpg = this.banksPerGroup;
    const drain = this.drainUntil;
    let bt = Infinity;
    let bKind = KIND_ACT;
    let bSeq = Infinity;
    let bBank = -1;
    let bBurst: B | null = null;
    let bPrev: B | null = null;
    const n = this.banks;
    for (let b = 0; b < n; b++) {
      const head = this.head[b]!;
      if (head === null) continue;
      const open = this.openRow[b]!;
      const g = (b / bpg) | 0;
      let t: number;
      let kind: number;
      let seq: number;
      let x: B | null = head;
      let prev: B | null = null;
      if (open >= 0) {
        while (x !== null && x.row !== open) {
          prev = x;
          x = x.next as B | null;
        }
        if (x !== null) {
          kind = KIND_COL;
          seq = x.seq;
          t = x.write
            ? Math.max(this.nextWr[b]!, this.bgNextWr[g]!, colWr)
            : Math.max(this.nextRd[b]!, this.bgNextRd[g]!, colRd);
          // Draining for refresh: only hits that do not delay the PREA.
          if (drain >= 0 && t + (x.write ? this.tWriteToPre : this.tRTP) > drain) continue;
        } else {
          if (drain >= 0) continue;
          kind = KIND_PRE;
          seq = head.seq;
          t = Math.max(this.nextPre[b]!, rowBase);
          x = head;
          prev = null;
        }
      } else {
        if (drain >= 0) continue;
        kind = KIND_ACT;
        seq = head.seq;
        t = Math.max(this.nextAct[b]!, this.bgNextAct[g]!, actBase);
      }
      if (t < bt || (t === bt && (kind === KIND_COL ? bKind !== KIND_COL || seq < bSeq : bKind !== KIND_COL && seq < bSeq))) {
        bt = t;
        bKind = kind;
        bSeq = seq;
        bBank = b;
        bBurst = x;
        bPrev = prev;
      }
    }
    this.bestTime = bt;
    this.bestKind = bKind;
    this.bestSeq = bSeq;
    this.bestBank = bBank;
    this.bestBurst = bBurst;
    this.bestPrev = bPrev;
    this.bestValid = true;
  }

  /** Issues the command chosen by the last `evaluate` at time `t`; returns 1 when a queue slot freed. */
  private issueBest(t: number): number {
    this.bestValid = false;
    const b = this.bestBank;
    const g = (b / this.banksPerGroup) | 0;
    const burst = this.bestBurst!;
    const ck = this.tCK;
    if (this.bestKind === KIND_ACT) {
      this.openRow[b] = burst.row;
      this.nextRd[b] = t + this.tRCD;
      this.nextWr[b] = t + this.tRCD;
      this.nextPre[b] = t + this.tRAS;
      this.nextAct[b] = t + this.tRC;
      this.bgNextAct[g] = t + this.tRRD_L;
      this.chNextAct = t + this.tRRD_S;
      this.faw[this.fawIdx] = t;
      this.fawIdx = (this.fawIdx + 1) & 3;
      this.rowCmdFree = t + ck;
      if (this.sharedCommandBus) this.colCmdFree = t + ck;
      this.cAct.value++;
      if (this.onCommand) this.onCommand('ACT', t, g, b - g * this.banksPerGroup, burst.row);
      return 0;
    }
    if (this.bestKind === KIND_PRE) {
      const row = this.openRow[b]!;
      this.openRow[b] = -1;
      this.nextAct[b] = Math.max(this.nextAct[b]!, t + this.tRP);
      this.rowCmdFree = t + ck;
      if (this.sharedCommandBus) this.colCmdFree = t + ck;
      this.cPre.value++;
      if (this.onCommand) this.onCommand('PRE', t, g, b - g * this.banksPerGroup, row);
      return 0;
    }
    // Column command: unlink the burst from its bank's queue.
    const prev = this.bestPrev;
    const next = burst.next as B | null;
    if (prev === null) this.head[b] = next;
    else prev.next = next;
    if (this.tail[b] === burst) this.tail[b] = prev;
    burst.next = null;
    this.queued--;
    let done: number;
    if (burst.write) {
      this.nextPre[b] = Math.max(this.nextPre[b]!, t + this.tWriteToPre);
      this.bgNextWr[g] = t + this.tCCD_L;
      this.chNextWr = Math.max(this.chNextWr, t + this.tColToColS);
      this.bgNextRd[g] = Math.max(this.bgNextRd[g]!, t + this.tWriteToReadL);
      this.chNextRd = Math.max(this.chNextRd, t + this.tWriteToReadS);
      done = t + this.writeLatency;
      this.cWr.value++;
    } else {
      this.nextPre[b] = Math.max(this.nextPre[b]!, t + this.tRTP);
      this.bgNextRd[g] = t + this.tCCD_L;
      this.chNextRd = Math.max(this.chNextRd, t + this.tColToColS);
      this.chNextWr = Math.max(this.chNextWr, t + this.tRTW);
      done = t + this.readLatency;
      this.cRd.value++;
    }
    this.colCmdFree = t + ck;
    if (this.sharedCommandBus) this.rowCmdFree = t + ck;
    this.cBusy.value += this.burstPs;
    if (this.onCommand) this.onCommand(burst.write ? 'WR' : 'RD', t, g, b - g * this.banksPerGroup, burst.row);
    if (this.closedPage) this.autoPrecharge(b, g, burst.row);
    this.onIssue(burst, done);
    return 1;
  }

  /** Closed page: precharge bank `b` after its column command unless another queued burst hits `row` (RDA / WRA). */
  private autoPrecharge(b: number, g: number, row: number): void {
    for (let x: DramBurst | null = this.head[b]!; x !== null; x = x.next) if (x.row === row) return;
    const tPre = this.nextPre[b]!; // max(ACT + tRAS, RD + tRTP | WR + tCWL + burst + tWR)
    this.openRow[b] = -1;
    this.nextAct[b] = Math.max(this.nextAct[b]!, tPre + this.tRP);
    this.cPre.value++;
    if (this.onCommand) this.onCommand('PRE', tPre, g, b - g * this.banksPerGroup, row);
  }

  // ------------------------------------------------------------------------------------------
  // Refresh
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

  /** Places every refresh due at or before `t`: each at its due time or the first legal time after it. */
  private catchUpRefresh(t: number): void {
    this.bestValid = false;
    while (this.nextRefreshDue <= t) {
      const due = this.nextRefreshDue;
      if (this.quietAt(due) && !this.onCommand) {
        // Idle since before `due`: every refresh up to `t` lands exactly on its due time.
        const n = Math.floor((t - due) / this.tREFI) + 1;
        const last = due + (n - 1) * this.tREFI;
        this.cRef.value += n;
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
    for (let b = 0; b < this.banks; b++) if (this.openRow[b]! >= 0) open++;
    let tRef = Math.max(due, this.rowCmdFree);
    if (open > 0) {
      for (let b = 0; b < this.banks; b++) {
        if (this.openRow[b]! >= 0) {
          this.openRow[b] = -1;
          this.nextAct[b] = Math.max(this.nextAct[b]!, tPre + this.tRP);
        }
      }
      this.cPre.value += open;
      if (this.onCommand) this.onCommand('PREA', tPre, -1, -1, -1);
      tRef = Math.max(tRef, tPre + ck);
    }
    for (let b = 0; b < this.banks; b++) if (this.nextAct[b]! > tRef) tRef = this.nextAct[b]!; // tRP, tRC, tRFC
    this.cRef.value++;
    if (this.onCommand) this.onCommand('REF', tRef, -1, -1, -1);
    this.afterRefresh(tRef);
    this.nextRefreshDue = due + this.tREFI;
  }

  private afterRefresh(tRef: number): void {
    const until = tRef + this.tRFC;
    this.nextAct.fill(until);
    this.rowCmdFree = Math.max(this.rowCmdFree, tRef + this.tCK);
    if (this.sharedCommandBus) this.colCmdFree = Math.max(this.colCmdFree, this.rowCmdFree);
  }
}
