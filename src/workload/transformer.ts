/**
 * Llama-style decoder Transformers as op graphs — plain Llama (Transformer++, dense bf16
 * projections; the GPU baseline's models) and BitNet b1.58 (ternary BitLinear projections) — for
 * one decode step at context C or a prefill of N prompt tokens, and their parameter counts.
 * Follows transformers' LlamaForCausalLM, the 1bitLLM BitnetForCausalLM code and transformers'
 * BitNetForCausalLM (see transformer-config.ts); the choices are listed in docs/workloads.md.
 */

import { ConfigError } from './config-error.js';
import { checkWorkload } from './graph-check.js';
import { OpGraphBuilder } from './graph-builder.js';
import { DEFAULT_ZERO_FRACTION, FP16_BYTES, checkDecodeOptions, checkPromptTokens } from './hgrn-bit.js';
import type { ParamCounts, WeightDtype, Workload } from './ops.js';
import type { TransformerConfig } from './transformer-config.js';

/** Context of a decode step (and prompt of a prefill) when none is given, capped at max_position_embeddings. */
export const DEFAULT_CONTEXT = 1024;

/** Bytes per cached K/V element by default (an fp16/bf16 cache). */
export const DEFAULT_KV_BYTES = 2;

/** Options of {@link buildTransformer}. */
export interface TransformerBuildOptions {
  /** Model identity written into the workload. */
  model: string;
  /** Default `decode`. */
  phase?: 'decode' | 'prefill';
  /** Sequences processed together (default 1 at the API level; required here). */
  batch: number;
  /**
   * Context length C after the step (cached tokens + the new ones), 1 … max_position_embeddings.
   * Decode default: min(1024, max_position_embeddings). Prefill default: the prompt length.
   */
  context?: number;
  /** Prefill only: prompt tokens N per sequence (default: the context if given, else min(1024, max_position_embeddings)); at most C. */
  promptTokens?: number;
  /** Zero fraction of ternary (BitNet) weights, default 0.31; dense weights have 0. */
  zeroFraction?: number;
  /** Bytes per cached K/V element, default 2 (fp16/bf16); 1 for an int8 cache. */
  kvBytesPerElement?: number;
}

/**
 * The new tokens per sequence and the context of a phase, from the options (see
 * {@link TransformerBuildOptions}); throws {@link ConfigError} naming `context`, `promptTokens`.
 * `maxContext` is max_position_embeddings, or null for models without a position limit.
 */
export function resolvePhaseLengths(
  phase: 'decode' | 'prefill',
  context: number | undefined,
  promptTokens: number | undefined,
  maxContext: number | null,
): { newTokens: number; context: number } {
  if (phase !== 'decode' && phase !== 'prefill') throw new ConfigError('phase', '"decode" or "prefill"', phase);
  const limit = maxContext ?? Number.MAX_SAFE_INTEGER;
  const dflt = Math.min(DEFAULT_CONTEXT, limit);
  if (context !== undefined && (typeof context !== 'number' || !Number.isSafeInteger(context) || context < 1 || context > limit)) {
    throw new ConfigError('context', maxContext === null ? 'a positive integer' : `an integer from 1 to ${maxContext} (max_position_embeddings)`, context);
  }
  if (phase === 'decode') {
    if (promptTokens !== undefined) throw new ConfigError('promptTokens', 'nothing in a decode step (prompt tokens are a prefill option)', promptTokens);
    return { newTokens: 1, context: context ?? dflt };
  }
  const n = promptTokens ?? context ?? dflt;
  checkPromptTokens(n);
  const c = context ?? n;
  if (n > c) throw new ConfigError('promptTokens', `at most the context (${c}): the prompt's tokens are part of it`, n);
  if (c > limit) throw new ConfigError('promptTokens', `at most ${maxContext} (max_position_embeddings)`, n);
  return { newTokens: n, context: c };
}

/**
 * Parameter counts of a Llama-style model, as the released code allocates them (per layer:
 * q d→H·hd, k and v d→kvH·hd, o H·hd→d, gate and up d→I, down I→d; input_layernorm and
 * post_attention_layernorm d each; BitNet adds the sub-norms H·hd and I). Projections are
 * `ternaryBlocks` (BitNet) or `denseBlocks` (Llama); the lm_head is `denseHead` (full precision in
 * both families) unless tied to the embedding; `other` = the norms and the final norm d.
 */
