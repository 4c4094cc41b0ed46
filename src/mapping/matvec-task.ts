import type { Simulator } from '../engine/simulator.js';
import type { Stats } from '../engine/stats.js';
import type { Task } from '../hw/issue-unit.js';
import type { TauArray, TauPassHandle } from '../hw/tau.js';
import type { StreamBuffer } from '../hw/sram-buffer.js';
import type { DenseFormat } from '../hw/packing.js';
import type { MatVecOp } from '../workload/ops.js';
import { packedRowBytes } from '../hw/packing.js';
import { coresStreamSideBySide, type Core, type Machine } from './machine.js';

/** Simulation mode: every event simulated, or steady-state streams extrapolated. */
export type SimMode = 'cycle' | 'fast';

/** Fast-mode settings. */
export interface FastModeOptions {
  /** Shortest measurement window in core cycles; rounded up to whole DRAM refresh intervals. */
  minWindowCycles: number;
  /**
   * Fewest identical decoder layers simulated after the first steady one; the folded layers take
   * their average time.
   */
  steadyLayers: number;
  /**
   * More steady layers are simulated until they span about this many DRAM refresh intervals
   * (estimated from the layer's weight bytes at peak bandwidth): an all-bank refresh stalls a
   * stream for about tRFC, so steady layers a few refresh intervals long are off by up to one
   * refresh more or less; this many intervals average it out.
   */
  steadyRefreshIntervals: number;
  /** Most steady layers simulated. */
  maxSteadyLayers: number;
  /**
   * Fold only when every steady layer's time lies within this share of their mean; otherwise
   * (layers that meet refreshes at different phases take different times) simulate every layer.
   */
  foldTolerance: number;
  /**
   * Stand a characterized memory (a pipe with the DRAM's profiled rate and latency, see
   * hw/characterized-memory.ts) in for a DRAM the weights stream from through pipelined requests.
   */
  characterizedMemory: boolean;
}

/** A jump must skip at least this many times the bytes in flight (bounds its error to 1/this). */
const MAX_JUMP_ERROR_RATIO = 400;

/** Request pipelines (maxOutstanding × requestBytes) a pass streams in detail before it jumps at a remembered rate. */
const WARM_PIPELINES = 4;

/** Request pipelines a pass streams in detail at its end after such a jump. */
const TAIL_PIPELINES = 1;

/** Parts of a pass each measured once (stratified sampling of the stream rate). */
const SEGMENTS = 8;

/** Requests a measurement window must hold before a pass jumps on its own measurement. */
const MIN_WINDOW_REQUESTS = 256;

/**
 * Requests a window must hold to be remembered as the steady rate of its key. Windows run from
 * an arrival to an arrival over whole refresh intervals, so the rate carries no partial request;
 * this only keeps a window from being a handful of bursty requests.
 */
const MIN_MEMO_REQUESTS = 16;

/** Default fast-mode settings (measured to keep fast within 0.5% of cycle mode on the shipped designs; see test/sim). */
export const DEFAULT_FAST_MODE: FastModeOptions = { minWindowCycles: 2048, steadyLayers: 2, steadyRefreshIntervals: 16, maxSteadyLayers: 8, foldTolerance: 0.01, characterizedMemory: true };

/**
 * Measured steady stream: over `windowPs` (whole DRAM refresh intervals, arrival to arrival; the
 * sum of several windows for a remembered rate) `windowBytes` of weights arrived, and the
 * request-driven counters grew by `delta`.
 */
interface StreamRate {
  windowPs: number;
  windowBytes: number;
  /** Bytes that arrived on every core in the window (the memory's actions served all of them). */
  allBytes: number;
  delta: Map<string, number>;
}

/**
 * Fast mode's memory of steady stream rates within one simulation, keyed by what sets the rate
 * of a pass besides the (fixed) memory system: the TAU's work per byte (dIn, batch, zero fraction).
 * The first pass of a key long enough to hold a measurement window measures it; later passes of
 * the key reuse it after a short warm-up, so passes shorter than a refresh interval jump too.
 */
