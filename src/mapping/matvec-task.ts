import type { Simulator } from '../engine/simulator.js';
import type { Stats } from '../engine/stats.js';
import type { Task, TaskSignals } from '../hw/issue-unit.js';
import type { TauPassHandle } from '../hw/tau.js';
import type { MatVecOp } from '../workload/ops.js';
import type { Machine } from './machine.js';

/** Simulation mode: every event simulated, or steady-state streams extrapolated. */
export type SimMode = 'cycle' | 'fast';

/** Fast-mode settings. */
export interface FastModeOptions {
  /** Shortest measurement window in core cycles; rounded up to whole DRAM refresh intervals. */
  minWindowCycles: number;
  /**
   * Identical decoder layers simulated after the first steady one; the folded layers take their
   * average time. More layers average out where DRAM refreshes fall (an all-bank refresh stalls a
   * stream for about tRFC, so a window of few refresh intervals is off by up to tRFC / window).
   */
  steadyLayers: number;
}

/** Default fast-mode settings (measured to keep fast within 0.5% of cycle mode on the shipped designs; see test/sim). */
export const DEFAULT_FAST_MODE: FastModeOptions = { minWindowCycles: 2048, steadyLayers: 6 };

/** Context a matvec task needs besides its op. */
export interface MatVecContext {
  sim: Simulator;
  stats: Stats;
  machine: Machine;
  mode: SimMode;
  fast: FastModeOptions;
  /** Byte address of the op's weight matrix. */
  addr: number;
}

/**
 * Builds the task of one ternary matvec: the DMA reader streams the packed matrix from memory
 * into the weight buffer; the TAU array consumes it in passes of at most `accumulators` output
 * rows, copying each pass's results out before the next.
 *
 * Fast mode: inside a pass, after a warm-up window the pass's steady-state time per byte is
 * measured over a window spanning whole DRAM refresh intervals; the rest of the pass that has not
 * been requested yet is skipped and its time and request-driven actions extrapolated from the
 * window. The reader resumes where the real one would have been, so the next pass starts warm.
 */
export function matvecTask(op: MatVecOp, ctx: MatVecContext, deps: number[]): Task {
  const { machine } = ctx;
  return {
    deps,
    units: ['tau', machine.ports.weights],
    start: (signals) => runMatVec(op, ctx, signals),
  };
}

function runMatVec(op: MatVecOp, ctx: MatVecContext, signals: TaskSignals): void {
  const { machine } = ctx;
  const { tau, weightBuffer, weightReader } = machine;
  const rowBytes = Math.ceil(op.dIn / tau.packing.weightsPerByte);
  const rowsPerPass = tau.config.accumulators;
  const passes = Math.ceil(op.dOut / rowsPerPass);
  // Where this matrix starts in the buffer's stream: everything earlier matvecs consumed.
  const streamStart = weightBuffer.positions.consumed;
  if (!machine.design.weightStream.prefetch) {
    weightBuffer.setStreamEnd(streamStart + op.dOut * rowBytes);
    weightReader.start(ctx.addr, op.dOut * rowBytes);
  }

  let pass = 0;
  let passStartPos = streamStart;
  const runPass = (): void => {
    const rows = Math.min(rowsPerPass, op.dOut - pass * rowsPerPass);
    const bytes = rows * rowBytes;
    const passEndPos = passStartPos + bytes;
    const fast = ctx.mode === 'fast' ? new PassExtrapolator(ctx, op, passEndPos) : null;
    const handle = tau.runPass(
      { bytes, rows, batch: op.batch, zeroFraction: op.zeroFraction },
      weightBuffer,
      (t) => {
        const finish = (): void => {
          tau.runCopyOut(rows * op.batch, () => {
            pass++;
            passStartPos = passEndPos;
            if (pass < passes) runPass();
            else signals.done();
          });
        };
        const hold = fast ? fast.holdUntil(t) : t;
        if (hold > t) ctx.sim.at(hold, finish);
        else finish();
      },
    );
    fast?.begin(handle);
  };
  runPass();
}

/**
 * Fast-mode bookkeeping of one pass. After a warm-up window, the steady-state stream rate is
 * measured on the arrival side (request granularity, finer than the consumer's steps) over a
 * window of whole DRAM refresh intervals. The part of the pass not yet requested is then skipped:
 * the reader resumes the skipped time later, and the pass completes that much later than the
 * bytes really simulated — as if the skipped bytes had streamed at the measured rate.
 */
class PassExtrapolator {
  private skipPs = 0;
  private active = true;
  private readonly windowPs: number;

  constructor(
    private readonly ctx: MatVecContext,
    private readonly op: MatVecOp,
    private readonly passEndPos: number,
  ) {
    const { machine, fast } = ctx;
    const minWindow = machine.clock.cycles(fast.minWindowCycles);
    const refresh = machine.memory.refreshIntervalPs;
    this.windowPs = refresh > 0 ? Math.ceil(minWindow / refresh) * refresh : minWindow;
  }

  begin(handle: TauPassHandle): void {
    const { sim, stats, machine } = this.ctx;
    const buffer = machine.weightBuffer;
    const prefixes = [machine.memory.name, buffer.name, machine.tau.name];
    const tA = sim.now + this.windowPs;
    sim.at(tA, () => {
      if (!this.active) return;
      const arrivedA = buffer.positions.arrived;
      const snapA = stats.snapshot(prefixes);
      sim.at(tA + this.windowPs, () => {
        if (!this.active) return;
        this.active = false;
        const tB = sim.now;
        const windowBytes = buffer.positions.arrived - arrivedA;
        let skip = this.passEndPos - buffer.positions.issued;
        if (buffer.mode === 'double-buffer') {
          const half = Math.floor(buffer.config.capacityBytes / 2);
          skip = Math.floor(skip / half) * half; // keep the ping-pong halves aligned
        }
        if (windowBytes <= 0 || skip < 2 * windowBytes) return; // not worth it: simulate the rest
        const factor = skip / windowBytes;
        this.skipPs = Math.round((tB - tA) * factor);
        // Everything the window did, times the skipped bytes: memory requests, buffer accesses,
        // TAU busy time. TAU actions depend only on bytes, so they are counted exactly instead.
        const snapB = stats.snapshot(prefixes);
        stats.addDelta(snapA, snapB, factor);
        subtractTauActions(stats, machine.tau.name, snapA, snapB, factor);
        machine.tau.countActions(skip, this.op.batch, this.op.zeroFraction);
        handle.totalBytes -= skip;
        machine.weightReader.pause();
        machine.weightReader.skipAndResume(skip, tB + this.skipPs);
      });
    });
  }

  /** When the pass completes: the simulated bytes' completion plus the skipped bytes' time. */
  holdUntil(t: number): number {
    this.active = false;
    return this.skipPs === 0 ? t : this.ctx.machine.clock.edgeAtOrAfter(t + this.skipPs);
  }
}

/** Removes the TAU's scaled action deltas (they were counted exactly by `countActions`), keeping its busy time. */
function subtractTauActions(stats: Stats, tauName: string, a: Map<string, number>, b: Map<string, number>, factor: number): void {
  const only = (m: Map<string, number>) => new Map([...m].filter(([k]) => k.startsWith(`${tauName}/`) && !k.endsWith('/#busy')));
  stats.addDelta(only(b), only(a), factor);
}
