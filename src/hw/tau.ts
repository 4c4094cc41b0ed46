import type { ClockDomain } from '../engine/clock.js';
import type { Counter, Stats } from '../engine/stats.js';
import type { Simulator } from '../engine/simulator.js';
import { packedRowBytes, packingSpec, type PackingSpec, type WeightFormat } from './packing.js';
import type { StreamBuffer } from './sram-buffer.js';
import type { TauPass, TauPassHandle, TernaryEngine } from './ternary-engine.js';

export type { TauPass, TauPassHandle } from './ternary-engine.js';

/** Configuration of a ternary accumulate unit (TAU) array. */
export interface TauConfig {
  /** Parallel lanes (each works on its own output rows). */
  lanes: number;
  /** Weights each lane consumes per cycle (the width of its adder tree). */
  weightsPerLane: number;
  /** Accumulator width in bits (saturating). */
  accumulatorBits: number;
  /** Output rows the accumulator array holds; a matvec with more rows runs in several passes. */
  accumulators: number;
  /** Pipeline depth in cycles from a weight entering to its sum landing in the accumulator. */
  pipelineDepth: number;
  /** Results moved out of the accumulator array per cycle at the end of a pass. */
  copyOutPerCycle: number;
  /** Weight packing format in memory. */
  packing: WeightFormat;
  /** Whether zero weights gate the adder (saves energy; only the `bitmap` format also saves cycles). */
  zeroSkipping: boolean;
}

/**
 * The TAU array: each cycle it performs lanes × weightsPerLane sign-select accumulations
 * (add 0, +x or −x), limited by the weights that have arrived in its input buffer and by the
 * buffer's read bandwidth. A weight byte is released once every token of the batch has used it.
 * Counts tau.acc (non-zero, or every weight without zero-skipping), tau.skip, tau.decode, tau.copyOut.
 */
export class TauArray implements TernaryEngine {
  readonly packing: PackingSpec;
  protected readonly acc: Counter;
  protected readonly skip: Counter;
  protected readonly decode: Counter;
  private readonly copyOut: Counter;
  protected readonly busy: Counter;
  private readonly starved: Counter;
  /** Start times of the waits for weights in progress (one per pass that waits; counted into `starved` when they end). */
  private readonly openWaits = new Set<{ since: number }>();

  constructor(
    protected readonly sim: Simulator,
    protected readonly clock: ClockDomain,
    readonly config: TauConfig,
    stats: Stats,
    readonly name = 'tau',
  ) {
    this.packing = packingSpec(config.packing);
    this.acc = stats.counter(name, 'acc');
    this.skip = stats.counter(name, 'skip');
    this.decode = stats.counter(name, 'decode');
    this.copyOut = stats.counter(name, 'copyOut');
    this.busy = stats.busyCounter(name);
    this.starved = stats.busyCounter(`${name}.starved`);
  }

  /** Accumulations per cycle. */
  get opsPerCycle(): number {
    return this.config.lanes * this.config.weightsPerLane;
  }

  /** Weights (zeros included) that `bytes` of packed rows of `dIn` hold. */
  weightsIn(bytes: number, dIn: number, zeroFraction: number): number {
    return (bytes * dIn) / packedRowBytes(this.config.packing, dIn, zeroFraction);
  }

  /** Counts the actions of `bytes` of weights (rows of `dIn`) used by `batch` tokens (also used for extrapolated bytes). */
  countActions(bytes: number, dIn: number, batch: number, zeroFraction: number): void {
    const weights = this.weightsIn(bytes, dIn, zeroFraction) * batch;
    if (this.config.zeroSkipping || this.packing.computesNonZerosOnly) {
      this.acc.value += weights * (1 - zeroFraction);
      this.skip.value += weights * zeroFraction;
    } else {
      this.acc.value += weights;
    }
    if (this.packing.decodeLookup) this.decode.value += bytes;
  }

  /** Adds busy time (fast mode: extrapolated compute time). */
  addBusy(ps: number): void {
    this.busy.value += ps;
  }

  /** Cycles one step takes on `bytes` of a pass read from `source` (whole cycles; a partly filled last one leaves lanes idle). */
  stepCycles(bytes: number, pass: Pick<TauPass, 'dIn' | 'batch' | 'zeroFraction'>, source: StreamBuffer): number {
    const { opsPerByte, perCycle } = this.rates(pass, source);
    return Math.max(1, Math.ceil((bytes * opsPerByte) / perCycle - 1e-9));
  }

  /** Accumulations each byte feeds (its weights, non-zeros only when the format lists them, × tokens) and per cycle. */
  private rates(pass: Pick<TauPass, 'dIn' | 'batch' | 'zeroFraction'>, source: StreamBuffer): { opsPerByte: number; perCycle: number } {
    const nonZeroShare = this.packing.computesNonZerosOnly ? 1 - pass.zeroFraction : 1;
    const opsPerByte = this.weightsIn(1, pass.dIn, pass.zeroFraction) * nonZeroShare * pass.batch;
    return { opsPerByte, perCycle: Math.min(this.opsPerCycle, source.readBytesPerCycle * opsPerByte) };
  }

