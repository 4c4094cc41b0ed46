/**
 * The op graph: what a model asks of the hardware for one phase (a decode step or a prefill).
 * Ops are hardware-neutral: shapes, element counts, dependencies. The mapping decides which unit
 * runs each op and what it costs on a given design.
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

/** All weight dtypes, for validation. */
export const WEIGHT_DTYPES: readonly WeightDtype[] = ['ternary', 'bf16', 'fp16', 'int8', 'int4'];

/** y[b] = W x[b] for a W of dOut × dIn (ternary unless `weightDtype` says otherwise), reused across the `batch` tokens of the step. */
export interface MatVecOp extends OpBase {
  kind: 'matvec';
  /**
   * Number format of W; absent means ternary. Canonical form: builders and the trace reader leave
   * it absent for ternary weights, so `'ternary'` and absent compare unequal only in hand-made ops.
   */
  weightDtype?: WeightDtype;
  /** Name of the weight tensor (unique per distinct matrix). */
  weight: string;
  dIn: number;
  dOut: number;
  /** Tokens that share each weight fetch (decode: sequences; prefill: prompt tokens × sequences). */
  batch: number;
  /** Fraction of weights equal to zero, in [0, 1) (0 for dense weights). */
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
 * the new tokens' K and V are appended (written).
 *
 * Decode (`sequences` absent): each of the `batch` query tokens is its own sequence and attends
 * `context` positions (its cache, including itself). Prefill (`sequences` = S < batch): the
 * `batch` queries are q = batch/S consecutive new tokens of each of S sequences, with causal
 * masking: query j (0-based) of a sequence attends context − q + 1 + j positions, so the last one
 * attends `context`. Costs (scores, MACs, K/V bytes) are defined once, in `attentionCost`
 * (src/workload/attention-cost.ts); mappings should use it rather than re-deriving them.
 */
export interface AttentionOp extends OpBase {
  kind: 'attention';
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Positions attended to by each query token (the context length, including the new token). */
  context: number;
  /** Query tokens (sequences in a decode step; prompt tokens × sequences in prefill). */
  batch: number;
  /**
   * Sequences the queries belong to (each with its own K/V cache), a divisor of `batch`. Absent
   * means `batch` (decode: one query per sequence); canonical form omits it when equal to batch.
   */
  sequences?: number;
  /** Bytes per cached K/V element (2 for fp16/bf16, 1 for int8). */
  kvBytesPerElement: number;
}

/** A workload's identity as traces and summaries state it, every optional field explicit (`sequences` = batch, `context` 0). */
export function workloadIdentity(w: Workload): { model: string; family: WorkloadFamily; phase: WorkloadPhase; batch: number; sequences: number; context: number; layers: number; ops: number } {
  return { model: w.model, family: w.family, phase: w.phase, batch: w.batch, sequences: w.sequences ?? w.batch, context: w.context ?? 0, layers: w.layers, ops: w.ops.length };
}

/** Whether a design with a host keeps this transfer's tensor on the host: the embedding row a step reads and the logits it returns. */
export function isHostResident(op: TransferOp): boolean {
  return op.space === 'embedding' || op.tensor === 'logits';
}

/** Any op. */
export type Op = MatVecOp | ElementwiseOp | RmsNormOp | QuantizeOp | TransferOp | AttentionOp;

/** Parameter counts of a model, in numbers of parameters. */
export interface ParamCounts {
  /** The sum of every other field (the optional ones counting as 0). */
  total: number;
  /** Ternary weights inside the decoder blocks. */
  ternaryBlocks: number;
  /** Ternary lm_head weights (0 when the head is not ternary). */
  ternaryHead: number;
  /** Full-precision (bf16/fp16/int8/int4) matvec weights inside the decoder blocks (Llama-style models). Absent means 0; builders and the trace reader always set it. */
  denseBlocks?: number;
  /** Full-precision lm_head weights; 0 when the head is ternary or tied to the embedding (then counted in `embedding`). Absent means 0. */
  denseHead?: number;
  /** Full-precision embedding parameters (a tied lm_head reuses them). */
  embedding: number;
  /** Norm gains and other small full-precision parameters. */
  other: number;
}

/** Workload families. */
export type WorkloadFamily = 'hgrn_bit' | 'bitnet' | 'llama' | 'trace';

/** Workload phases. */
export type WorkloadPhase = 'decode' | 'prefill';

/** One phase of a model as an op graph. */
export interface Workload {
  /** Model identity, e.g. `mmfree-1.3b` or a config file's name. */
  model: string;
  family: WorkloadFamily;
  /**
   * `decode`: one new token for each of `batch` sequences at context `context`; `prefill`: a
   * prompt of batch/sequences tokens for each of `sequences` sequences (batch = all tokens).
   */
  phase: WorkloadPhase;
  /** Context length the step runs at (tokens already in the KV cache + the new ones); 0 for recurrent models that keep no cache. Builders and the trace reader always set it. */
  context?: number;
  /** Tokens processed by the step: sequences in decode, prompt tokens × sequences in prefill (tokens/s counts these). */
  batch: number;
  /** Sequences in the step, a divisor of `batch`; absent means `batch` (decode). Canonical form omits it when equal to batch. */
  sequences?: number;
  /** Number of decoder layers (ops carry their layer index). */
  layers: number;
  ops: Op[];
  params: ParamCounts | null;
}
