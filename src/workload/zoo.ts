/**
 * The model zoo as Hugging Face style config.json files (src/workload/zoo/*.config.json), bundled
 * through JSON imports so that no file is read at run time. Three families:
 *
 * - MatMul-free LM (HGRN-Bit) — `ZOO`, the models accelerator comparisons default to. Numbers:
 *   README "Pre-trained Model Zoo" of github.com/ridgerchu/matmulfreellm and the configs of
 *   ridger/MMfreeLM-370M, -1.3B, -2.7B on the Hugging Face hub, as tabulated in FACTS.md §1
 *   (layers, d, I, vocab, and the HGRNBitConfig fields). Keys FACTS does not list (bos/eos ids,
 *   initializer_range, conv_size, ...) are the HGRNBitConfig defaults of the released code; the hub
 *   files themselves were not re-read.
 * - BitNet b1.58 (ternary, Llama-style attention with a KV cache) and Llama-style Transformer++
 *   (dense bf16, the GPU baseline's models) — with the HGRN-Bit models in `MODEL_ZOO`. Each
 *   entry's `source` says where its config comes from.
 */

import { ConfigError } from './config-error.js';
import { parseHgrnBitConfig, type HgrnBitConfig } from './hf-config.js';
import { parseTransformerConfig, type TransformerConfig } from './transformer-config.js';
import mmfree370m from './zoo/mmfree-370m.config.json' with { type: 'json' };
import mmfree1p3b from './zoo/mmfree-1.3b.config.json' with { type: 'json' };
import mmfree2p7b from './zoo/mmfree-2.7b.config.json' with { type: 'json' };
import bitnet700m from './zoo/bitnet-b1.58-700m.config.json' with { type: 'json' };
import bitnet1p3b from './zoo/bitnet-b1.58-1.3b.config.json' with { type: 'json' };
import bitnet3b from './zoo/bitnet-b1.58-3b.config.json' with { type: 'json' };
import bitnet2b4t from './zoo/bitnet-b1.58-2b-4t.config.json' with { type: 'json' };
import llama370m from './zoo/llama-370m.config.json' with { type: 'json' };
import llama1p3b from './zoo/llama-1.3b.config.json' with { type: 'json' };
import llama2p7b from './zoo/llama-2.7b.config.json' with { type: 'json' };
import llama2x7b from './zoo/llama-2-7b.config.json' with { type: 'json' };

/** One HGRN-Bit zoo model: its validated config, the raw config.json object, where it comes from, and what it is. */
export interface ZooEntry {
  family: 'hgrn_bit';
  /** The validated, normalized config. */
  config: HgrnBitConfig;
  /** The config.json object as shipped (what a user's file of the same model would contain). */
  raw: Readonly<Record<string, unknown>>;
  /** Citation of the numbers. */
  source: string;
  /** One line for listings. */
  description: string;
}

/** One Llama-style zoo model (BitNet b1.58 or Transformer++). */
export interface TransformerZooEntry {
  family: 'bitnet' | 'llama';
  config: TransformerConfig;
  raw: Readonly<Record<string, unknown>>;
  source: string;
  description: string;
}

/** Any zoo model. */
export type AnyZooEntry = ZooEntry | TransformerZooEntry;

function hgrn(raw: Record<string, unknown>, source: string, description: string): ZooEntry {
  return { family: 'hgrn_bit', config: parseHgrnBitConfig(raw), raw, source, description };
}

function transformer(raw: Record<string, unknown>, source: string, description: string): TransformerZooEntry {
  const config = parseTransformerConfig(raw);
  return { family: config.family, config, raw, source, description };
}

function frozenMap<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

