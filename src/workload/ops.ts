/**
 * The op graph: what a model asks of the hardware for one phase (a decode step). Ops are
 * hardware-neutral: shapes, element counts, dependencies. The mapping decides which unit runs
 * each op and what it costs on a given design.
 */

/** Element-wise functions a vector/special-function unit provides. */
export type ElementwiseFn = 'add' | 'sub' | 'mul' | 'div' | 'exp' | 'sigmoid' | 'silu';

/** All element-wise function names, for validation. */
export const ELEMENTWISE_FNS: readonly ElementwiseFn[] = ['add', 'sub', 'mul', 'div', 'exp', 'sigmoid', 'silu'];

/** All op kinds, for validation. */
export const OP_KINDS: readonly Op['kind'][] = ['matvec', 'elementwise', 'rmsnorm', 'quantize', 'load', 'store', 'attention'];

/** Fields every op has. */
export interface OpBase {
  /** Unique id within the graph. */
  id: string;
  /** Ids of ops whose results this op reads (all appear earlier in the list). */
  deps: string[];
  /** Decoder layer index, or -1 for ops outside the repeated blocks (embedding, final norm, head). */
  layer: number;
  /**
   * Optional vector-register operands, for programs written for a register machine (the paper's
   * FPGA core): the destination register and the source registers. Designs with a register
   * scoreboard stall on them; other designs ignore them.
   */
  regs?: { dst: number | null; src: number[] };
}

/** Number formats of weight matrices. Accelerator TAU arrays run `ternary`; the GPU baseline runs the others. */
export type WeightDtype = 'ternary' | 'bf16' | 'fp16' | 'int8' | 'int4';

/** y[b] = W x[b] for a W of dOut × dIn (ternary unless `weightDtype` says otherwise), reused across the `batch` tokens of the step. */
export interface MatVecOp extends OpBase {
  kind: 'matvec';
  /** Number format of W; absent means ternary. */
  weightDtype?: WeightDtype;
  /** Name of the weight tensor (unique per distinct matrix). */
  weight: string;
  dIn: number;
  dOut: number;
  /** Tokens that share each weight fetch. */
  batch: number;
  /** Fraction of weights equal to zero, in [0, 1). */
  zeroFraction: number;
}

/** `length` independent element-wise operations (length already includes the batch). */
export interface ElementwiseOp extends OpBase {
  kind: 'elementwise';
  fn: ElementwiseFn;
  length: number;
}

/** RMSNorm of `rows` vectors of `length` elements: square, sum-reduce, rsqrt, scale. */
export interface RmsNormOp extends OpBase {
  kind: 'rmsnorm';
  length: number;
  rows: number;
}

/** Per-token absmax int8 activation quantization of `rows` vectors of `length`: |x| max-reduce, scale, round. */
export interface QuantizeOp extends OpBase {
  kind: 'quantize';
  length: number;
  rows: number;
}

/** A vector transfer between DRAM and the core: a load (embedding row, recurrent state) or a store. */
export interface TransferOp extends OpBase {
  kind: 'load' | 'store';
  /** Tensor name, e.g. `embedding`, `layer3.h` (recurrent state), `x`. */
  tensor: string;
  bytes: number;
  /** `state`: recurrent state (a design may keep it on-chip); `activation`: a model input/output; `embedding`: the embedding table row. */
  space: 'state' | 'activation' | 'embedding';
}

/**
 * Softmax attention of `batch` query tokens against a cache of `context` key/value positions, for
 * one layer: scores = q·Kᵀ per head, softmax, then Σ p·V. Not ternary: the products are of
 * activations. The K and V cache (kvHeads × headDim values per position each) is read from memory;
 * the new token's K and V are appended (written).
 */
export interface AttentionOp extends OpBase {
  kind: 'attention';
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Positions attended to by each query token (the context length, including the new token). */
  context: number;
  /** Query tokens (sequences in a decode step; prompt tokens in prefill). */
  batch: number;
  /** Bytes per cached K/V element (2 for fp16/bf16, 1 for int8). */
  kvBytesPerElement: number;
}

/** Any op. */
export type Op = MatVecOp | ElementwiseOp | RmsNormOp | QuantizeOp | TransferOp | AttentionOp;

/** Parameter counts of a model, in numbers of parameters. */
export interface ParamCounts {
  total: number;
  /** Ternary weights inside the decoder blocks. */
  ternaryBlocks: number;
  /** Ternary lm_head weights (0 when the head is not ternary). */
  ternaryHead: number;
  /** Full-precision embedding parameters. */
  embedding: number;
  /** Norm gains and other full-precision parameters. */
  other: number;
}

/** One phase of a model as an op graph. */
export interface Workload {
  /** Model identity, e.g. `mmfree-1.3b` or a config file's name. */
  model: string;
  family: 'hgrn_bit' | 'bitnet' | 'llama' | 'trace';
  /** `decode`: one new token per sequence at context `context`; `prefill`: a prompt of `batch` tokens. */
  phase: 'decode' | 'prefill';
  /** Context length the step runs at (tokens already in the KV cache + the new ones); 0 for recurrent models that keep no cache. */
  context?: number;
  batch: number;
  /** Number of decoder layers (ops carry their layer index). */
  layers: number;
  ops: Op[];
  params: ParamCounts | null;
}
