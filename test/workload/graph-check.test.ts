import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/workload/config-error.js';
import { checkWorkload, findGraphProblem } from '../../src/workload/graph-check.js';
import type { Op, Workload } from '../../src/workload/ops.js';

const base = (): Workload => ({
  model: 'tiny',
  family: 'trace',
  phase: 'decode',
  batch: 1,
  layers: 1,
  params: null,
  ops: [
    { kind: 'load', id: 'x', deps: [], layer: -1, tensor: 'x', bytes: 8, space: 'activation' },
    { kind: 'rmsnorm', id: 'n', deps: ['x'], layer: 0, length: 8, rows: 1 },
    { kind: 'quantize', id: 'q', deps: ['n'], layer: 0, length: 8, rows: 1 },
    { kind: 'matvec', id: 'm', deps: ['q'], layer: 0, weight: 'W', dIn: 8, dOut: 4, batch: 1, zeroFraction: 0 },
    { kind: 'elementwise', id: 'e', deps: ['m'], layer: 0, fn: 'silu', length: 4, regs: { dst: 1, src: [0] } },
    { kind: 'store', id: 's', deps: ['e'], layer: -1, tensor: 'y', bytes: 8, space: 'state' },
  ],
});

function problemWith(mutate: (w: Workload) => void) {
  const w = base();
  mutate(w);
  return findGraphProblem(w);
}

const op = (w: Workload, i: number) => w.ops[i] as Op & Record<string, unknown>;

