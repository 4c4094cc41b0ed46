/**
 * Hugging Face `config.json` objects of Llama-style decoder Transformers, validated strictly and
 * normalized: plain Llama (`model_type: "llama"`, the Transformer++ baseline, dense bf16 weights)
 * and BitNet b1.58 (ternary projections, a KV cache), in its two released shapes:
 *
 * - `bitnet-1bitllm`: the 1bitLLM/bitnet_b1_58-{large,xl,3B} reproductions. Their configs say
 *   `model_type: "llama"` with `architectures: ["BitnetForCausalLM"]` and the quantization fields
 *   `weight_bits: 1`, `input_bits: 8`; the modelling code replaces every projection by a BitLinear
 *   (per-token absmax int8 activations, absmean ternary weights, "RMSNorm is placed outside
 *   BitLinear") and adds sub-layer norms `self_attn.inner_attn_ln` (before o_proj) and
 *   `mlp.ffn_layernorm` (before down_proj). SwiGLU, full multi-head attention.
 * - `bitnet-2b4t`: microsoft/bitnet-b1.58-2B-4T (`model_type: "bitnet"`, transformers'
 *   BitNetForCausalLM): GQA, `hidden_act: "relu2"` (squared ReLU GLU), sub-norms
 *   `attn_sub_norm` / `ffn_sub_norm`, `quantization_config.quant_method: "bitnet"`.
 *
 * A `llama` config is BitNet when it has `weight_bits` or `input_bits`, or names
 * BitnetForCausalLM among its architectures. Input is an already-parsed JSON value.
 */

import { ConfigError } from './config-error.js';
import { bool, oneOf, optional, positiveInt, positiveIntValue, positiveNumber } from './config-values.js';

/** Which released code a Transformer config's graph follows. */
export type TransformerVariant = 'llama' | 'bitnet-1bitllm' | 'bitnet-2b4t';

/** A validated Llama-style Transformer configuration (names are camelCase forms of the HF keys). */
export interface TransformerConfig {
  /** `model_type` as written in the config. */
  modelType: 'llama' | 'bitnet';
  /** `llama`: dense (bf16) weights; `bitnet`: ternary projections. */
  family: 'llama' | 'bitnet';
  variant: TransformerVariant;
  /** `hidden_size` (d). */
  hiddenSize: number;
  /** `num_hidden_layers` (L). */
  numHiddenLayers: number;
  /** `num_attention_heads` (H). */
  numAttentionHeads: number;
  /** `num_key_value_heads` (default H; fewer than H is grouped-query attention). */
  numKeyValueHeads: number;
  /** `head_dim` (default d / H). */
  headDim: number;
  /** `intermediate_size` (I) of the gated MLP. */
  intermediateSize: number;
  /** `vocab_size`. */
  vocabSize: number;
  /** `max_position_embeddings` (default 2048): the largest context a workload may use. */
  maxPositionEmbeddings: number;
  /** `rms_norm_eps`. */
  rmsNormEps: number;
  /** `hidden_act` of the gated MLP: `silu` (SwiGLU) or `relu2` (squared ReLU, BitNet 2B-4T). */
  hiddenAct: 'silu' | 'relu2';
  /** `tie_word_embeddings`: the lm_head reuses the embedding matrix. */
  tieWordEmbeddings: boolean;
  /**
   * Number format of the full-precision weights (embedding; BitNet's lm_head) from `torch_dtype`
   * (or `dtype`): `float16` → fp16, anything else (bfloat16, float32, absent) → bf16. A Llama
   * model's projections are always bf16 (the Transformer++ / GPU baseline runs bf16).
   */
  fullPrecisionDtype: 'bf16' | 'fp16';
}

/** Refused because not modelled: biases in the projections. */
const REFUSED_TRUE = ['attention_bias', 'mlp_bias'] as const;

/**
 * Validates a parsed `config.json` of model type `llama` or `bitnet` and returns it normalized.
 * Required: `model_type`, `hidden_size`, `intermediate_size`, `num_hidden_layers`,
 * `num_attention_heads`, `vocab_size`. Optional: `num_key_value_heads` (default H, must divide H),
 * `head_dim` (default d/H, then H must divide d), `max_position_embeddings` (2048),
 * `rms_norm_eps` (1e-6 llama, 1e-5 bitnet), `hidden_act` (llama: `silu`; bitnet: `relu2` by
 * default for model_type bitnet, `silu` for 1bitLLM), `tie_word_embeddings` (false),
 * `torch_dtype`/`dtype`, `weight_bits` (1 only), `input_bits` (8 only), `quantization_config`
 * (an object whose `quant_method`, if given, is "bitnet"). `attention_bias`/`mlp_bias` true are
 * refused. Unknown keys are ignored. Throws {@link ConfigError} naming the key.
 */