const HGRN_ENTRIES: Record<string, ZooEntry> = {
  // MMfreeLM-370M: 24 layers, d 1024, I 2816, vocab 32000; 374.1 M params [derived, FACTS §1].
  'mmfree-370m': hgrn(
    mmfree370m,
    'huggingface.co/ridger/MMfreeLM-370M config.json; README "Pre-trained Model Zoo", github.com/ridgerchu/matmulfreellm (via FACTS.md §1)',
    'MatMul-free LM 370M (HGRN-Bit): 24 layers, d=1024, I=2816, ternary lm_head',
  ),
  // MMfreeLM-1.3B: 24 layers, d 2048, I 5632, vocab 32000; 1.365 B params (hub: "1.36B") [FACTS §1].
  'mmfree-1.3b': hgrn(
    mmfree1p3b,
    'huggingface.co/ridger/MMfreeLM-1.3B config.json; README "Pre-trained Model Zoo", github.com/ridgerchu/matmulfreellm (via FACTS.md §1)',
    'MatMul-free LM 1.3B (HGRN-Bit): 24 layers, d=2048, I=5632, ternary lm_head',
  ),
  // MMfreeLM-2.7B: 32 layers, d 2560, I 6912, vocab 32000; 2.702 B params [derived, FACTS §1].
  'mmfree-2.7b': hgrn(
    mmfree2p7b,
    'huggingface.co/ridger/MMfreeLM-2.7B config.json; README "Pre-trained Model Zoo", github.com/ridgerchu/matmulfreellm (via FACTS.md §1)',
    'MatMul-free LM 2.7B (HGRN-Bit): 32 layers, d=2560, I=6912, ternary lm_head',
  ),
};

const ONE_BIT_LLM =
  'The 1bitLLM reproductions of the BitNet b1.58 paper (Ma et al., arXiv 2402.17764, Table 1: 700M/1.3B/3B); config.json keys as on the hub (read from the hub file view and from copies that name it in _name_or_path)';

const TRANSFORMER_ENTRIES: Record<string, TransformerZooEntry> = {
  // 1bitLLM/bitnet_b1_58-large: d 1536, 24 layers, 16 heads, I 4096, vocab 32002, tied; 728.8 M params [derived].
  'bitnet-b1.58-700m': transformer(
    bitnet700m,
    `huggingface.co/1bitLLM/bitnet_b1_58-large config.json. ${ONE_BIT_LLM}`,
    'BitNet b1.58 700M (1bitLLM reproduction): 24 layers, d=1536, 16 heads, I=4096, ternary projections, fp16 tied embedding/lm_head',
  ),
  // 1bitLLM/bitnet_b1_58-xl: d 2048, 24 layers, 32 heads, I 5460; 1.274 B params [derived].
  'bitnet-b1.58-1.3b': transformer(
    bitnet1p3b,
    `huggingface.co/1bitLLM/bitnet_b1_58-xl config.json. ${ONE_BIT_LLM}`,
    'BitNet b1.58 1.3B (1bitLLM reproduction): 24 layers, d=2048, 32 heads, I=5460, ternary projections, fp16 tied embedding/lm_head',
  ),
  // 1bitLLM/bitnet_b1_58-3B: d 3200, 26 layers, 32 heads (head_dim 100), I 8640; 3.324 B params [derived].
  'bitnet-b1.58-3b': transformer(
    bitnet3b,
    `huggingface.co/1bitLLM/bitnet_b1_58-3B config.json. ${ONE_BIT_LLM}`,
    'BitNet b1.58 3B (1bitLLM reproduction): 26 layers, d=3200, 32 heads, I=8640, ternary projections, fp16 tied embedding/lm_head',
  ),
  // microsoft/bitnet-b1.58-2B-4T: d 2560, 30 layers, 20 heads / 5 KV heads, I 6912, relu², vocab 128256, tied; 2.413 B params [derived].
  'bitnet-b1.58-2b-4t': transformer(
    bitnet2b4t,
    'huggingface.co/microsoft/bitnet-b1.58-2B-4T config.json (read from a hub copy, Compumacy/Bitnet-B1.58; its auto_map is left out); BitNet b1.58 2B4T Technical Report, arXiv 2504.12285',
    'BitNet b1.58 2B-4T (Microsoft): 30 layers, d=2560, 20 heads / 5 KV heads (GQA), I=6912, relu² GLU, ternary projections, bf16 tied embedding/lm_head',
  ),
  // Transformer++ of the MatMul-free paper's sizes: Llama-2 architecture, I = 256·ceil(8d/3/256), head_dim 128 [unconfirmed].
  'llama-370m': transformer(
    llama370m,
    'Transformer++ baseline of the MatMul-free LM paper (arXiv 2406.02528; FACTS.md §1: Llama-2-style, same sizes as MMfreeLM-370M, bf16). Llama FFN width I = 256·ceil(8d/3/256); heads = d/128 is our choice [unconfirmed: the paper does not list heads]',
    'Transformer++ 370M (Llama-2 style, bf16): 24 layers, d=1024, 8 heads, I=2816, untied lm_head',
  ),
  'llama-1.3b': transformer(
    llama1p3b,
    'Transformer++ baseline of the MatMul-free LM paper (arXiv 2406.02528; FACTS.md §1: Llama-2-style, same sizes as MMfreeLM-1.3B, bf16). I = 256·ceil(8d/3/256); heads = d/128 [unconfirmed]',
    'Transformer++ 1.3B (Llama-2 style, bf16): 24 layers, d=2048, 16 heads, I=5632, untied lm_head',
  ),
  'llama-2.7b': transformer(
    llama2p7b,
    'Transformer++ baseline of the MatMul-free LM paper (arXiv 2406.02528; FACTS.md §1: Llama-2-style, same sizes as MMfreeLM-2.7B, bf16). I = 256·ceil(8d/3/256); heads = d/128 [unconfirmed]',
    'Transformer++ 2.7B (Llama-2 style, bf16): 32 layers, d=2560, 20 heads, I=6912, untied lm_head',
  ),
  // meta-llama/Llama-2-7b-hf: d 4096, 32 layers, 32 heads, I 11008, vocab 32000, untied; 6.74 B params (published).
  'llama-2-7b': transformer(
    llama2x7b,
    'huggingface.co/meta-llama/Llama-2-7b-hf config.json (read from copies that name it in _name_or_path); Touvron et al., "Llama 2", arXiv 2307.09288 (7B: 6.74 B parameters)',
    'Llama-2-7B (Meta; run as bf16 here, the GPU baseline of FACTS §6): 32 layers, d=4096, 32 heads, I=11008, untied lm_head',
  ),
};

