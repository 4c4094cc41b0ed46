/**
 * The MatMul-free LM (HGRN-Bit) as an op graph: one decode step at batch B or a prefill of N
 * tokens per sequence, and its parameter counts. Follows the released code (github.com/ridgerchu/matmulfreellm: HGRNBitForCausalLM,
 * HGRNBitBlock, HGRNBitAttention, HGRNBitMLP, BitLinear) as FACTS.md §1 describes it; the choices
 * where the graph abstracts the code are listed in docs/workloads.md.
 */

import { ConfigError } from './config-error.js';
import type { HgrnBitConfig } from './hf-config.js';
import { checkWorkload } from './graph-check.js';
import { OpGraphBuilder } from './graph-builder.js';
import type { ParamCounts, Workload } from './ops.js';

/** Options of {@link buildHgrnBitDecode}. */
export interface HgrnBitDecodeOptions {
  /** Sequences decoded together (each layer's weights are fetched once for all of them). */
  batch: number;
  /** Fraction of ternary weights equal to zero, in [0, 1). Default 0.31 (absmean on Gaussian weights, FACTS §1). */
  zeroFraction?: number;
  /** Model identity written into the workload, e.g. `mmfree-1.3b` or a config file's name. */
  model: string;
}

/** Options of {@link buildHgrnBit}. */
export interface HgrnBitBuildOptions extends HgrnBitDecodeOptions {
  /** Default `decode`. */
  phase?: 'decode' | 'prefill';
  /** Prefill only: prompt tokens per sequence (default {@link DEFAULT_PROMPT_TOKENS}). */
  promptTokens?: number;
}

/** Default zero fraction of absmean-ternarized Gaussian-like weights (FACTS.md §1, derived). */
export const DEFAULT_ZERO_FRACTION = 0.31;

/** Bytes per element of the full-precision tensors moved to/from DRAM (fp16: embedding rows, h state, logits). */
export const FP16_BYTES = 2;

/**
 * Parameter counts of an HGRN-Bit model, as the released code allocates them:
 * - embedding: vocab·d (full precision);
 * - ternaryBlocks: L·(4·d·E + 3·d·I) with E = d·expand_ratio (i/f/g/o projections, gate_proj d→2I,
 *   down_proj I→d); 4d² + 3dI per layer for the released configs;
 * - ternaryHead: vocab·d (lm_head is a ternary BitLinear, not tied);
 * - other: every RMSNorm gain (per layer attn_norm d, i/f/g BitLinear norms 3d, g_norm E,
 *   o_proj norm E, mlp_norm d, gate_proj norm d, down_proj norm I; the final norm d; lm_head's
 *   BitLinear norm d) plus the forget-gate lower bounds L·d when `use_lower_bound`.
 */
export function hgrnBitParamCounts(config: HgrnBitConfig): ParamCounts {
  const d = config.hiddenSize;
  const e = d * config.expandRatio;
  const i = config.intermediateSize;
  const L = config.numHiddenLayers;
  const v = config.vocabSize;
  const embedding = v * d;
  const ternaryBlocks = L * (4 * d * e + 3 * d * i);
  const ternaryHead = v * d;
  const normsPerLayer = d + 3 * d + e + e + d + d + i;
  const other = L * normsPerLayer + d + d + (config.useLowerBound ? L * d : 0);
  return { total: embedding + ternaryBlocks + ternaryHead + other, ternaryBlocks, ternaryHead, denseBlocks: 0, denseHead: 0, embedding, other };
}

/**
 * BitLinear(dIn → dOut) of the released code over `tokens` tokens: its own RMSNorm (gain of dIn),
 * per-token absmax int8 quantization, the ternary matvec, and one dequantization multiply per
 * output (1 / (activation scale · weight scale)). Returns the id of the dequantized output.
 */
function bitLinear(b: OpGraphBuilder, prefix: string, layer: number, input: string, weight: string, dIn: number, dOut: number, tokens: number, zeroFraction: number): string {
  const n = b.norm(`${prefix}.norm`, layer, input, dIn, tokens);
  const q = b.quantize(`${prefix}.quant`, layer, n, dIn, tokens);
  const mv = b.matvec(`${prefix}.matvec`, layer, q, weight, dIn, dOut, tokens, zeroFraction);
  return b.ew(`${prefix}.dequant`, layer, 'mul', [mv], dOut * tokens);
}

