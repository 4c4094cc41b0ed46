import { describe, expect, it } from 'vitest';
import { ConfigError, TraceError } from '../../src/workload/config-error.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import { writeTrace } from '../../src/workload/trace-format.js';
import { ZOO } from '../../src/workload/zoo.js';

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
    expect(() => workloadFromModelSpec({ zoo: 'gpt2' })).toThrow(/model: expected a zoo model name \(mmfree-1\.3b/);
    expect(() => workloadFromModelSpec({ config: { model_type: 'bitnet' } })).toThrow(ConfigError);
    expect(() => workloadFromModelSpec({ zoo: 'mmfree-370m' }, { batch: -1 })).toThrow(/batch/);
  });
});
