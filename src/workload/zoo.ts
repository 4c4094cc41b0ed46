/**
 * The model zoo: the released MatMul-free LM checkpoints as Hugging Face style config.json files
 * (src/workload/zoo/*.config.json), bundled through JSON imports so that no file is read at run time.
 *
 * Where the numbers come from: the README "Pre-trained Model Zoo" of github.com/ridgerchu/matmulfreellm
 * and the configs of ridger/MMfreeLM-370M, ridger/MMfreeLM-1.3B, ridger/MMfreeLM-2.7B on the
 * Hugging Face model hub, as tabulated in FACTS.md §1 (layers, d, I, vocab, and the HGRNBitConfig
 * fields). Keys FACTS does not list (bos/eos ids, initializer_range, conv_size, ...) are the
 * HGRNBitConfig defaults of the released code; the hub files themselves were not re-read.
 */

import { parseHgrnBitConfig, type HgrnBitConfig } from './hf-config.js';
import { ConfigError } from './config-error.js';
import mmfree370m from './zoo/mmfree-370m.config.json' with { type: 'json' };
import mmfree1p3b from './zoo/mmfree-1.3b.config.json' with { type: 'json' };
import mmfree2p7b from './zoo/mmfree-2.7b.config.json' with { type: 'json' };

/** One zoo model: its validated config, the raw config.json object, where it comes from, and what it is. */
export interface ZooEntry {
  /** The validated, normalized config. */
  config: HgrnBitConfig;
  /** The config.json object as shipped (what a user's file of the same model would contain). */
  raw: Readonly<Record<string, unknown>>;
  /** Citation of the numbers. */
  source: string;
  /** One line for listings. */
  description: string;
}

function entry(raw: Record<string, unknown>, source: string, description: string): ZooEntry {
  return { config: parseHgrnBitConfig(raw), raw, source, description };
}

/** Zoo models by name (a prototype-free object: `'toString' in ZOO` is false). */
export const ZOO: Readonly<Record<string, ZooEntry>> = Object.freeze(Object.assign(Object.create(null) as Record<string, ZooEntry>, {
  // MMfreeLM-370M: 24 layers, d 1024, I 2816, vocab 32000; 374.1 M params [derived, FACTS §1].
  'mmfree-370m': entry(
    mmfree370m,
    'huggingface.co/ridger/MMfreeLM-370M config.json; README "Pre-trained Model Zoo", github.com/ridgerchu/matmulfreellm (via FACTS.md §1)',
    'MatMul-free LM 370M (HGRN-Bit): 24 layers, d=1024, I=2816, ternary lm_head',
  ),
  // MMfreeLM-1.3B: 24 layers, d 2048, I 5632, vocab 32000; 1.365 B params (hub: "1.36B") [FACTS §1].
  'mmfree-1.3b': entry(
    mmfree1p3b,
    'huggingface.co/ridger/MMfreeLM-1.3B config.json; README "Pre-trained Model Zoo", github.com/ridgerchu/matmulfreellm (via FACTS.md §1)',
    'MatMul-free LM 1.3B (HGRN-Bit): 24 layers, d=2048, I=5632, ternary lm_head',
  ),
  // MMfreeLM-2.7B: 32 layers, d 2560, I 6912, vocab 32000; 2.702 B params [derived, FACTS §1].
  'mmfree-2.7b': entry(
    mmfree2p7b,
    'huggingface.co/ridger/MMfreeLM-2.7B config.json; README "Pre-trained Model Zoo", github.com/ridgerchu/matmulfreellm (via FACTS.md §1)',
    'MatMul-free LM 2.7B (HGRN-Bit): 32 layers, d=2560, I=6912, ternary lm_head',
  ),
}));

/** Names of the zoo models, sorted. */
export function zooModelNames(): string[] {
  return Object.keys(ZOO).sort();
}

/** The zoo entry called `name`; throws {@link ConfigError} listing the known names otherwise. */
export function zooEntry(name: string): ZooEntry {
  const e = Object.prototype.hasOwnProperty.call(ZOO, name) ? ZOO[name] : undefined; // own keys only
  if (!e) throw new ConfigError('model', `a zoo model name (${zooModelNames().join(', ')})`, name);
  return e;
}