  /**
   * Time the array has waited for weights up to `now` (ps), waits still in progress included up to
   * `now`: a window's difference of two readings is the waiting inside the window (the counter
   * alone adds a wait when it ends, all of it, however long before the window it began).
   */
  starvedPs(now: number): number {
    let ps = this.starved.value;
    for (const w of this.openWaits) ps += Math.max(0, now - w.since);
    return ps;
  }

  /**
   * Fast mode pauses the stream from `fromPs` to `toPs` (a jump): a wait for weights in progress
   * is counted up to the pause and goes on from its end (the pause is no starvation: the skipped
   * bytes' waits are extrapolated separately; a step waiting for data would otherwise count the
   * whole pause when the data comes).
   */
  pauseWaits(fromPs: number, toPs: number): void {
    for (const w of this.openWaits) {
      this.starved.value += Math.max(0, fromPs - w.since);
      w.since = Math.max(toPs, fromPs);
    }
  }

  /** Adds time the array waited for weights (fast mode: the extrapolated part of a stream). */
  addStarved(ps: number): void {
    this.starved.value += ps;
  }

  /**
   * Runs one pass on weights from `source`. Calls `onComputed(t)` when the last accumulation has
   * left the pipeline. `progress(bytesConsumed)` is called after each step (fast mode uses it).
   * Returns a handle that can shorten the pass (fast mode skips extrapolated bytes).
   */
  runPass(pass: TauPass, source: StreamBuffer, onComputed: (t: number) => void, progress?: (bytesConsumed: number) => void): TauPassHandle {
    const period = this.clock.periodPs;
    const gate = this.passGate(pass);
    const handle: TauPassHandle = { totalBytes: pass.bytes, consumedBytes: 0, resumeAtPs: 0, busyUntilPs: 0, uniform: !gate || gate.uniform };
    let released = 0;
    const wait = { since: -1 };
    const endWait = (t: number): void => {
      if (wait.since < 0) return;
      this.starved.value += Math.max(0, t - wait.since);
      wait.since = -1;
      this.openWaits.delete(wait);
    };

    // Each step works on every byte that has arrived (in a double buffer, up to the end of the
    // half it drains, so that half is freed as soon as it is done), for as many cycles as its
    // accumulations take; a last, partly filled cycle leaves lanes idle rather than waiting for
    // more (waiting could deadlock a double buffer, which frees a half only once it is consumed).
    const step = (): void => {
      const t = this.sim.now;
      if (t < handle.resumeAtPs) {
        // A fast-mode pause is not starvation: the skipped bytes' waits are extrapolated separately.
        endWait(t);
        this.sim.at(this.clock.edgeAtOrAfter(handle.resumeAtPs), step);
        return;
      }
      if (gate) {
        // A LUT engine's tables for the bytes at `released` may still be building.
        const ready = gate.readyAt(released, t);
        if (ready > t) {
          endWait(t);
          this.sim.at(this.clock.edgeAtOrAfter(ready), step);
          return;
        }
      }
      const available = Math.min(source.readable(), handle.totalBytes - released, source.stepLimit(), gate ? gate.bytesToGate(released) : Infinity);
      if (available <= 0) {
        if (released >= handle.totalBytes) {
          this.finishPass(t, onComputed);
          return;
        }
        if (wait.since < 0) {
          wait.since = t;
          this.openWaits.add(wait);
        }
        source.onReadable(() => this.sim.at(this.clock.edgeAtOrAfter(this.sim.now), step));
        return;
      }
      endWait(t);
      const k = this.stepCycles(available, pass, source);
      this.busy.value += k * period;
      handle.busyUntilPs = t + k * period;
      this.sim.at(t + k * period, () => {
        released += available;
        handle.consumedBytes = released;
        this.countActions(available, pass.dIn, pass.batch, pass.zeroFraction);
        source.consume(available);
        if (progress) progress(released);
        step();
      });
    };
    this.sim.at(this.clock.edgeAtOrAfter(this.sim.now), step);
    return handle;
  }

  /**
   * Where a pass must wait besides for weights: none for the adder tree; a LUT engine waits at
   * each column chunk for its tables (see LutEngine).
   */
  protected passGate(_pass: TauPass): PassGate | null {
    return null;
  }

  /** Copies `results` accumulators out of the array (the array is busy meanwhile); calls `onDone` after. */
  runCopyOut(results: number, onDone: () => void): void {
    const cycles = Math.ceil(results / this.config.copyOutPerCycle);
    this.copyOut.value += results;
    this.busy.value += cycles * this.clock.periodPs;
    this.sim.after(cycles * this.clock.periodPs, onDone);
  }

  private finishPass(t: number, onComputed: (t: number) => void): void {
    const drain = this.clock.cycles(this.config.pipelineDepth + this.packing.decodeLatencyCycles);
    this.sim.at(t + drain, () => onComputed(this.sim.now));
  }
}

/** Gates inside a pass (a LUT engine's table builds at column-chunk boundaries), in the engine's consumption order. */
export interface PassGate {
  /** Earliest time (ps) the engine may work on the byte at consumed position `consumed` (`now` or earlier: at once). */
  readyAt(consumed: number, now: number): number;
  /** Bytes from consumed position `consumed` to the next gate (Infinity: none). */
  bytesToGate(consumed: number): number;
  /** Whether no gate lies inside the pass (one at its start at most). */
  uniform: boolean;
}
