/**
 * Hugging Face `config.json` objects of the MatMul-free LM (`model_type: "hgrn_bit"`), validated
 * strictly and normalized. Field names, defaults and the intermediate-size rule follow
 * `HGRNBitConfig` and `HGRNBitMLP` in github.com/ridgerchu/matmulfreellm (see FACTS.md §1).
 * Input is an already-parsed JSON value; reading files is the caller's job.
 */

import { ConfigError } from './config-error.js';
import { bool, oneOf, optional, positiveInt, positiveIntValue, positiveNumber } from './config-values.js';

/**
 * Model types (`model_type` of a config.json) that ternsim can build a workload for:
 * `hgrn_bit` (MatMul-free LM), `llama` (Transformer++, or BitNet b1.58 when the config carries
 * BitNet quantization fields) and `bitnet` (BitNet b1.58 2B-4T style). See model-config.ts.
 */
export const SUPPORTED_MODEL_TYPES: readonly string[] = ['hgrn_bit', 'llama', 'bitnet'];

/** A validated HGRN-Bit (MatMul-free LM) configuration. Names are camelCase forms of the HF keys. */
export interface HgrnBitConfig {
  modelType: 'hgrn_bit';
  /** `hidden_size` (d). */
  hiddenSize: number;
  /** `num_hidden_layers` (L). */
  numHiddenLayers: number;
  /** `intermediate_size` (I), resolved: given, or 256·ceil(int(d·hidden_ratio·2/3)/256). */
  intermediateSize: number;
  /** `hidden_ratio` (default 4; only used to derive I when `intermediate_size` is absent/null). */
  hiddenRatio: number;
  /** `vocab_size`. */
  vocabSize: number;
  /** `max_position_embeddings` (unused by a recurrent decode step; kept for reports). */
  maxPositionEmbeddings: number;
  /** `rms_norm_eps` of the block and final norms (BitLinear's own norms use 1e-8). */
  rmsNormEps: number;
  /** `num_heads` of the MLGRU (a reshape only; does not change op counts). */
  numHeads: number;
  /** `expand_ratio`: MLGRU inner width is hidden_size·expand_ratio. */
  expandRatio: number;
  /** `use_lower_bound`: per-layer forget-gate lower bound (HGRN); adds L·d parameters. */
  useLowerBound: boolean;
  /** `attn_mode`; the released code supports only `fused_recurrent`. */
  attnMode: 'fused_recurrent';
  /** `hidden_act` of the GLU (`swish` = SiLU). */
  hiddenAct: 'swish' | 'silu';
  /** `tie_word_embeddings`; must be false (the released lm_head is a separate ternary BitLinear). */
  tieWordEmbeddings: false;
}

/** HGRNBitConfig defaults for optional keys (configuration_hgrn_bit.py). */
const DEFAULTS = {
  hidden_ratio: 4,
  max_position_embeddings: 2048,
  rms_norm_eps: 1e-6,
  num_heads: 1,
  expand_ratio: 1,
  use_lower_bound: true,
  attn_mode: 'fused_recurrent',
  hidden_act: 'swish',
  tie_word_embeddings: false,
  use_short_conv: false,
} as const;

/**
 * The GLU width the released code derives when `intermediate_size` is null:
 * `I = 256 · ceil(int(d · hidden_ratio · 2 / 3) / 256)` (HGRNBitMLP; FACTS.md §1).
 * Evaluated in the same IEEE-double order as the Python expression.
 */
export function defaultIntermediateSize(hiddenSize: number, hiddenRatio = 4): number {
  const raw = Math.trunc((hiddenSize * hiddenRatio * 2) / 3);
  return 256 * Math.ceil(raw / 256);
}

/**
 * Validates a parsed `config.json` object of model type `hgrn_bit` and returns it normalized.
 * Required: `model_type`, `hidden_size`, `num_hidden_layers`, `vocab_size`. Optional keys take the
 * HGRNBitConfig defaults; `intermediate_size` null/absent is derived with
 * {@link defaultIntermediateSize}. Unknown extra keys are ignored (HF configs carry many), but every
 * key listed here must be well-typed. Throws {@link ConfigError} naming the key; the caller adds
 * the file name.
 */
export function parseHgrnBitConfig(raw: unknown): HgrnBitConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', 'a JSON object (a Hugging Face config.json)', raw);
  }
  const o = raw as Record<string, unknown>;
  const modelType = o.model_type;
  if (modelType !== 'hgrn_bit') {
    // Reached directly (not through parseModelConfig) with another family's config.
    throw new ConfigError('model_type', '"hgrn_bit" (an HGRN-Bit config; parseModelConfig reads every supported type)', modelType);
  }

  const hiddenSize = positiveInt(o, 'hidden_size');
  const numHiddenLayers = positiveInt(o, 'num_hidden_layers');
  const vocabSize = positiveInt(o, 'vocab_size');
  const hiddenRatio = optional(o, 'hidden_ratio', DEFAULTS.hidden_ratio, positiveNumber, true);
  const intermediateSize =
    o.intermediate_size === undefined || o.intermediate_size === null
      ? defaultIntermediateSize(hiddenSize, hiddenRatio)
      : positiveInt(o, 'intermediate_size');
  const maxPositionEmbeddings = optional(o, 'max_position_embeddings', DEFAULTS.max_position_embeddings, positiveIntValue);
  const rmsNormEps = optional(o, 'rms_norm_eps', DEFAULTS.rms_norm_eps, positiveNumber);
  const numHeads = optional(o, 'num_heads', DEFAULTS.num_heads, positiveIntValue);
  const expandRatio = optional(o, 'expand_ratio', DEFAULTS.expand_ratio, positiveIntValue);
  const useLowerBound = optional(o, 'use_lower_bound', DEFAULTS.use_lower_bound, bool);
  const attnMode = optional(o, 'attn_mode', DEFAULTS.attn_mode, oneOf(['fused_recurrent'] as const));
  const hiddenAct = optional(o, 'hidden_act', DEFAULTS.hidden_act, oneOf(['swish', 'silu'] as const));
  const tie = optional(o, 'tie_word_embeddings', DEFAULTS.tie_word_embeddings, bool);
  const shortConv = optional(o, 'use_short_conv', DEFAULTS.use_short_conv, bool);

  if (tie) {
    throw new ConfigError(
      'tie_word_embeddings',
      'false (the released lm_head is a separate ternary BitLinear; a tied head is not modelled)',
      tie,
    );
  }
  if (shortConv) {
    throw new ConfigError('use_short_conv', 'false (the short convolution is not modelled)', shortConv);
  }
  const inner = hiddenSize * expandRatio;
  if (inner % numHeads !== 0) {
    throw new ConfigError('num_heads', `a divisor of hidden_size·expand_ratio = ${inner}`, numHeads);
  }
  if (useLowerBound && expandRatio !== 1) {
    // lower_bounds has shape (L, hidden_size) and is added to f of width hidden_size·expand_ratio.
    throw new ConfigError('expand_ratio', '1 when use_lower_bound is true (the lower bound has hidden_size entries)', expandRatio);
  }

  return {
    modelType: 'hgrn_bit',
    hiddenSize,
    numHiddenLayers,
    intermediateSize,
    hiddenRatio,
    vocabSize,
    maxPositionEmbeddings,
    rmsNormEps,
    numHeads,
    expandRatio,
    useLowerBound,
    attnMode,
    hiddenAct,
    tieWordEmbeddings: false,
  };
}