/** HGRN-Bit (MatMul-free LM) zoo models by name — the ternary models accelerator comparisons default to (a prototype-free object: `'toString' in ZOO` is false). */
export const ZOO: Readonly<Record<string, ZooEntry>> = frozenMap(HGRN_ENTRIES);

/** Every zoo model by name: HGRN-Bit, BitNet b1.58 and Llama-style Transformer++ (prototype-free). */
export const MODEL_ZOO: Readonly<Record<string, AnyZooEntry>> = frozenMap<AnyZooEntry>({ ...HGRN_ENTRIES, ...TRANSFORMER_ENTRIES });

/** Names of the HGRN-Bit zoo models, sorted. */
export function zooModelNames(): string[] {
  return Object.keys(ZOO).sort();
}

/** Names of every zoo model (or of one family's), sorted. */
export function allZooModelNames(family?: AnyZooEntry['family']): string[] {
  return Object.keys(MODEL_ZOO)
    .filter((n) => family === undefined || MODEL_ZOO[n]!.family === family)
    .sort();
}

/**
 * The Llama-style Transformer++ zoo model of the same size as a MatMul-free one (the GPU
 * baseline's model: mmfree-370m → llama-370m, …), or null when there is none.
 */
export function baselineTwinName(name: string): string | null {
  const m = /^mmfree-(.+)$/.exec(name);
  const twin = m ? `llama-${m[1]}` : null;
  return twin !== null && isZooModel(twin) ? twin : null;
}

/** Whether `name` is a zoo model of any family (own keys only). */
export function isZooModel(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(MODEL_ZOO, name);
}

/** The HGRN-Bit zoo entry called `name`; throws {@link ConfigError} listing the known names otherwise. */
export function zooEntry(name: string): ZooEntry {
  const e = Object.prototype.hasOwnProperty.call(ZOO, name) ? ZOO[name] : undefined; // own keys only
  if (e) return e;
  if (isZooModel(name)) {
    throw new ConfigError('model', `an HGRN-Bit zoo model name (${zooModelNames().join(', ')}); ${name} is a ${MODEL_ZOO[name]!.family} model (see modelZooEntry)`, name);
  }
  throw new ConfigError('model', `a zoo model name (${zooModelNames().join(', ')})`, name);
}

/** The zoo entry called `name`, of any family; throws {@link ConfigError} listing every known name otherwise. */
export function modelZooEntry(name: string): AnyZooEntry {
  if (!isZooModel(name)) throw new ConfigError('model', `a zoo model name (${allZooModelNames().join(', ')})`, name);
  return MODEL_ZOO[name]!;
}
