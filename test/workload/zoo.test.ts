import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/workload/config-error.js';
import { defaultIntermediateSize } from '../../src/workload/hf-config.js';
import { hgrnBitParamCounts } from '../../src/workload/hgrn-bit.js';
import { transformerParamCounts } from '../../src/workload/transformer.js';
import { MODEL_ZOO, ZOO, allZooModelNames, isZooModel, modelZooEntry, zooEntry, zooModelNames } from '../../src/workload/zoo.js';

// FACTS.md §1, "Released models": layers, d, I, and the published/derived parameter figures.
const published = {
  'mmfree-370m': { L: 24, d: 1024, I: 2816, total: 374.1e6, blocks: 308.3e6, head: 32.8e6 },
  'mmfree-1.3b': { L: 24, d: 2048, I: 5632, total: 1.365e9, blocks: 1.233e9, head: 65.5e6 },
  'mmfree-2.7b': { L: 32, d: 2560, I: 6912, total: 2.702e9, blocks: 2.538e9, head: 81.9e6 },
} as const;

const within = (actual: number, expected: number, rel: number) => {
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(rel);
};

describe('zoo', () => {
  it('ships the three released models', () => {
    expect(zooModelNames()).toEqual(['mmfree-1.3b', 'mmfree-2.7b', 'mmfree-370m']);
    for (const name of zooModelNames()) {
      expect(ZOO[name]!.source).toMatch(/ridger\/MMfreeLM-/);
      expect(ZOO[name]!.description.length).toBeGreaterThan(0);
    }
  });

  it('configs carry the HGRNBitConfig fields FACTS lists', () => {
    for (const [name, p] of Object.entries(published)) {
      const raw = ZOO[name]!.raw;
      expect(raw).toMatchObject({
        model_type: 'hgrn_bit',
        hidden_size: p.d,
        num_hidden_layers: p.L,
        intermediate_size: p.I,
        hidden_ratio: 4,
        vocab_size: 32000,
        max_position_embeddings: 2048,
        rms_norm_eps: 1e-6,
        num_heads: 1,
        expand_ratio: 1,
        use_lower_bound: true,
        attn_mode: 'fused_recurrent',
        tie_word_embeddings: false,
      });
      // The shipped I agrees with the rule the code uses when intermediate_size is null.
      expect(defaultIntermediateSize(p.d)).toBe(p.I);
      expect(ZOO[name]!.config.intermediateSize).toBe(p.I);
    }
  });

  it('parameter totals match the published figures within 0.1%', () => {
    for (const [name, p] of Object.entries(published)) {
      const c = hgrnBitParamCounts(ZOO[name]!.config);
      within(c.total, p.total, 0.001);
      within(c.ternaryBlocks, p.blocks, 0.001);
      within(c.ternaryHead, p.head, 0.001);
      expect(c.total).toBe(c.ternaryBlocks + c.ternaryHead + c.embedding + c.other);
    }
  });

  it('ternary block weights are exactly L·(4d² + 3dI), hand-computed', () => {
    // 370M: 4·1024² + 3·1024·2816 = 4,194,304 + 8,650,752 = 12,845,056 per layer
    expect(hgrnBitParamCounts(zooEntry('mmfree-370m').config).ternaryBlocks).toBe(24 * 12_845_056);
    // 1.3B: 4·2048² + 3·2048·5632 = 16,777,216 + 34,603,008 = 51,380,224 per layer
    expect(hgrnBitParamCounts(zooEntry('mmfree-1.3b').config).ternaryBlocks).toBe(24 * 51_380_224);
    // 2.7B: 4·2560² + 3·2560·6912 = 26,214,400 + 53,084,160 = 79,298,560 per layer
    expect(hgrnBitParamCounts(zooEntry('mmfree-2.7b').config).ternaryBlocks).toBe(32 * 79_298_560);
  });

  it('counts embedding, head and every norm gain plus the lower bounds', () => {
    const c = hgrnBitParamCounts(zooEntry('mmfree-370m').config);
    expect(c.embedding).toBe(32000 * 1024);
    expect(c.ternaryHead).toBe(32000 * 1024);
    // per layer: attn_norm, i/f/g/o BitLinear norms, g_norm, mlp_norm, gate_proj norm (8·d) + down_proj norm (I);
    // plus final norm and lm_head norm (2d) and lower_bounds (L·d)
    expect(c.other).toBe(24 * (8 * 1024 + 2816) + 2 * 1024 + 24 * 1024);
  });

  it('an unknown name lists the known ones', () => {
    expect(() => zooEntry('mmfree-7b')).toThrow(ConfigError);
    expect(() => zooEntry('mmfree-7b')).toThrow(/mmfree-1\.3b, mmfree-2\.7b, mmfree-370m/);
    expect(() => zooEntry('toString')).toThrow(ConfigError);
    expect('toString' in ZOO).toBe(false);
    expect('toString' in MODEL_ZOO).toBe(false);
    expect(() => zooEntry('llama-2-7b')).toThrow(/llama-2-7b is a llama model/);
    expect(() => modelZooEntry('gpt2')).toThrow(/^model: expected a zoo model name \(bitnet-b1\.58-1\.3b, .*, mmfree-370m\), got "gpt2"$/);
    expect(isZooModel('bitnet-b1.58-2b-4t')).toBe(true);
    expect(isZooModel('toString')).toBe(false);
  });
});

