import { describe, expect, it } from 'vitest';
import { expandParameter } from '../../src/dse/parameter-values.js';
import { gridSize, parseSweepSpec } from '../../src/dse/sweep-spec.js';
import { InputError } from '../../src/design/design-error.js';
import { loadSweep } from '../../src/io/load.js';

const errorOf = (text: string): string => {
  try {
    parseSweepSpec(text, 's.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};
const BASE = 'name: s\nbase: b.yaml\nmodels: [mmfree-370m]\n';

describe('parameter values', () => {
  it('expand a list, a stepped range with its unit, and a log range', () => {
    expect(expandParameter({ values: [1, 'x'] })).toEqual({ ok: true, values: [1, 'x'] });
    expect(expandParameter({ from: '150 MHz', to: '450 MHz', step: '100 MHz' })).toEqual({ ok: true, values: ['150 MHz', '250 MHz', '350 MHz', '450 MHz'] });
    expect(expandParameter({ from: 0.1, to: 0.3, step: 0.1 })).toEqual({ ok: true, values: [0.1, 0.2, 0.3] });
    expect(expandParameter({ from: 128, to: 1024, points: 4, scale: 'log', integer: true })).toEqual({ ok: true, values: [128, 256, 512, 1024] });
    expect(expandParameter({ from: '1 GHz', to: '2 GHz', points: 3, scale: 'linear' })).toEqual({ ok: true, values: ['1 GHz', '1.5 GHz', '2 GHz'] });
  });

  it('refuse mixed units, a zero step and a log range through zero', () => {
    expect(expandParameter({ from: '1 GHz', to: '1500 MHz', step: '100 MHz' })).toEqual({ ok: false, expected: 'expected from and to in one unit, got "GHz" and "MHz"' });
    expect(expandParameter({ from: 1, to: 4, step: 0 })).toEqual({ ok: false, expected: 'expected a step > 0 in the unit of from and to' });
    expect(expandParameter({ from: 0, to: 4, points: 3, scale: 'log' })).toEqual({ ok: false, expected: 'expected from and to > 0 for a log range' });
  });
});

describe('a sweep spec', () => {
  it('parses with defaults: grid sampler, fast mode, tokens/s against W', () => {
    const s = parseSweepSpec(`${BASE}parameters:\n  tau.lanes: { values: [1, 2, 3] }\n  clock: { from: 1 GHz, to: 2 GHz, step: 1 GHz }\n`, 's.yaml');
    expect(s.sampler).toEqual({ type: 'grid' });
    expect(s.mode).toBe('fast');
    expect(s.objectives).toEqual([{ metric: 'tokensPerSecond', goal: 'max' }, { metric: 'watts', goal: 'min' }]);
    expect(gridSize(s)).toBe(6);
  });

  it('names the key path of what is wrong', () => {
    expect(errorOf(`${BASE}parameters: { tau.lanes: { values: [1] } }\nsampler: { type: sobol }\n`)).toBe('s.yaml: sampler.type: expected one of "grid", "random", "lhs", "nsga2", got "sobol"');
    expect(errorOf(`${BASE}parameters: { clock: { from: 1 GHz, to: 2 MHz, step: 1 MHz } }\n`)).toBe('s.yaml: parameters.clock: expected from and to in one unit, got "GHz" and "MHz"');
    expect(errorOf(`${BASE}parameters: { tau.lanes: { values: [1] } }\nconstraint: {}\n`)).toBe('s.yaml: constraint: unknown key (did you mean "constraints"?); expected one of name, description, base, models, batch, phase, context, promptTokens, mode, parameters, sampler, constraints, objectives');
    expect(errorOf(`${BASE}parameters: { tau.lanes: { values: [1] } }\nsampler: { type: nsga2, population: 8, generations: 2 }\nobjectives: [{ metric: watts, goal: min }]\n`)).toBe('s.yaml: objectives: expected at least two objectives for the nsga2 sampler');
  });

  it('of every shipped sweep loads, its base design valid and its models known', () => {
    for (const f of ['designs/sweeps/u280-lanes-clock-dram.yaml', 'designs/sweeps/asic-node.yaml']) {
      const { spec } = loadSweep(f);
      expect(spec.models).toEqual(['mmfree-1.3b', 'mmfree-2.7b']);
    }
    expect(gridSize(loadSweep('designs/sweeps/u280-lanes-clock-dram.yaml').spec)).toBe(5 * 4 * 2 * 4 * 2);
  });
});