export function transformerParamCounts(c: TransformerConfig): ParamCounts {
  const d = c.hiddenSize;
  const qDim = c.numAttentionHeads * c.headDim;
  const kvDim = c.numKeyValueHeads * c.headDim;
  const I = c.intermediateSize;
  const L = c.numHiddenLayers;
  const blocks = L * (d * qDim + 2 * d * kvDim + qDim * d + 3 * d * I);
  const embedding = c.vocabSize * d;
  const head = c.tieWordEmbeddings ? 0 : c.vocabSize * d;
  const other = L * (2 * d + (c.family === 'bitnet' ? qDim + I : 0)) + d;
  const ternary = c.family === 'bitnet';
  return {
    total: blocks + embedding + head + other,
    ternaryBlocks: ternary ? blocks : 0,
    ternaryHead: 0,
    denseBlocks: ternary ? 0 : blocks,
    denseHead: head,
    embedding,
    other,
  };
}

/** Names of the BitNet sub-layer norms (before o_proj, before down_proj) in each released code. */
const SUB_NORMS: Readonly<Record<'bitnet-1bitllm' | 'bitnet-2b4t', { attn: string; ffn: string }>> = {
  'bitnet-1bitllm': { attn: 'inner_attn_ln', ffn: 'ffn_layernorm' },
  'bitnet-2b4t': { attn: 'attn_sub_norm', ffn: 'ffn_sub_norm' },
};

/**
 * The op graph of one phase of a Llama-style model (ops in program order; S = `batch`
 * sequences, N new tokens each — 1 in decode —, T = N·S):
 *
 *   embedding rows (T) → per layer: input_layernorm → q/k/v projections → RoPE on q and k
 *   (element-wise: q·cos + rotate(q)·sin = 2 mul + 1 add per element) → attention over the K/V
 *   cache (context C) → [BitNet: attention sub-norm] → o_proj → residual → post_attention_layernorm
 *   → gate and up projections → act (SiLU, or relu² as one multiply) → act ⊙ up → [BitNet: FFN
 *   sub-norm] → down_proj → residual; final norm (T rows) → lm_head (full precision; the last
 *   token of each sequence only in prefill) → logits store.
 *
 * A projection is one dense matvec (Llama, bf16) or a BitLinear (BitNet): per-token absmax int8
 * quantization, ternary matvec, dequantization multiply per output. No norm inside BitLinear (the
 * released BitNet code places RMSNorm outside it).
 */