// Llama-style models. Hand-computed totals (per layer: q/k/v/o + 3 MLP matrices + norms; embedding; untied head; final norm)
// and the published figures they are checked against.
const d7 = 4096;
const transformers = {
  // Llama-2-7B: 32·(4d² + 3d·11008 + 2d) + 2·32000·d + d = 6,738,415,616; published 6.74 B (Touvron et al. 2023).
  'llama-2-7b': { family: 'llama', L: 32, d: d7, I: 11008, V: 32000, heads: 32, kv: 32, total: 32 * (4 * d7 * d7 + 3 * d7 * 11008 + 2 * d7) + 2 * 32000 * d7 + d7, published: 6.74e9, rel: 0.001 },
  // Transformer++ of the MatMul-free sizes: I = 256·ceil(8d/3/256) = 2816 / 5632 / 6912; checked against the MMfreeLM totals (same sizes, FACTS §1).
  'llama-370m': { family: 'llama', L: 24, d: 1024, I: 2816, V: 32000, heads: 8, kv: 8, total: 24 * (4 * 1024 ** 2 + 3 * 1024 * 2816 + 2 * 1024) + 2 * 32000 * 1024 + 1024, published: 374.1e6, rel: 0.001 },
  'llama-1.3b': { family: 'llama', L: 24, d: 2048, I: 5632, V: 32000, heads: 16, kv: 16, total: 24 * (4 * 2048 ** 2 + 3 * 2048 * 5632 + 2 * 2048) + 2 * 32000 * 2048 + 2048, published: 1.365e9, rel: 0.001 },
  'llama-2.7b': { family: 'llama', L: 32, d: 2560, I: 6912, V: 32000, heads: 20, kv: 20, total: 32 * (4 * 2560 ** 2 + 3 * 2560 * 6912 + 2 * 2560) + 2 * 32000 * 2560 + 2560, published: 2.702e9, rel: 0.001 },
  // BitNet b1.58 (1bitLLM): tied embedding (counted once); norms per layer 3d + I (input, post-attention, inner_attn_ln; ffn_layernorm).
  // Published sizes are the paper's nominal 700M / 1.3B / 3B (Ma et al. 2024, Table 1).
  'bitnet-b1.58-700m': { family: 'bitnet', L: 24, d: 1536, I: 4096, V: 32002, heads: 16, kv: 16, total: 24 * (4 * 1536 ** 2 + 3 * 1536 * 4096 + 3 * 1536 + 4096) + 32002 * 1536 + 1536, published: 0.7e9, rel: 0.05 },
  'bitnet-b1.58-1.3b': { family: 'bitnet', L: 24, d: 2048, I: 5460, V: 32002, heads: 32, kv: 32, total: 24 * (4 * 2048 ** 2 + 3 * 2048 * 5460 + 3 * 2048 + 5460) + 32002 * 2048 + 2048, published: 1.3e9, rel: 0.03 },
  'bitnet-b1.58-3b': { family: 'bitnet', L: 26, d: 3200, I: 8640, V: 32002, heads: 32, kv: 32, total: 26 * (4 * 3200 ** 2 + 3 * 3200 * 8640 + 3 * 3200 + 8640) + 32002 * 3200 + 3200, published: 3e9, rel: 0.12 },
  // BitNet b1.58 2B-4T: GQA (k, v: d→5·128 = 640), tied; "2B" nominal (model card; [unconfirmed] hub figure 2.41 B).
  'bitnet-b1.58-2b-4t': { family: 'bitnet', L: 30, d: 2560, I: 6912, V: 128256, heads: 20, kv: 5, total: 30 * (2 * 2560 ** 2 + 2 * 2560 * 640 + 3 * 2560 * 6912 + 3 * 2560 + 6912) + 128256 * 2560 + 2560, published: 2.41e9, rel: 0.002 },
} as const;