export class StreamRateMemo {
  private readonly rates = new Map<string, StreamRate>();
  /**
   * Time from a paused stream's resumption to its first arrival (a request into an idle memory),
   * measured after a jump; null until measured. A jump resumes the reader this much before the
   * skipped bytes would have ended, so the first bytes after the cut arrive when a continuous
   * stream would have delivered them (requests in flight at the cut complete during the pause).
   */
  refillPs: number | null = null;

  /** The rate measured for `key`, if any. */
  get(key: string): StreamRate | undefined {
    return this.rates.get(key);
  }

  /**
   * Adds a window to the measurements of `key`. Every window of a key's first pass is summed (a
   * later pass of the key jumps at once): windows a few refresh intervals long each hold one
   * refresh more or less than their share, which the sum averages out.
   */
  remember(key: string, rate: StreamRate): void {
    const known = this.rates.get(key);
    if (!known) {
      this.rates.set(key, { windowPs: rate.windowPs, windowBytes: rate.windowBytes, allBytes: rate.allBytes, delta: new Map(rate.delta) });
      return;
    }
    known.windowPs += rate.windowPs;
    known.windowBytes += rate.windowBytes;
    known.allBytes += rate.allBytes;
    for (const [k, v] of rate.delta) known.delta.set(k, (known.delta.get(k) ?? 0) + v);
  }
}

/** The memo key of a pass of `op` on `array`: the work per streamed byte. */
function rateKey(op: MatVecOp, array: TauArray): string {
  return `${array.config.packing}|${op.dIn}|${op.batch}|${op.zeroFraction}`;
}

/** Context a matvec task needs besides its op. */
export interface MatVecContext {
  sim: Simulator;
  stats: Stats;
  machine: Machine;
  mode: SimMode;
  fast: FastModeOptions;
  /** Steady stream rates measured so far in this simulation (fast mode). */
  rates: StreamRateMemo;
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
  const dense = (op.weightDtype ?? 'ternary') !== 'ternary';
  const slices = matvecSlices(op, machine);
  const arrayOf = (core: Core): TauArray => (dense ? machine.denseMac(op.weightDtype as DenseFormat) : core.tau);
  return {
    deps,
    // A dense matvec runs on the vector unit's lanes as MACs.
    units: slices.flatMap((sl) => [dense ? 'vector' : sl.core.tau.name, sl.core.weightPort]),
    start: (signals) => {
      let left = slices.length;
      const sliceDone = (): void => {
        if (--left === 0) signals.done();
      };
      for (const sl of slices) {
        const part: MatVecOp = sl.rows === op.dOut ? op : { ...op, id: `${op.id}@core${sl.core.index}`, dOut: sl.rows };
        runMatVec(part, { ...ctx, addr: ctx.addr + sl.rowStart * packedRowBytes(arrayOf(sl.core).config.packing, op.dIn, op.zeroFraction) }, sl.core, arrayOf(sl.core), sliceDone);
      }
    },
  };
}

/** One core's share of a matvec: `rows` output rows from `rowStart`. */
export interface MatVecSlice {
  core: Core;
  rowStart: number;
  rows: number;
}

/**
 * How a matvec is spread over the design's cores: `rows` splits its output rows evenly (the
 * first cores take one more when they do not divide); `layers` runs decoder layer l on core
 * l mod count (the head and other layer-less matvecs on core 0). Dense matvecs run on the vector
 * lanes fed by core 0's weight stream.
 */