/**
 * The op graph of ONE decode step of an HGRN-Bit model at batch B (ops in program order):
 * embedding row load; per layer attn_norm → MLGRU (i/f/g BitLinears, σ, lower bound except layer
 * 0, SiLU, recurrence h = f⊙h₋₁ + (1−f)⊙c with h loaded before and stored after, output gate
 * RMSNorm(g)⊙SiLU(h), o_proj) → residual → mlp_norm → GLU (gate_proj d→2I, SiLU·up, down_proj) →
 * residual; final norm; ternary lm_head; logits store. Weight names are the HF parameter names.
 */
export function buildHgrnBitDecode(config: HgrnBitConfig, opts: HgrnBitDecodeOptions): Workload {
  return buildHgrnBit(config, { ...opts, phase: 'decode' });
}

/**
 * The op graph of one phase of an HGRN-Bit model. Decode: as {@link buildHgrnBitDecode}.
 * Prefill of N = `promptTokens` tokens for each of S = `batch` sequences (T = N·S tokens): the same
 * ops, every projection a matvec over T tokens (weights fetched once), every norm and
 * element-wise op over T tokens (the recurrence's N steps are counted as N·d element operations
 * per sequence), the embedding rows of T tokens, the recurrent state loaded and stored once per
 * sequence; the final norm over T tokens, but the lm_head (norm, quantize, matvec, dequant) and
 * the logits store for the last token of each sequence only (S rows), as a generator needs.
 */