const tcfg = (name: string) => {
  const e = modelZooEntry(name);
  if (e.family === 'hgrn_bit') throw new Error(name);
  return e.config;
};

describe('zoo: BitNet b1.58 and Transformer++', () => {
  it('ships every family; ZOO and zooModelNames() keep the HGRN-Bit models only', () => {
    expect(allZooModelNames()).toEqual([
      'bitnet-b1.58-1.3b', 'bitnet-b1.58-2b-4t', 'bitnet-b1.58-3b', 'bitnet-b1.58-700m',
      'llama-1.3b', 'llama-2-7b', 'llama-2.7b', 'llama-370m',
      'mmfree-1.3b', 'mmfree-2.7b', 'mmfree-370m',
    ]);
    expect(allZooModelNames('bitnet').length).toBe(4);
    expect(allZooModelNames('hgrn_bit')).toEqual(zooModelNames());
    for (const name of allZooModelNames()) {
      expect(MODEL_ZOO[name]!.source.length).toBeGreaterThan(20);
      expect(MODEL_ZOO[name]!.description.length).toBeGreaterThan(0);
    }
  });

  it('configs carry the published shapes', () => {
    for (const [name, t] of Object.entries(transformers)) {
      const e = modelZooEntry(name);
      expect(e.family).toBe(t.family);
      expect(e.raw).toMatchObject({ hidden_size: t.d, num_hidden_layers: t.L, intermediate_size: t.I, vocab_size: t.V, num_attention_heads: t.heads });
      if (e.family !== 'hgrn_bit') expect(e.config.numKeyValueHeads).toBe(t.kv);
    }
    // the Transformer++ FFN rule I = 256·ceil(8d/3/256)
    for (const n of ['llama-370m', 'llama-1.3b', 'llama-2.7b'] as const) {
      const t = transformers[n];
      expect(256 * Math.ceil((8 * t.d) / 3 / 256)).toBe(t.I);
    }
  });

  it('parameter totals equal the hand counts and match the published figures', () => {
    for (const [name, t] of Object.entries(transformers)) {
      const e = modelZooEntry(name);
      if (e.family === 'hgrn_bit') throw new Error(name);
      const c = transformerParamCounts(e.config);
      expect(c.total).toBe(t.total);
      within(c.total, t.published, t.rel);
    }
    expect(transformerParamCounts(tcfg('llama-2-7b')).total).toBe(6_738_415_616);
  });

  it('splits ternary and dense parameters by family', () => {
    const ll = transformerParamCounts(tcfg('llama-2-7b'));
    expect(ll).toMatchObject({ ternaryBlocks: 0, ternaryHead: 0, denseHead: 32000 * 4096, embedding: 32000 * 4096, other: 32 * 2 * 4096 + 4096 });
    const bn = transformerParamCounts(tcfg('bitnet-b1.58-2b-4t'));
    expect(bn).toMatchObject({ denseBlocks: 0, ternaryHead: 0, denseHead: 0 });
    // BitNet b1.58 2B4T report: about 0.4 GB of non-embedding weights at 1.58 bits [unconfirmed, from memory]
    within((bn.ternaryBlocks * 1.58) / 8, 0.4e9, 0.05);
  });
});
