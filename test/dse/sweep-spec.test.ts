import { describe, expect, it } from 'vitest';
import { expandParameter } from '../../src/dse/parameter-values.js';
import { DEFAULT_MAX_POINTS, gridSize, parseSweepSpec, pointCount } from '../../src/dse/sweep-spec.js';
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
    expect(errorOf(`${BASE}parameters: { tau.lanes: { values: [1] } }\nconstraint: {}\n`)).toBe('s.yaml: constraint: unknown key (did you mean "constraints"?); expected one of name, description, base, models, batch, phase, context, promptTokens, mode, parameters, sampler, constraints, objectives, maxPoints');
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

describe('a sweep parameter path', () => {
  const TAU_FIELDS = 'engine, lanes, weightsPerLane, accumulatorBits, accumulators, pipelineDepth, copyOutPerCycle, packing, zeroSkipping, lut';
  it('that names no field of the design is refused before any point runs, with a guess', () => {
    expect(errorOf(`${BASE}parameters: { tau.lanse: { values: [4, 8] } }\n`)).toBe(`s.yaml: parameters.tau.lanse: expected the key path of a design field, got "tau.lanse": tau has no field "lanse" (did you mean "lanes"?); its fields are ${TAU_FIELDS}`);
    expect(errorOf(`${BASE}parameters: { clocks: { values: [1 GHz] } }\n`)).toMatch(/^s\.yaml: parameters\.clocks: expected the key path of a design field, got "clocks": an accelerator design has no field "clocks" \(did you mean "clock"\?\); its fields are name, kind, /);
    expect(errorOf(`${BASE}parameters: { clock.mhz: { values: [1] } }\n`)).toBe('s.yaml: parameters.clock.mhz: expected the key path of a design field, got "clock.mhz": clock is a value, not a mapping of fields');
  });

  it('is checked under a mapping value too, and accepted when any memory type has the field', () => {
    expect(errorOf(`${BASE}parameters: { memory: { values: [{ standard: DDR4-2400, chanels: 2 }] } }\n`)).toMatch(/^s\.yaml: parameters\.memory: expected the key path of a design field, got "memory\.chanels": memory has no field "chanels" \(did you mean "channels"\?\); its fields are type, standard, channels, /);
    // latencyCycles is a field of the ideal and sram memories, timing.tRCD of DRAM's timing overrides.
    expect(() => parseSweepSpec(`${BASE}parameters: { memory.latencyCycles: { values: [4] }, memory.timing.tRCD: { values: [20] } }\n`, 's.yaml')).not.toThrow();
  });
});

describe('the size of a sweep', () => {
  const six = ['tau.lanes', 'tau.weightsPerLane', 'tau.accumulators', 'tau.pipelineDepth', 'cores.count', 'memory.channels'].map((p) => `${p}: { from: 1, to: 100, step: 1 }`).join(', ');
  it('beyond a million points (a grid of 10^12) is refused at once with its size and the way to raise the limit', () => {
    const t0 = performance.now();
    expect(errorOf(`${BASE}parameters: { ${six} }\n`)).toBe('s.yaml: parameters: expected a sweep of at most 1,000,000 points (raise the limit with "maxPoints: <n>" in the spec), got 1e+12 (a grid of 100 × 100 × 100 × 100 × 100 × 100 values × 1 model)');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(errorOf(`${BASE}parameters: { tau.lanes: { values: [1, 2] } }\nsampler: { type: random, points: 600000 }\nmodels: [mmfree-370m, mmfree-1.3b]\n`.replace('models: [mmfree-370m]\n', ''))).toBe('s.yaml: sampler: expected a sweep of at most 1,000,000 points (raise the limit with "maxPoints: <n>" in the spec), got 1,200,000 (600000 points × 2 models)');
    expect(errorOf(`${BASE}parameters: { tau.lanes: { values: [1, 2] } }\nsampler: { type: nsga2, population: 2000, generations: 1000 }\n`)).toBe('s.yaml: sampler: expected a sweep of at most 1,000,000 points (raise the limit with "maxPoints: <n>" in the spec), got 2,000,000 (population 2000 × 1000 generations × 1 model)');
  });

  it('is allowed up to maxPoints when the spec raises it', () => {
    const s = parseSweepSpec(`${BASE}parameters: { ${six} }\nmaxPoints: 1000000000000\n`, 's.yaml');
    expect(pointCount(s)).toBe(100 ** 6);
    expect(DEFAULT_MAX_POINTS).toBe(1_000_000);
  });
});
