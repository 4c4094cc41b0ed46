import { describe, expect, it } from 'vitest';
import { ConfigError, TraceError } from '../../src/workload/config-error.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import { writeTrace } from '../../src/workload/trace-format.js';
import { MODEL_ZOO, ZOO } from '../../src/workload/zoo.js';

describe('workloadFromModelSpec', () => {
  it('builds a zoo model, named after the zoo entry', () => {
    const w = workloadFromModelSpec({ zoo: 'mmfree-1.3b' }, { batch: 4 });
    expect(w).toMatchObject({ model: 'mmfree-1.3b', family: 'hgrn_bit', batch: 4, layers: 24 });
  });

  it('a user config.json of the same model gives the same graph', () => {
    const raw = JSON.parse(JSON.stringify(ZOO['mmfree-370m']!.raw)) as unknown;
    const fromConfig = workloadFromModelSpec({ config: raw, configName: 'my.json' });
    const fromZoo = workloadFromModelSpec({ zoo: 'mmfree-370m' });
    expect(fromConfig.model).toBe('my.json');
    expect(fromConfig.ops).toEqual(fromZoo.ops);
    expect(fromConfig.batch).toBe(1);
    expect(workloadFromModelSpec({ config: raw }).model).toBe('config.json');
  });

  it('reads trace text, which fixes its own batch', () => {
    const text = writeTrace(workloadFromModelSpec({ zoo: 'mmfree-370m' }, { batch: 2 }));
    expect(workloadFromModelSpec({ trace: text }).batch).toBe(2);
    expect(workloadFromModelSpec({ trace: text }, { batch: 2 }).batch).toBe(2);
    expect(() => workloadFromModelSpec({ trace: text }, { batch: 1 })).toThrow(/batch: expected 2/);
    expect(() => workloadFromModelSpec({ trace: '{}' })).toThrow(TraceError);
  });

  it('rejects specs naming zero or several models, unknown zoo names, bad configs', () => {
    expect(() => workloadFromModelSpec({})).toThrow('model: expected exactly one of a zoo name, a config.json object or a trace, got none of them');
    expect(() => workloadFromModelSpec({ zoo: 'mmfree-370m', trace: 'x' })).toThrow(/got zoo and trace/);
    expect(() => workloadFromModelSpec({ zoo: 'gpt2' })).toThrow(/model: expected a zoo model name \(bitnet-b1\.58-1\.3b, /);
    expect(() => workloadFromModelSpec({ config: { model_type: 'bitnet' } })).toThrow(ConfigError);
    expect(() => workloadFromModelSpec({ zoo: 'mmfree-370m' }, { batch: -1 })).toThrow(/batch/);
  });

  it('builds every family, decode by default (batch 1; context 1024 for attention models, 0 for HGRN-Bit)', () => {
    expect(workloadFromModelSpec({ zoo: 'llama-2-7b' })).toMatchObject({ family: 'llama', phase: 'decode', batch: 1, context: 1024 });
    expect(workloadFromModelSpec({ zoo: 'bitnet-b1.58-2b-4t' })).toMatchObject({ family: 'bitnet', context: 1024 });
    expect(workloadFromModelSpec({ zoo: 'mmfree-370m' }, { context: 512 })).toMatchObject({ family: 'hgrn_bit', context: 0 });
    const raw = JSON.parse(JSON.stringify(ZOO['mmfree-370m']!.raw)) as unknown;
    expect(workloadFromModelSpec({ config: { ...(MODEL_ZOO['llama-370m']!.raw as object) }, configName: 'l' }).ops).toEqual(workloadFromModelSpec({ zoo: 'llama-370m' }).ops);
    expect(workloadFromModelSpec({ config: raw }).family).toBe('hgrn_bit');
  });

  it('passes phase, context, prompt tokens and the K/V element size through', () => {
    const p = workloadFromModelSpec({ zoo: 'llama-370m' }, { phase: 'prefill', batch: 2, promptTokens: 64, context: 100 });
    expect(p).toMatchObject({ phase: 'prefill', batch: 128, sequences: 2, context: 100 });
    const h = workloadFromModelSpec({ zoo: 'mmfree-370m' }, { phase: 'prefill', context: 32 });
    expect(h).toMatchObject({ phase: 'prefill', batch: 32, context: 0 }); // the context sets the default prompt
    const k = workloadFromModelSpec({ zoo: 'llama-370m' }, { kvBytesPerElement: 1 });
    expect(k.ops.find((o) => o.kind === 'attention')).toMatchObject({ kvBytesPerElement: 1 });
    expect(() => workloadFromModelSpec({ zoo: 'mmfree-370m' }, { kvBytesPerElement: 1 })).toThrow(/kvBytesPerElement: expected nothing for an HGRN-Bit model/);
    expect(() => workloadFromModelSpec({ zoo: 'llama-370m' }, { context: 5000 })).toThrow(/context: expected an integer from 1 to 2048/);
  });

  it('a trace fixes its own phase, context, batch (sequences) and prompt', () => {
    const text = writeTrace(workloadFromModelSpec({ zoo: 'llama-370m' }, { phase: 'prefill', batch: 2, promptTokens: 8 }));
    expect(workloadFromModelSpec({ trace: text }, { batch: 2, promptTokens: 8, phase: 'prefill', context: 8 }).batch).toBe(16);
    expect(() => workloadFromModelSpec({ trace: text }, { batch: 16 })).toThrow(/batch: expected 2 \(the batch the trace was written for\)/);
    expect(() => workloadFromModelSpec({ trace: text }, { phase: 'decode' })).toThrow(/phase: expected "prefill"/);
    expect(() => workloadFromModelSpec({ trace: text }, { context: 9 })).toThrow(/context: expected 8/);
    expect(() => workloadFromModelSpec({ trace: text }, { promptTokens: 4 })).toThrow(/promptTokens: expected 8/);
  });
});