export function buildHgrnBit(config: HgrnBitConfig, opts: HgrnBitBuildOptions): Workload {
  const phase = opts.phase ?? 'decode';
  const sequences = opts.batch;
  const zeroFraction = opts.zeroFraction ?? DEFAULT_ZERO_FRACTION;
  checkDecodeOptions(sequences, zeroFraction);
  const n = phase === 'prefill' ? opts.promptTokens ?? DEFAULT_PROMPT_TOKENS : 1;
  if (phase !== 'decode' && phase !== 'prefill') throw new ConfigError('phase', '"decode" or "prefill"', phase);
  if (phase === 'decode' && opts.promptTokens !== undefined) {
    throw new ConfigError('promptTokens', 'nothing in a decode step (prompt tokens are a prefill option)', opts.promptTokens);
  }
  checkPromptTokens(n);
  const T = n * sequences;
  const d = config.hiddenSize;
  const e = d * config.expandRatio;
  const I = config.intermediateSize;
  const b = new OpGraphBuilder();
  const bl = (prefix: string, layer: number, input: string, weight: string, dIn: number, dOut: number, tokens = T) =>
    bitLinear(b, prefix, layer, input, weight, dIn, dOut, tokens, zeroFraction);

  let x = b.transfer('load', 'embeddings.load', -1, [], 'embedding', 'embedding', FP16_BYTES * d * T);

  for (let l = 0; l < config.numHiddenLayers; l++) {
    const p = `layers.${l}`;
    const w = `model.layers.${l}`;
    // Token mixer: MLGRU (HGRNBitAttention).
    const xn = b.norm(`${p}.attn_norm`, l, x, d, T);
    const hPrev = b.transfer('load', `${p}.attn.h.load`, l, [], `layer${l}.h`, 'state', FP16_BYTES * e * sequences);
    const i = bl(`${p}.attn.i_proj`, l, xn, `${w}.attn.i_proj.weight`, d, e);
    const fLin = bl(`${p}.attn.f_proj`, l, xn, `${w}.attn.f_proj.weight`, d, e);
    const g = bl(`${p}.attn.g_proj`, l, xn, `${w}.attn.g_proj.weight`, d, e);
    let f = b.ew(`${p}.attn.f.sigmoid`, l, 'sigmoid', [fLin], e * T);
    if (config.useLowerBound && l > 0) {
      // f = lb + (1 - lb)·f; lb (and 1 - lb) are per-layer constants at inference. Layer 0 has lb = 0.
      const scaled = b.ew(`${p}.attn.f.lb_mul`, l, 'mul', [f], e * T);
      f = b.ew(`${p}.attn.f.lb_add`, l, 'add', [scaled], e * T);
    }
    const c = b.ew(`${p}.attn.c.silu`, l, 'silu', [i], e * T);
    const oneMinusF = b.ew(`${p}.attn.one_minus_f`, l, 'sub', [f], e * T);
    const decay = b.ew(`${p}.attn.h.decay`, l, 'mul', [f, hPrev], e * T);
    const input = b.ew(`${p}.attn.h.input`, l, 'mul', [oneMinusF, c], e * T);
    const h = b.ew(`${p}.attn.h.add`, l, 'add', [decay, input], e * T);
    b.transfer('store', `${p}.attn.h.store`, l, [h], `layer${l}.h`, 'state', FP16_BYTES * e * sequences);
    // Output gate: FusedRMSNormSwishGate(g, h) = RMSNorm(g)·w ⊙ SiLU(h).
    const gn = b.norm(`${p}.attn.g_norm`, l, g, e, T);
    const hs = b.ew(`${p}.attn.g_norm.silu`, l, 'silu', [h], e * T);
    const gated = b.ew(`${p}.attn.g_norm.mul`, l, 'mul', [gn, hs], e * T);
    const o = bl(`${p}.attn.o_proj`, l, gated, `${w}.attn.o_proj.weight`, e, d);
    const r1 = b.ew(`${p}.attn.residual`, l, 'add', [x, o], d * T);
    // Channel mixer: GLU (HGRNBitMLP).
    const mn = b.norm(`${p}.mlp_norm`, l, r1, d, T);
    const gu = bl(`${p}.mlp.gate_proj`, l, mn, `${w}.mlp.gate_proj.weight`, d, 2 * I);
    const act = b.ew(`${p}.mlp.silu`, l, 'silu', [gu], I * T);
    const prod = b.ew(`${p}.mlp.mul`, l, 'mul', [act, gu], I * T);
    const down = bl(`${p}.mlp.down_proj`, l, prod, `${w}.mlp.down_proj.weight`, I, d);
    x = b.ew(`${p}.mlp.residual`, l, 'add', [r1, down], d * T);
  }

  const fn = b.norm('norm', -1, x, d, T);
  const logits = bl('lm_head', -1, fn, 'lm_head.weight', d, config.vocabSize, sequences);
  b.transfer('store', 'logits.store', -1, [logits], 'logits', 'activation', FP16_BYTES * config.vocabSize * sequences);

  const w: Workload = {
    model: opts.model,
    family: 'hgrn_bit',
    phase,
    context: 0,
    batch: T,
    ...(sequences === T ? {} : { sequences }),
    layers: config.numHiddenLayers,
    ops: b.ops,
    params: hgrnBitParamCounts(config),
  };
  checkWorkload(w);
  return w;
}

/** Prompt tokens of a prefill when none are given. */
export const DEFAULT_PROMPT_TOKENS = 1024;

/** The most prompt tokens a prefill may have (sizes stay far below 2^53). */
export const MAX_PROMPT_TOKENS = 2 ** 20;

/** Validates a prefill's prompt length; throws {@link ConfigError}. */
export function checkPromptTokens(n: unknown): void {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0 || n > MAX_PROMPT_TOKENS) {
    throw new ConfigError('promptTokens', `an integer from 1 to ${MAX_PROMPT_TOKENS}`, n);
  }
}

/** Validates the batch and zero-fraction options of a builder; throws {@link ConfigError}. */
export function checkDecodeOptions(batch: unknown, zeroFraction: unknown): void {
  if (typeof batch !== 'number' || !Number.isSafeInteger(batch) || batch <= 0) {
    throw new ConfigError('batch', 'a positive integer', batch);
  }
  if (typeof zeroFraction !== 'number' || !(zeroFraction >= 0 && zeroFraction < 1)) {
    throw new ConfigError('zeroFraction', 'a number in [0, 1)', zeroFraction);
  }
}
