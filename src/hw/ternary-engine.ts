import type { PackingSpec, WeightFormat } from './packing.js';
import type { StreamBuffer } from './sram-buffer.js';

/**
 * The contract between the mapping and a ternary matmul engine (the adder-tree TAU array or the
 * LUT engine): weights stream in from a buffer, partial sums collect in an accumulator array of
 * `accumulators` output rows, and are copied out at the end of each pass. The mapping picks the
 * engine by the design's `tau.engine`; nothing else branches on it.
 */
export interface TernaryEngine {
  /** Component name in Stats (`tau`, `tau.core1`, `denseMac`). */
  readonly name: string;
  readonly config: { packing: WeightFormat; accumulators: number };
  readonly packing: PackingSpec;
  /** Weights (zeros included) that `bytes` of packed rows of `dIn` hold. */
  weightsIn(bytes: number, dIn: number, zeroFraction: number): number;
  /** Counts the actions of `bytes` of weights (rows of `dIn`) used by `batch` tokens (also for extrapolated bytes). */
  countActions(bytes: number, dIn: number, batch: number, zeroFraction: number): void;
  /** Adds busy time (fast mode: extrapolated compute time). */
  addBusy(ps: number): void;
  /** Adds time the engine waited for weights (fast mode: the extrapolated part of a stream). */
  addStarved(ps: number): void;
  /** Whole cycles one step takes on `bytes` of a pass read from `source`. */
  stepCycles(bytes: number, pass: Pick<TauPass, 'dIn' | 'batch' | 'zeroFraction'>, source: StreamBuffer): number;
  /** Runs one pass on weights from `source`; see TauArray.runPass. */
  runPass(pass: TauPass, source: StreamBuffer, onComputed: (t: number) => void, progress?: (bytesConsumed: number) => void): TauPassHandle;
  /** Copies `results` accumulators out of the array (busy meanwhile); calls `onDone` after. */
  runCopyOut(results: number, onDone: () => void): void;
}

/** A pass: the accumulator array computes `rows` outputs for each of `batch` tokens from `bytes` of packed rows of `dIn` weights. */
export interface TauPass {
  bytes: number;
  rows: number;
  dIn: number;
  batch: number;
  zeroFraction: number;
  /** Whether this is the first pass of its matvec (a LUT engine whose tables hold the whole input vector builds them only then). Absent: true. */
  firstOfMatvec?: boolean;
}

/** A running pass: its length in bytes (fast mode may shorten it), its progress, and a pause (fast mode). */
export interface TauPassHandle {
  totalBytes: number;
  consumedBytes: number;
  /** The array does no work before this time (ps). */
  resumeAtPs: number;
  /** When the step in progress (or the last one) ends (ps). */
  busyUntilPs: number;
  /**
   * Whether the engine works through the pass at one rate, so fast mode may extrapolate its
   * stream: false when it stops inside the pass (a LUT engine's column-chunk table builds).
   */
  uniform: boolean;
}