export function parseTransformerConfig(raw: unknown): TransformerConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', 'a JSON object (a Hugging Face config.json)', raw);
  }
  const o = raw as Record<string, unknown>;
  const modelType = o.model_type;
  if (modelType !== 'llama' && modelType !== 'bitnet') {
    throw new ConfigError('model_type', '"llama" or "bitnet" (a Llama-style config; parseModelConfig reads every supported type)', modelType);
  }
  const architectures = o.architectures;
  if (architectures !== undefined && (!Array.isArray(architectures) || !architectures.every((a) => typeof a === 'string'))) {
    throw new ConfigError('architectures', 'an array of class names', architectures);
  }
  const isBitnetLlama =
    modelType === 'llama' &&
    (o.weight_bits !== undefined || o.input_bits !== undefined || (architectures as string[] | undefined)?.includes('BitnetForCausalLM') === true);
  const family = modelType === 'bitnet' || isBitnetLlama ? 'bitnet' : 'llama';
  const variant: TransformerVariant = modelType === 'bitnet' ? 'bitnet-2b4t' : isBitnetLlama ? 'bitnet-1bitllm' : 'llama';

  const hiddenSize = positiveInt(o, 'hidden_size');
  const intermediateSize = positiveInt(o, 'intermediate_size');
  const numHiddenLayers = positiveInt(o, 'num_hidden_layers');
  const numAttentionHeads = positiveInt(o, 'num_attention_heads');
  const vocabSize = positiveInt(o, 'vocab_size');
  const numKeyValueHeads = optional(o, 'num_key_value_heads', numAttentionHeads, positiveIntValue, true);
  if (numAttentionHeads % numKeyValueHeads !== 0) {
    throw new ConfigError('num_key_value_heads', `a divisor of num_attention_heads (${numAttentionHeads})`, numKeyValueHeads);
  }
  let headDim: number;
  if (o.head_dim === undefined || o.head_dim === null) {
    if (hiddenSize % numAttentionHeads !== 0) {
      throw new ConfigError('num_attention_heads', `a divisor of hidden_size (${hiddenSize}) when head_dim is not given`, numAttentionHeads);
    }
    headDim = hiddenSize / numAttentionHeads;
  } else {
    headDim = positiveIntValue('head_dim', o.head_dim);
  }
  const maxPositionEmbeddings = optional(o, 'max_position_embeddings', 2048, positiveIntValue);
  const rmsNormEps = optional(o, 'rms_norm_eps', modelType === 'bitnet' ? 1e-5 : 1e-6, positiveNumber);
  const hiddenAct =
    family === 'llama'
      ? optional(o, 'hidden_act', 'silu', oneOf(['silu'] as const))
      : optional(o, 'hidden_act', variant === 'bitnet-2b4t' ? 'relu2' : 'silu', oneOf(['silu', 'relu2'] as const));
  const tieWordEmbeddings = optional(o, 'tie_word_embeddings', false, bool);
  for (const k of REFUSED_TRUE) {
    if (optional(o, k, false, bool)) throw new ConfigError(k, 'false (biases in the projections are not modelled)', true);
  }
  const dtypeKey = o.torch_dtype !== undefined ? 'torch_dtype' : 'dtype';
  const torchDtype = o[dtypeKey];
  if (torchDtype !== undefined && torchDtype !== null && typeof torchDtype !== 'string') {
    throw new ConfigError(dtypeKey, 'a dtype name such as "bfloat16" or "float16"', torchDtype);
  }
  const fullPrecisionDtype = torchDtype === 'float16' ? 'fp16' : 'bf16';
  if (o.weight_bits !== undefined && o.weight_bits !== 1) {
    throw new ConfigError('weight_bits', '1 (BitNet b1.58 ternary weights; other widths are not modelled)', o.weight_bits);
  }
  if (o.input_bits !== undefined && o.input_bits !== 8) {
    throw new ConfigError('input_bits', '8 (per-token absmax int8 activations; other widths are not modelled)', o.input_bits);
  }
  if (o.quantization_config !== undefined && o.quantization_config !== null) {
    const q = o.quantization_config;
    if (typeof q !== 'object' || Array.isArray(q)) throw new ConfigError('quantization_config', 'an object', q);
    const method = (q as Record<string, unknown>).quant_method;
    if (method !== undefined && method !== 'bitnet') {
      throw new ConfigError('quantization_config.quant_method', '"bitnet" (other quantization methods are not modelled)', method);
    }
    if (family === 'llama') {
      throw new ConfigError('quantization_config', 'nothing for a dense Llama model (quantized Llama checkpoints are not modelled; BitNet configs say model_type "bitnet" or carry weight_bits)', 'an object');
    }
  }

  return {
    modelType,
    family,
    variant,
    hiddenSize,
    numHiddenLayers,
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
    intermediateSize,
    vocabSize,
    maxPositionEmbeddings,
    rmsNormEps,
    hiddenAct,
    tieWordEmbeddings,
    fullPrecisionDtype,
  };
}