export function buildTransformer(c: TransformerConfig, opts: TransformerBuildOptions): Workload {
  const phase = opts.phase ?? 'decode';
  const S = opts.batch;
  const bitnet = c.family === 'bitnet';
  const zeroFraction = bitnet ? opts.zeroFraction ?? DEFAULT_ZERO_FRACTION : 0;
  checkDecodeOptions(S, opts.zeroFraction ?? DEFAULT_ZERO_FRACTION);
  const kvBytes = opts.kvBytesPerElement ?? DEFAULT_KV_BYTES;
  if (typeof kvBytes !== 'number' || !Number.isSafeInteger(kvBytes) || kvBytes < 1 || kvBytes > 4) {
    throw new ConfigError('kvBytesPerElement', 'an integer from 1 to 4 (bytes per cached K/V element)', kvBytes);
  }
  const { newTokens: N, context } = resolvePhaseLengths(phase, opts.context, opts.promptTokens, c.maxPositionEmbeddings);
  const T = N * S;
  const d = c.hiddenSize;
  const H = c.numAttentionHeads;
  const kvH = c.numKeyValueHeads;
  const hd = c.headDim;
  const qDim = H * hd;
  const kvDim = kvH * hd;
  const I = c.intermediateSize;
  const denseDtype: WeightDtype = 'bf16';
  const headDtype: WeightDtype = bitnet ? c.fullPrecisionDtype : denseDtype;
  const b = new OpGraphBuilder();

  /** A projection of T tokens: dense matvec (Llama) or BitLinear without its own norm (BitNet). */
  const proj = (prefix: string, layer: number, input: string, weight: string, dIn: number, dOut: number): string => {
    if (!bitnet) return b.matvec(`${prefix}.matvec`, layer, input, weight, dIn, dOut, T, 0, denseDtype);
    const q = b.quantize(`${prefix}.quant`, layer, input, dIn, T);
    const mv = b.matvec(`${prefix}.matvec`, layer, q, weight, dIn, dOut, T, zeroFraction);
    return b.ew(`${prefix}.dequant`, layer, 'mul', [mv], dOut * T);
  };

  let x = b.transfer('load', 'embeddings.load', -1, [], 'embedding', 'embedding', FP16_BYTES * d * T);
  for (let l = 0; l < c.numHiddenLayers; l++) {
    const p = `layers.${l}`;
    const w = `model.layers.${l}`;
    // Self-attention.
    const xn = b.norm(`${p}.input_layernorm`, l, x, d, T);
    const q = proj(`${p}.self_attn.q_proj`, l, xn, `${w}.self_attn.q_proj.weight`, d, qDim);
    const k = proj(`${p}.self_attn.k_proj`, l, xn, `${w}.self_attn.k_proj.weight`, d, kvDim);
    const v = proj(`${p}.self_attn.v_proj`, l, xn, `${w}.self_attn.v_proj.weight`, d, kvDim);
    const qm = b.ew(`${p}.self_attn.rope.q.mul`, l, 'mul', [q], 2 * qDim * T);
    const qr = b.ew(`${p}.self_attn.rope.q.add`, l, 'add', [qm], qDim * T);
    const km = b.ew(`${p}.self_attn.rope.k.mul`, l, 'mul', [k], 2 * kvDim * T);
    const kr = b.ew(`${p}.self_attn.rope.k.add`, l, 'add', [km], kvDim * T);
    let a = b.attention(`${p}.self_attn.attention`, l, [qr, kr, v], {
      heads: H,
      kvHeads: kvH,
      headDim: hd,
      context,
      batch: T,
      sequences: S,
      kvBytesPerElement: kvBytes,
    });
    if (c.variant !== 'llama') a = b.norm(`${p}.self_attn.${SUB_NORMS[c.variant].attn}`, l, a, qDim, T);
    const o = proj(`${p}.self_attn.o_proj`, l, a, `${w}.self_attn.o_proj.weight`, qDim, d);
    const r1 = b.ew(`${p}.self_attn.residual`, l, 'add', [x, o], d * T);
    // Gated MLP.
    const mn = b.norm(`${p}.post_attention_layernorm`, l, r1, d, T);
    const gate = proj(`${p}.mlp.gate_proj`, l, mn, `${w}.mlp.gate_proj.weight`, d, I);
    const up = proj(`${p}.mlp.up_proj`, l, mn, `${w}.mlp.up_proj.weight`, d, I);
    // relu²(g) = g·max(g, 0): one multiply with the clamp folded in (ops.ts has no relu function).
    const act = b.ew(`${p}.mlp.act_fn`, l, c.hiddenAct === 'silu' ? 'silu' : 'mul', [gate], I * T);
    let m = b.ew(`${p}.mlp.mul`, l, 'mul', [act, up], I * T);
    if (c.variant !== 'llama') m = b.norm(`${p}.mlp.${SUB_NORMS[c.variant].ffn}`, l, m, I, T);
    const down = proj(`${p}.mlp.down_proj`, l, m, `${w}.mlp.down_proj.weight`, I, d);
    x = b.ew(`${p}.mlp.residual`, l, 'add', [r1, down], d * T);
  }
  const fn = b.norm('norm', -1, x, d, T);
  const headWeight = c.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight';
  const logits = b.matvec('lm_head.matvec', -1, fn, headWeight, d, c.vocabSize, S, 0, headDtype);
  b.transfer('store', 'logits.store', -1, [logits], 'logits', 'activation', FP16_BYTES * c.vocabSize * S);

  const wl: Workload = {
    model: opts.model,
    family: c.family,
    phase,
    context,
    batch: T,
    ...(S === T ? {} : { sequences: S }),
    layers: c.numHiddenLayers,
    ops: b.ops,
    params: transformerParamCounts(c),
  };
  checkWorkload(wl);
  return wl;
}
