import type { ClockDomain } from '../engine/clock.js';
import type { Counter, Stats } from '../engine/stats.js';
import type { Simulator } from '../engine/simulator.js';

/** What a running task tells the issue unit. */
export interface TaskSignals {
  /** The task's units are free for the next task (a pipelined unit frees before its result is complete). */
  release(): void;
  /** The task's result is complete: dependents and register readers may go. */
  done(): void;
}

/** One instruction/task for the issue unit: dependencies, units it occupies, registers it names. */
export interface Task {
  /** Indices of tasks whose results it needs (all earlier in program order). */
  deps: number[];
  /** Units it holds from issue until `release()`. */
  units: string[];
  /** Vector registers it names (only used with a register scoreboard). */
  regs?: { dst: number | null; src: number[] };
  /** Starts execution; must call `release` then `done` (possibly in the same event). */
  start(signals: TaskSignals): void;
}

/** Issue policy of a core. */
export interface IssueConfig {
  /** `in-order`: only the oldest unissued task may issue; `dataflow`: any ready task within the window. */
  policy: 'in-order' | 'dataflow';
  /** Tasks considered per cycle under `dataflow`. */
  window: number;
  /** Whole-register scoreboard: a task waits while any register it names is used by a running task. */
  registerScoreboard: boolean;
}

/**
 * Issues tasks at most one per core cycle, honouring data dependencies, unit occupancy and (for
 * register machines) a whole-register scoreboard with no forwarding, as the paper's FPGA core does.
 */
export class IssueUnit {
  private tasks: Task[] = [];
  private issued: Uint8Array = new Uint8Array(0);
  private complete: Uint8Array = new Uint8Array(0);
  private head = 0;
  private doneCount = 0;
  private readonly busyUnits = new Set<string>();
  private readonly regsInUse = new Map<number, number>();
  private wakeAt = -1;
  private lastIssuePs = -Infinity;
  private onAllDone: () => void = () => {};
  private readonly issuedCounter: Counter;

  constructor(
    private readonly sim: Simulator,
    private readonly clock: ClockDomain,
    private readonly config: IssueConfig,
    stats: Stats,
    readonly name = 'issue',
  ) {
    this.issuedCounter = stats.counter(name, 'issue');
  }

  /** Runs `tasks` in program order; calls `onAllDone` when the last completes. */
  run(tasks: Task[], onAllDone: () => void): void {
    this.tasks = tasks;
    this.issued = new Uint8Array(tasks.length);
    this.complete = new Uint8Array(tasks.length);
    this.head = 0;
    this.doneCount = 0;
    this.onAllDone = onAllDone;
    if (tasks.length === 0) {
      this.sim.after(0, onAllDone);
      return;
    }
    this.wake(this.clock.edgeAtOrAfter(this.sim.now));
  }

  private wake(at: number): void {
    if (this.wakeAt !== -1 && this.wakeAt <= at) return;
    this.wakeAt = at;
    this.sim.at(at, () => {
      if (this.wakeAt !== at) return;
      this.wakeAt = -1;
      this.tryIssue();
    });
  }

  private tryIssue(): void {
    const now = this.sim.now;
    if (now < this.lastIssuePs + this.clock.periodPs) {
      this.wake(this.lastIssuePs + this.clock.periodPs);
      return;
    }
    while (this.head < this.tasks.length && this.issued[this.head]) this.head++;
    const limit = this.config.policy === 'in-order' ? this.head + 1 : Math.min(this.tasks.length, this.head + this.config.window);
    for (let i = this.head; i < limit && i < this.tasks.length; i++) {
      if (this.issued[i] || !this.ready(i)) continue;
      this.issue(i);
      this.lastIssuePs = now;
      this.wake(this.clock.edgeAfter(now));
      return;
    }
    // Nothing ready: a completion or release will wake us.
  }

  private ready(i: number): boolean {
    const t = this.tasks[i]!;
    for (const d of t.deps) if (!this.complete[d]) return false;
    for (const u of t.units) if (this.busyUnits.has(u)) return false;
    if (this.config.registerScoreboard && t.regs) {
      if (t.regs.dst !== null && this.regsInUse.has(t.regs.dst)) return false;
      for (const r of t.regs.src) if (this.regsInUse.has(r)) return false;
    }
    return true;
  }

  private issue(i: number): void {
    const t = this.tasks[i]!;
    this.issued[i] = 1;
    this.issuedCounter.value++;
    for (const u of t.units) this.busyUnits.add(u);
    const regs = this.config.registerScoreboard && t.regs ? [...new Set([...(t.regs.dst === null ? [] : [t.regs.dst]), ...t.regs.src])] : [];
    for (const r of regs) this.regsInUse.set(r, (this.regsInUse.get(r) ?? 0) + 1);
    let released = false;
    let finished = false;
    t.start({
      release: () => {
        if (released) return;
        released = true;
        for (const u of t.units) this.busyUnits.delete(u);
        this.wake(this.clock.edgeAfter(this.sim.now));
      },
      done: () => {
        if (finished) return;
        finished = true;
        if (!released) {
          released = true;
          for (const u of t.units) this.busyUnits.delete(u);
        }
        for (const r of regs) {
          const n = this.regsInUse.get(r)! - 1;
          if (n === 0) this.regsInUse.delete(r);
          else this.regsInUse.set(r, n);
        }
        this.complete[i] = 1;
        this.doneCount++;
        if (this.doneCount === this.tasks.length) this.onAllDone();
        else this.wake(this.clock.edgeAfter(this.sim.now));
      },
    });
  }
}