export function matvecSlices(op: MatVecOp, machine: Machine): MatVecSlice[] {
  const cores = machine.cores;
  const n = cores.length;
  if (n === 1 || (op.weightDtype ?? 'ternary') !== 'ternary') return [{ core: cores[0]!, rowStart: 0, rows: op.dOut }];
  if (machine.design.cores.partition === 'layers') return [{ core: cores[op.layer >= 0 ? op.layer % n : 0]!, rowStart: 0, rows: op.dOut }];
  const out: MatVecSlice[] = [];
  let rowStart = 0;
  for (let k = 0; k < n && rowStart < op.dOut; k++) {
    const rows = Math.floor(op.dOut / n) + (k < op.dOut % n ? 1 : 0);
    out.push({ core: cores[k]!, rowStart, rows });
    rowStart += rows;
  }
  return out;
}

function runMatVec(op: MatVecOp, ctx: MatVecContext, core: Core, tau: TauArray, done: () => void): void {
  const { machine } = ctx;
  const { weightBuffer, weightReader } = core;
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
    // Cores that split a matvec's rows stream side by side through one memory: a jump on one core
    // would take its traffic out from under the others, so their passes are simulated in full.
    const fast = ctx.mode === 'fast' && !coresStreamSideBySide(machine.design) ? new PassExtrapolator(ctx, op, core, tau, passStartPos, passEndPos) : null;
    const handle = tau.runPass(
      { bytes, rows, dIn: op.dIn, batch: op.batch, zeroFraction: op.zeroFraction, firstOfMatvec: pass === 0 },
      weightBuffer,
      () => {
        fast?.end();
        tau.runCopyOut(rows * op.batch, () => {
          pass++;
          passStartPos = passEndPos;
          if (pass < passes) runPass();
          else done();
        });
      },
    );
    // A pass whose engine must see its stream again (a LUT engine's column-chunk table builds) is
    // simulated in full: its rate changes at every chunk, which a window's extrapolation would blur.
    if (handle.uniform) fast?.begin(handle);
    else fast?.end();
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
    private readonly core: Core,
    private readonly tau: TauArray,
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
    const known = this.ctx.rates.get(rateKey(this.op, this.tau));
    if (known) {
      // The rate is known: stream a few request pipelines in detail, then jump.
      const { maxOutstanding, requestBytes } = this.ctx.machine.design.weightStream;
      const warmPs = Math.ceil((WARM_PIPELINES * maxOutstanding * requestBytes * known.windowPs) / known.windowBytes);
      this.ctx.sim.after(warmPs, () => this.jumpAtKnownRate(known));
      return;
    }
    this.ctx.sim.after(this.windowPs, () => this.measure()); // the first window is warm-up
  }

  /** One jump over the pass at a rate measured earlier, leaving a pipeline's worth at the end in detail. */
  private jumpAtKnownRate(rate: StreamRate): void {
    if (!this.active) return;
    const buffer = this.core.weightBuffer;
    const { maxOutstanding, requestBytes } = this.ctx.machine.design.weightStream;
    let skip = this.passEndPos - buffer.positions.issued - TAIL_PIPELINES * maxOutstanding * requestBytes;
    if (buffer.mode === 'double-buffer') {
      const half = Math.floor(buffer.config.capacityBytes / 2);
      skip = Math.floor(skip / half) * half;
    }
    if (skip < requestBytes) return;
    // In a continuous stream the byte after the cut arrives (in flight + skip) / rate from now;
    // a resumed reader's first request takes refillPs: start it that much earlier than that.
    const perByte = rate.windowPs / rate.windowBytes;
    const inFlightPs = (buffer.positions.issued - buffer.positions.arrived) * perByte;
    const memo = this.ctx.rates;
    const readerDelay = this.jump(skip, rate, Math.max(0, Math.round(inFlightPs - (memo.refillPs ?? inFlightPs))));
    const readerResume = this.handle!.resumeAtPs + readerDelay;
    this.ctx.sim.at(readerResume, () => {
      // Measure the refill where nothing is in flight any more (the pause outlasted the drain) and
      // the reader can issue at once: behind a full buffer the time to the first arrival would
      // include the wait for space, which is no refill.
      if (buffer.positions.issued - buffer.positions.arrived > 0 || buffer.freeForIssue() < requestBytes) return;
      const t0 = this.ctx.sim.now;
      buffer.onData(() => {
        memo.refillPs = this.ctx.sim.now - t0;
      });
    });
  }

  /** The pass ended: stop measuring. */
  end(): void {
    this.active = false;
  }

  /** Starts a measurement window at the next arrival (windows run from arrival to arrival, so no partial request skews the rate). */
  private measure(): void {
    if (!this.active) return;
    this.core.weightBuffer.onData(() => this.measureFromHere());
  }

  private measureFromHere(): void {
    if (!this.active) return;
    const { sim, machine } = this.ctx;
    const buffer = this.core.weightBuffer;
    const segment = Math.ceil((this.passEndPos - this.passStartPos) / SEGMENTS);
    this.segmentEnd = Math.min(this.passEndPos, Math.max(this.segmentEnd + segment, buffer.positions.issued));
    const tA = sim.now;
    const arrivedA = buffer.positions.arrived;
    const allArrivedA = arrivedOnAllCores(machine);
    const snapA = requestDrivenSnapshot(this.ctx, this.tau, this.core.weightBuffer);
    const { requestBytes } = machine.design.weightStream;
    const minWindowBytes = MIN_WINDOW_REQUESTS * requestBytes;
    const decide = (): void => {
      if (!this.active) return;
      const tB = sim.now;
      const windowBytes = buffer.positions.arrived - arrivedA;
      const left = this.passEndPos - buffer.positions.issued;
      const snapB = requestDrivenSnapshot(this.ctx, this.tau, this.core.weightBuffer);
      const window: StreamRate = { windowPs: tB - tA, windowBytes, allBytes: arrivedOnAllCores(machine) - allArrivedA, delta: new Map([...snapB].map(([k, v]) => [k, v - (snapA.get(k) ?? 0)])) };
      if (windowBytes >= MIN_MEMO_REQUESTS * requestBytes) this.ctx.rates.remember(rateKey(this.op, this.tau), window);
      if (windowBytes < minWindowBytes) {
        // Grow the window by whole refresh intervals while the pass is long enough to gain from it.
        if (left > 2 * minWindowBytes) sim.after(this.windowPs, () => buffer.onData(decide));
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
        this.jump(skip, window);
        sim.at(this.handle!.resumeAtPs, () => this.measure());
      } else if (this.segmentEnd < this.passEndPos) {
        sim.after(0, () => this.measure()); // this segment is too short: measure on in the next
      }
    };
    sim.at(tA + this.windowPs, () => buffer.onData(decide));
  }

  /**
   * Cuts `skip` bytes out of the stream at the rate of `window`: the memory's actions scale with
   * the bytes that arrived in it, the consumer's (buffer reads, TAU busy time) with the bytes the
   * TAU consumed in it (a window at a pass's start also drains what was prefetched).
   */
  private jump(skip: number, window: StreamRate, readerDelayPs = 0): number {
    const { sim, stats, machine } = this.ctx;
    const factor = skip / window.windowBytes;
    const { requestBytes } = machine.design.weightStream;
    const step = this.core.weightBuffer.stepBytes(requestBytes);
    const busyPs = (skip / step) * this.tau.stepCycles(step, this.op, this.core.weightBuffer) * machine.clock.periodPs;
    // The skipped bytes arrive at the window's rate; the TAU computes them after the step it is
    // in (a double-buffer half can take long): the stream goes on when both are done.
    const computedAt = Math.max(sim.now, this.handle!.busyUntilPs) + Math.round(busyPs);
    const arrivedAt = sim.now + Math.round(window.windowPs * factor);
    const resumeAt = Math.max(arrivedAt, computedAt);
    // What the window did, times the skipped bytes: the memory's requests and busy time. The
    // buffer's accesses and the TAU's actions depend only on bytes, so they are counted exactly;
    // the TAU computes each step's bytes (a double-buffer half, or an arrival) in whole cycles.
    const starvedKey = `${this.tau.name}.starved/#busy`;
    const exact = new Set([`${this.tau.name}/#busy`, starvedKey, `${this.core.weightBuffer.name}/read`, `${this.core.weightBuffer.name}/write`]);
    // The memory's actions served every core's bytes in the window: scale them by this core's skip
    // over all cores' arrivals.
    const extrapolated = (m: Map<string, number>) => new Map([...m].filter(([k]) => !exact.has(k)));
    stats.addDelta(new Map(), extrapolated(window.delta), window.allBytes > 0 ? skip / window.allBytes : factor);
    this.tau.addBusy(busyPs);
    // Waiting for weights: where the stream sets the pace, the array computes the skipped bytes
    // (busyPs) and waits the rest of the skipped time; none where it sets the pace. (Not the
    // window's waiting scaled: windows begin where a pause's refill leaves the array waiting, and
    // that share, scaled, put slim-llama-28nm's fp16 lm_head 1.2 points above cycle mode.)
    if (arrivedAt > computedAt) this.tau.addStarved(arrivedAt - computedAt);
    this.tau.countActions(skip, this.op.dIn, this.op.batch, this.op.zeroFraction);
    this.handle!.totalBytes -= skip;
    this.handle!.resumeAtPs = resumeAt;
    this.tau.pauseWaits(sim.now, resumeAt);
    // A stream the memory paces resumes its reader `readerDelayPs` late (see jumpAtKnownRate); one
    // the TAU paces keeps its reader a full buffer ahead, waiting for space, so the reader resumes
    // with the TAU (delaying it by the bytes in flight at the consumer's rate would starve the TAU
    // after every jump: BitNet-2B-4T's lm_head on the U280, 0.6% of its step).
    const delay = arrivedAt > computedAt ? readerDelayPs : 0;
    this.core.weightReader.pause();
    this.core.weightReader.skipAndResume(skip, resumeAt + delay);
    return delay;
  }
}

