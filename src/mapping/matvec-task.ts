import type { Simulator } from '../engine/simulator.js';
import type { Stats } from '../engine/stats.js';
import type { Task, TaskSignals } from '../hw/issue-unit.js';
import type { TauPassHandle } from '../hw/tau.js';
import type { MatVecOp } from '../workload/ops.js';
import { packedRowBytes } from '../hw/packing.js';
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

/** A jump must skip at least this many times the bytes in flight (bounds its error to 1/this). */
const MAX_JUMP_ERROR_RATIO = 400;

/** Parts of a pass each measured once (stratified sampling of the stream rate). */
const SEGMENTS = 8;

/** Requests a measurement window must hold, so that one request more or less moves the rate by ≤ 0.05%. */
const MIN_WINDOW_REQUESTS = 256;

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
  const rowBytes = packedRowBytes(tau.config.packing, op.dIn, op.zeroFraction);
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
    const fast = ctx.mode === 'fast' ? new PassExtrapolator(ctx, op, passStartPos, passEndPos) : null;
    const handle = tau.runPass(
      { bytes, rows, dIn: op.dIn, batch: op.batch, zeroFraction: op.zeroFraction },
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
        void t;
        fast?.end();
        finish();
      },
    );
    fast?.begin(handle);
  };
  runPass();
}

/**
 * Fast-mode bookkeeping of one pass. The pass is cut into SEGMENTS equal parts; in each, the
 * stream rate is measured on the arrival side (request granularity) over a window of whole DRAM
 * refresh intervals holding at least MIN_WINDOW_REQUESTS requests, and the rest of the segment is
 * cut out of the stream: the reader and the TAU both pause for the time those bytes would take at
 * the measured rate, then resume as if they had streamed. Sampling every segment averages out
 * slow drifts of the rate along the stream (row and refresh phase). Requests already in flight
 * complete during a pause; everything after it is shifted by the skipped time.
 */
class PassExtrapolator {
  private active = true;
  private readonly windowPs: number;
  private handle: TauPassHandle | null = null;
  private segmentEnd = 0;

  constructor(
    private readonly ctx: MatVecContext,
    private readonly op: MatVecOp,
    private readonly passStartPos: number,
    private readonly passEndPos: number,
  ) {
    const { machine, fast } = ctx;
    const minWindow = machine.clock.cycles(fast.minWindowCycles);
    const refresh = machine.memory.refreshIntervalPs;
    this.windowPs = refresh > 0 ? Math.ceil(minWindow / refresh) * refresh : minWindow;
  }

  begin(handle: TauPassHandle): void {
    this.handle = handle;
    this.segmentEnd = this.passStartPos;
    this.ctx.sim.after(this.windowPs, () => this.measure()); // the first window is warm-up
  }

  /** The pass ended: stop measuring. */
  end(): void {
    this.active = false;
  }

  private measure(): void {
    if (!this.active) return;
    const { sim, machine } = this.ctx;
    const buffer = machine.weightBuffer;
    const segment = Math.ceil((this.passEndPos - this.passStartPos) / SEGMENTS);
    this.segmentEnd = Math.min(this.passEndPos, Math.max(this.segmentEnd + segment, buffer.positions.issued));
    const tA = sim.now;
    const arrivedA = buffer.positions.arrived;
    const snapA = requestDrivenSnapshot(this.ctx);
    const minWindowBytes = MIN_WINDOW_REQUESTS * machine.design.weightStream.requestBytes;
    const decide = (): void => {
      if (!this.active) return;
      const tB = sim.now;
      const windowBytes = buffer.positions.arrived - arrivedA;
      const left = this.passEndPos - buffer.positions.issued;
      if (windowBytes < minWindowBytes) {
        // Grow the window by whole refresh intervals while the pass is long enough to gain from it.
        if (left > 2 * minWindowBytes) sim.after(this.windowPs, decide);
        return;
      }
      let skip = Math.min(left, this.segmentEnd - buffer.positions.issued);
      if (buffer.mode === 'double-buffer') {
        const half = Math.floor(buffer.config.capacityBytes / 2);
        skip = Math.floor(skip / half) * half; // keep the ping-pong halves aligned
      }
      // Requests in flight at the cut complete during the pause instead of after the skipped
      // bytes, which runs the stream ahead by up to (bytes in flight) / rate: jump only where that
      // error is at most 1/MAX_JUMP_ERROR_RATIO of the skipped time, and where the skip is worth a window.
      const inFlight = buffer.positions.issued - buffer.positions.arrived;
      if (skip >= windowBytes && skip >= MAX_JUMP_ERROR_RATIO * inFlight) {
        this.jump(skip, tB - tA, windowBytes, snapA);
        sim.at(this.handle!.resumeAtPs, () => this.measure());
      } else if (this.segmentEnd < this.passEndPos) {
        sim.after(0, () => this.measure()); // this segment is too short: measure on in the next
      }
    };
    sim.at(tA + this.windowPs, decide);
  }

  /** Cuts `skip` bytes out of the stream, given a window of `windowPs` that moved `windowBytes`. */
  private jump(skip: number, windowPs: number, windowBytes: number, snapA: Map<string, number>): void {
    const { sim, stats, machine } = this.ctx;
    const factor = skip / windowBytes;
    const resumeAt = sim.now + Math.round(windowPs * factor);
    // What the window did, times the skipped bytes: memory requests, buffer accesses, TAU busy
    // time. TAU actions depend only on bytes, so they are counted exactly instead.
    stats.addDelta(snapA, requestDrivenSnapshot(this.ctx), factor);
    machine.tau.countActions(skip, this.op.dIn, this.op.batch, this.op.zeroFraction);
    this.handle!.totalBytes -= skip;
    this.handle!.resumeAtPs = resumeAt;
    machine.weightReader.pause();
    machine.weightReader.skipAndResume(skip, resumeAt);
  }
}

/**
 * Counters that scale with streamed bytes: the memory's request-driven actions and busy time, the
 * weight buffer's accesses, the TAU's busy and starved time (not its actions, counted exactly;
 * not refresh, which keeps running in simulated time during the pause).
 */
function requestDrivenSnapshot(ctx: MatVecContext): Map<string, number> {
  const { machine, stats } = ctx;
  const mem = machine.memory;
  const all = stats.snapshot([mem.name, machine.weightBuffer.name, machine.tau.name]);
  const keep = new Map<string, number>();
  for (const [key, v] of all) {
    const [comp, action] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
    const isMem = comp === mem.name || comp.startsWith(`${mem.name}.`);
    const isTau = comp === machine.tau.name || comp.startsWith(`${machine.tau.name}.`);
    if (isMem && action !== '#busy' && !mem.requestDrivenActions.includes(action)) continue;
    if (isTau && action !== '#busy') continue;
    keep.set(key, v);
  }
  return keep;
}
