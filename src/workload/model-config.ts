/**
 * Any supported Hugging Face `config.json`, dispatched on `model_type`: `hgrn_bit` (MatMul-free
 * LM, hf-config.ts), `llama` and `bitnet` (Llama-style Transformers, plain or BitNet b1.58,
 * transformer-config.ts).
 */

import { ConfigError } from './config-error.js';
import { SUPPORTED_MODEL_TYPES, parseHgrnBitConfig, type HgrnBitConfig } from './hf-config.js';
import { parseTransformerConfig, type TransformerConfig } from './transformer-config.js';

/** A validated config of any supported family. */
export type ModelConfig = HgrnBitConfig | TransformerConfig;

/** The workload family a validated config builds. */
export function configFamily(c: ModelConfig): 'hgrn_bit' | 'bitnet' | 'llama' {
  return c.modelType === 'hgrn_bit' ? 'hgrn_bit' : c.family;
}

/**
 * Validates a parsed config.json of any supported model type. Another `model_type` is a
 * {@link ConfigError}: `model_type: expected a supported model type ("hgrn_bit", "llama", "bitnet"), got "gpt2"`.
 */
export function parseModelConfig(raw: unknown): ModelConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', 'a JSON object (a Hugging Face config.json)', raw);
  }
  const t = (raw as Record<string, unknown>).model_type;
  if (t === 'hgrn_bit') return parseHgrnBitConfig(raw);
  if (t === 'llama' || t === 'bitnet') return parseTransformerConfig(raw);
  throw new ConfigError('model_type', `a supported model type (${SUPPORTED_MODEL_TYPES.map((x) => JSON.stringify(x)).join(', ')})`, t);
}