/** The request-driven counters of each (array, buffer) pair of a simulation (by its Stats), selected once. */
const requestDrivenSelections = new WeakMap<Stats, Map<string, { read(): Map<string, number> }>>();

/**
 * Counters that scale with streamed bytes: the memory's request-driven actions and busy time (all
 * cores' traffic), this core's weight buffer accesses, its array's busy and starved time (not its
 * actions, counted exactly; not refresh, which keeps running in simulated time during the pause).
 */
function requestDrivenSnapshot(ctx: MatVecContext, array: TauArray, buffer: StreamBuffer): Map<string, number> {
  let byPair = requestDrivenSelections.get(ctx.stats);
  if (!byPair) requestDrivenSelections.set(ctx.stats, (byPair = new Map()));
  const key = `${array.name}|${buffer.name}`;
  let selection = byPair.get(key);
  if (!selection) {
    const mem = ctx.machine.memory;
    const traffic = mem.trafficComponents;
    selection = ctx.stats.selection((comp, action) => {
      const isMem = traffic.some((c) => comp === c || comp.startsWith(`${c}.`));
      const isArray = comp === array.name || comp === `${array.name}.starved`;
      if (isMem) return action === '#busy' || mem.requestDrivenActions.includes(action);
      if (isArray) return action === '#busy';
      return comp === buffer.name; // not another core's parts
    });
    byPair.set(key, selection);
  }
  const snap = selection.read();
  // Waiting inside the window only: the counter adds a wait when it ends, all of it (a dense MAC
  // behind a slow interconnect waits across passes: slim-llama-28nm's fp16 lm_head read 8× its
  // step as starved from windows that ended long waits).
  snap.set(`${array.name}.starved/#busy`, array.starvedPs(ctx.sim.now));
  return snap;
}

/** Bytes that have arrived in every core's weight buffer (the memory serves them all). */
function arrivedOnAllCores(machine: Machine): number {
  return machine.cores.reduce((s, c) => s + c.weightBuffer.positions.arrived, 0);
}
