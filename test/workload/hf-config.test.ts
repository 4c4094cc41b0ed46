import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/workload/config-error.js';
import { defaultIntermediateSize, parseHgrnBitConfig } from '../../src/workload/hf-config.js';
import { thrown } from '../helpers/thrown.js';

const minimal = (extra: Record<string, unknown> = {}) => ({
  model_type: 'hgrn_bit',
  hidden_size: 1024,
  num_hidden_layers: 24,
  vocab_size: 32000,
  ...extra,
});

const errorOf = (f: () => unknown): ConfigError => thrown(f, ConfigError);

describe('defaultIntermediateSize', () => {
  it('reproduces the released I of each zoo width (hand-derived)', () => {
    // d=1024: int(1024*4*2/3) = 2730 -> ceil(2730/256) = 11 -> 2816
    expect(defaultIntermediateSize(1024)).toBe(2816);
    // d=2048: int(5461.33) = 5461 -> ceil(21.33) = 22 -> 5632
    expect(defaultIntermediateSize(2048)).toBe(5632);
    // d=2560: int(6826.67) = 6826 -> ceil(26.66) = 27 -> 6912
    expect(defaultIntermediateSize(2560)).toBe(6912);
    // a multiple of 256 exactly: d=384 -> int(1024) = 1024 -> 1024
    expect(defaultIntermediateSize(384)).toBe(1024);
  });
});

describe('parseHgrnBitConfig', () => {
  it('applies HGRNBitConfig defaults and derives I when intermediate_size is absent or null', () => {
    for (const c of [minimal(), minimal({ intermediate_size: null, hidden_ratio: null })]) {
      const cfg = parseHgrnBitConfig(c);
      expect(cfg).toEqual({
        modelType: 'hgrn_bit',
        hiddenSize: 1024,
        numHiddenLayers: 24,
        intermediateSize: 2816,
        hiddenRatio: 4,
        vocabSize: 32000,
        maxPositionEmbeddings: 2048,
        rmsNormEps: 1e-6,
        numHeads: 1,
        expandRatio: 1,
        useLowerBound: true,
        attnMode: 'fused_recurrent',
        hiddenAct: 'swish',
        tieWordEmbeddings: false,
      });
    }
  });

  it('keeps an explicit intermediate_size and uses hidden_ratio only for the default', () => {
    expect(parseHgrnBitConfig(minimal({ intermediate_size: 3000 })).intermediateSize).toBe(3000);
    // hidden_ratio 2: int(1024*2*2/3) = 1365 -> ceil(5.33) = 6 -> 1536
    expect(parseHgrnBitConfig(minimal({ hidden_ratio: 2 })).intermediateSize).toBe(1536);
  });

  it('tolerates unknown extra keys', () => {
    const cfg = parseHgrnBitConfig(minimal({ transformers_version: '4.40.0', torch_dtype: 'float16', architectures: ['X'] }));
    expect(cfg.hiddenSize).toBe(1024);
  });

  it('names the key, the expectation and the value', () => {
    const e = errorOf(() => parseHgrnBitConfig(minimal({ hidden_size: -3 })));
    expect(e.message).toBe('hidden_size: expected a positive integer, got -3');
    expect(e.keyPath).toBe('hidden_size');
    expect(e.expected).toBe('a positive integer');
  });

  it('rejects missing required keys and wrong types', () => {
    const { hidden_size: _drop, ...noHidden } = minimal();
    expect(errorOf(() => parseHgrnBitConfig(noHidden)).message).toBe('hidden_size: expected a positive integer, got nothing');
    expect(errorOf(() => parseHgrnBitConfig(minimal({ num_hidden_layers: 1.5 }))).keyPath).toBe('num_hidden_layers');
    expect(errorOf(() => parseHgrnBitConfig(minimal({ vocab_size: '32000' }))).message).toBe(
      'vocab_size: expected a positive integer, got "32000"',
    );
    expect(errorOf(() => parseHgrnBitConfig(minimal({ intermediate_size: 0 }))).keyPath).toBe('intermediate_size');
    expect(errorOf(() => parseHgrnBitConfig(minimal({ rms_norm_eps: 0 }))).keyPath).toBe('rms_norm_eps');
    expect(errorOf(() => parseHgrnBitConfig(minimal({ use_lower_bound: 'yes' }))).message).toBe(
      'use_lower_bound: expected true or false, got "yes"',
    );
    expect(errorOf(() => parseHgrnBitConfig(minimal({ attn_mode: 'chunk' }))).keyPath).toBe('attn_mode');
    expect(errorOf(() => parseHgrnBitConfig(minimal({ hidden_act: 'gelu' }))).keyPath).toBe('hidden_act');
    expect(errorOf(() => parseHgrnBitConfig(minimal({ num_heads: 3 }))).keyPath).toBe('num_heads');
    expect(errorOf(() => parseHgrnBitConfig(minimal({ expand_ratio: 2 }))).keyPath).toBe('expand_ratio');
  });

  it('rejects features the graph does not model', () => {
    expect(errorOf(() => parseHgrnBitConfig(minimal({ tie_word_embeddings: true }))).keyPath).toBe('tie_word_embeddings');
    expect(errorOf(() => parseHgrnBitConfig(minimal({ use_short_conv: true }))).keyPath).toBe('use_short_conv');
  });

  it('names the model type it reads for another model_type (parseModelConfig lists every supported one)', () => {
    const e = errorOf(() => parseHgrnBitConfig({ ...minimal(), model_type: 'llama' }));
    expect(e.message).toBe('model_type: expected "hgrn_bit" (an HGRN-Bit config; parseModelConfig reads every supported type), got "llama"');
    expect(errorOf(() => parseHgrnBitConfig({ hidden_size: 8 })).message).toContain('got nothing');
  });

  it('rejects a non-object', () => {
    expect(errorOf(() => parseHgrnBitConfig([1, 2])).message).toBe(
      'expected a JSON object (a Hugging Face config.json), got an array of 2',
    );
    expect(errorOf(() => parseHgrnBitConfig(null)).keyPath).toBe('');
  });
});