describe('graph checks', () => {
  it('accepts a valid graph', () => {
    expect(findGraphProblem(base())).toBeNull();
    expect(() => checkWorkload(base())).not.toThrow();
  });

  it('rejects duplicate ids and deps that are not earlier ops', () => {
    expect(problemWith((w) => (w.ops[2]!.id = 'n'))).toMatchObject({ opIndex: 2, keyPath: 'id' });
    expect(problemWith((w) => (w.ops[1]!.deps = ['q']))).toMatchObject({ opIndex: 1, keyPath: 'deps[0]', got: 'q' });
    expect(problemWith((w) => (w.ops[1]!.deps = ['n']))).toMatchObject({ opIndex: 1, keyPath: 'deps[0]' });
    expect(problemWith((w) => (w.ops[3]!.deps = ['q', 'q']))).toMatchObject({ opIndex: 3, keyPath: 'deps[1]' });
  });

  it('rejects non-positive or non-integer sizes and bad fields', () => {
    expect(problemWith((w) => (op(w, 1).length = 0))).toMatchObject({ opIndex: 1, keyPath: 'length' });
    expect(problemWith((w) => (op(w, 2).rows = 1.5))).toMatchObject({ opIndex: 2, keyPath: 'rows' });
    expect(problemWith((w) => (op(w, 3).dOut = -4))).toMatchObject({ opIndex: 3, keyPath: 'dOut' });
    expect(problemWith((w) => (op(w, 0).bytes = 0))).toMatchObject({ opIndex: 0, keyPath: 'bytes' });
    expect(problemWith((w) => (op(w, 0).space = 'sram'))).toMatchObject({ opIndex: 0, keyPath: 'space' });
    expect(problemWith((w) => (op(w, 4).fn = 'tanh'))).toMatchObject({ opIndex: 4, keyPath: 'fn' });
    expect(problemWith((w) => ((op(w, 4) as { kind: string }).kind = 'conv'))).toMatchObject({ opIndex: 4, keyPath: 'kind' });
  });

  it('keeps zeroFraction in [0, 1)', () => {
    expect(problemWith((w) => (op(w, 3).zeroFraction = 1))).toMatchObject({ keyPath: 'zeroFraction' });
    expect(problemWith((w) => (op(w, 3).zeroFraction = -0.1))).toMatchObject({ keyPath: 'zeroFraction' });
    expect(problemWith((w) => (op(w, 3).zeroFraction = Number.NaN))).toMatchObject({ keyPath: 'zeroFraction' });
    expect(problemWith((w) => (op(w, 3).zeroFraction = 0.999))).toBeNull();
  });

  it('checks layers, register operands and one shape per weight', () => {
    expect(problemWith((w) => (w.ops[1]!.layer = 1))).toMatchObject({ keyPath: 'layer' });
    expect(problemWith((w) => (w.ops[1]!.layer = -2))).toMatchObject({ keyPath: 'layer' });
    expect(problemWith((w) => (w.ops[4]!.regs = { dst: -1, src: [] }))).toMatchObject({ keyPath: 'regs.dst' });
    expect(problemWith((w) => (w.ops[4]!.regs = { dst: null, src: [0, 1.5] }))).toMatchObject({ keyPath: 'regs.src[1]' });
    expect(
      problemWith((w) =>
        w.ops.push({ kind: 'matvec', id: 'm2', deps: ['q'], layer: 0, weight: 'W', dIn: 8, dOut: 8, batch: 1, zeroFraction: 0 }),
      ),
    ).toMatchObject({ opIndex: 6, keyPath: 'dIn' });
  });

  it('checks the workload fields and parameter-count consistency', () => {
    expect(problemWith((w) => (w.batch = 0))).toMatchObject({ opIndex: -1, keyPath: 'batch' });
    expect(problemWith((w) => ((w as { phase: string }).phase = 'train'))).toMatchObject({ keyPath: 'phase' });
    expect(problemWith((w) => (w.phase = 'prefill'))).toBeNull();
    expect(problemWith((w) => ((w as { family: string }).family = 'gpt2'))).toMatchObject({ keyPath: 'family' });
    expect(problemWith((w) => (w.family = 'llama'))).toBeNull();
    expect(
      problemWith((w) => (w.params = { total: 10, ternaryBlocks: 4, ternaryHead: 0, embedding: 0, other: 5 })),
    ).toMatchObject({ keyPath: 'params.total' });
    expect(problemWith((w) => (w.params = { total: 9, ternaryBlocks: 4, ternaryHead: 0, embedding: 0, other: 5 }))).toBeNull();
    // the dense counts are optional (0 when absent) and part of the total
    expect(problemWith((w) => (w.params = { total: 9, ternaryBlocks: 0, ternaryHead: 0, denseBlocks: 4, denseHead: 2, embedding: 0, other: 3 }))).toBeNull();
    expect(problemWith((w) => (w.params = { total: 9, ternaryBlocks: 0, ternaryHead: 0, denseBlocks: -1, embedding: 0, other: 3 }))).toMatchObject({ keyPath: 'params.denseBlocks' });
  });

  it('checks sequences and context', () => {
    expect(problemWith((w) => (w.context = -1))).toMatchObject({ keyPath: 'context' });
    expect(problemWith((w) => (w.context = 0))).toBeNull();
    // decode: every sequence adds one token, so sequences = batch
    expect(problemWith((w) => ((w.batch = 4), (w.sequences = 2)))).toMatchObject({ keyPath: 'sequences' });
    expect(problemWith((w) => ((w.batch = 4), (w.sequences = 4)))).toBeNull();
    // prefill: a divisor of batch (batch = prompt tokens × sequences)
    expect(problemWith((w) => ((w.phase = 'prefill'), (w.batch = 6), (w.sequences = 2)))).toBeNull();
    expect(problemWith((w) => ((w.phase = 'prefill'), (w.batch = 6), (w.sequences = 4)))).toMatchObject({ keyPath: 'sequences' });
  });

  it('checks weight dtypes: known, and one dtype per weight name', () => {
    expect(problemWith((w) => (op(w, 3).weightDtype = 'fp8'))).toMatchObject({ opIndex: 3, keyPath: 'weightDtype' });
    expect(problemWith((w) => (op(w, 3).weightDtype = 'bf16'))).toBeNull();
    expect(
      problemWith((w) =>
        w.ops.push({ kind: 'matvec', id: 'm2', deps: ['q'], layer: 0, weightDtype: 'bf16', weight: 'W', dIn: 8, dOut: 4, batch: 1, zeroFraction: 0 }),
      ),
    ).toMatchObject({ opIndex: 6, keyPath: 'weightDtype', got: 'bf16' });
  });

  it('checks attention ops: positive sizes, kvHeads dividing heads, sequences dividing batch, context covering the new tokens', () => {
    const att = (patch: Record<string, unknown>) =>
      problemWith((w) =>
        w.ops.push({ kind: 'attention', id: 'a', deps: ['m'], layer: 0, heads: 8, kvHeads: 2, headDim: 4, context: 16, batch: 4, kvBytesPerElement: 2, ...patch } as Op),
      );
    expect(att({})).toBeNull();
    expect(att({ sequences: 2 })).toBeNull();
    expect(att({ headDim: 0 })).toMatchObject({ opIndex: 6, keyPath: 'headDim' });
    expect(att({ kvHeads: 3 })).toMatchObject({ keyPath: 'kvHeads' });
    expect(att({ sequences: 3 })).toMatchObject({ keyPath: 'sequences' });
    expect(att({ sequences: 1, context: 3 })).toMatchObject({ keyPath: 'context' });
    expect(att({ sequences: 1, context: 4 })).toBeNull();
    expect(att({ kvBytesPerElement: 1.5 })).toMatchObject({ keyPath: 'kvBytesPerElement' });
  });

  it('checkWorkload throws a ConfigError with the op path', () => {
    const w = base();
    w.ops[1]!.deps = ['nope'];
    expect(() => checkWorkload(w)).toThrow(ConfigError);
    expect(() => checkWorkload(w)).toThrow('ops[1].deps[0]: expected the id of an earlier op, got "nope"');
  });
});
