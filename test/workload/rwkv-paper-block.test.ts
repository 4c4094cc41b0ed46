import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findGraphProblem } from '../../src/workload/graph-check.js';
import { opHistogram, ternaryWeightCount } from '../../src/workload/op-histogram.js';
import type { Op } from '../../src/workload/ops.js';
import { buildRwkvPaperBlock, rwkvPaperBlockTrace } from '../../src/workload/rwkv-paper-block.js';
import { parseTrace } from '../../src/workload/trace-format.js';

describe('buildRwkvPaperBlock', () => {
  const d = 512;
  const w = buildRwkvPaperBlock(d);

  it('has exactly the published instruction histogram (FACTS §1): 29 instructions', () => {
    expect(w.ops.length).toBe(29);
    expect(opHistogram(w.ops)).toEqual({
      load: 7,
      store: 3,
      rmsnorm: 3,
      matvec: 3,
      'elementwise.exp': 1,
      'elementwise.mul': 6,
      'elementwise.add': 4,
      'elementwise.div': 1,
      'elementwise.sigmoid': 1,
    });
    expect(findGraphProblem(w)).toBeNull();
  });

  it('matvecs are d×d at batch 1; vector transfers move d int8 bytes', () => {
    for (const op of w.ops) {
      if (op.kind === 'matvec') expect(op).toMatchObject({ dIn: d, dOut: d, batch: 1 });
      if (op.kind === 'load' || op.kind === 'store') expect(op.bytes).toBe(d);
      if (op.kind === 'elementwise' || op.kind === 'rmsnorm') expect(op.length).toBe(d);
    }
    expect(ternaryWeightCount(w.ops)).toBe(3 * d * d);
    expect(w.params).toEqual({ total: 3 * d * d + 2 * d, ternaryBlocks: 3 * d * d, ternaryHead: 0, denseBlocks: 0, denseHead: 0, embedding: 0, other: 2 * d });
    const loads = w.ops.filter((o) => o.kind === 'load').map((o) => (o.kind === 'load' ? o.tensor : '')).sort();
    expect(loads).toEqual(['A', 'A', 'B', 'X', 'X', 'eM', 'eNW']);
    const stores = w.ops.filter((o) => o.kind === 'store').map((o) => (o.kind === 'store' ? o.tensor : ''));
    expect(stores).toEqual(['Y', 'A', 'B']);
  });

  it('uses at most 8 registers and never clobbers a value before its last reader', () => {
    const holds: (string | null)[] = new Array(8).fill(null);
    for (const op of w.ops) {
      const r = op.regs!;
      expect(r).toBeDefined();
      for (const s of r.src) expect(s).toBeGreaterThanOrEqual(0), expect(s).toBeLessThan(8);
      if (r.dst !== null) expect(r.dst).toBeLessThan(8);
      // every value this op depends on must still be in the register it names
      const readsFrom = r.src.map((s) => holds[s]);
      expect(new Set(readsFrom)).toEqual(new Set(op.deps));
      if (r.dst !== null) holds[r.dst] = op.id;
    }
    // an in-order core: every dependency precedes its reader
    const pos = new Map(w.ops.map((o, i) => [o.id, i]));
    for (const op of w.ops) for (const dep of op.deps) expect(pos.get(dep)!).toBeLessThan(pos.get(op.id)!);
  });

  it('computes Y, A′, B′ of the paper when interpreted through its registers', () => {
    const n = 6;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 1.6 - 0.8;
    const vec = () => Array.from({ length: n }, rnd);
    const mat = () => Array.from({ length: n }, () => Array.from({ length: n }, () => Math.round(rnd() * 1.5)));
    const mem: Record<string, number[]> = { X: vec(), eM: vec().map(Math.exp), eNW: vec().map(Math.exp), A: vec(), B: vec().map((x) => 2 + x) };
    const W: Record<string, number[][]> = { W_K: mat(), W_V: mat(), W_Q: mat() };
    const init = { ...mem };
    const norm = (x: number[]) => {
      const rms = Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
      return x.map((v) => v / rms);
    };
    const mv = (M: number[][], x: number[]) => M.map((row) => row.reduce((s, wv, j) => s + wv * x[j]!, 0));
    const zip = (a: number[], b: number[], f: (p: number, q: number) => number) => a.map((v, i) => f(v, b[i]!));

    const small = buildRwkvPaperBlock(n);
    const reg: number[][] = [];
    const fns: Record<string, (a: number, b: number) => number> = {
      add: (a, b) => a + b,
      mul: (a, b) => a * b,
      div: (a, b) => a / b,
      sub: (a, b) => a - b,
    };
    for (const op of small.ops as Op[]) {
      const { dst, src } = op.regs!;
      const a = reg[src[0]!]!;
      switch (op.kind) {
        case 'load':
          reg[dst!] = [...mem[op.tensor]!];
          break;
        case 'store':
          mem[op.tensor] = [...a];
          break;
        case 'rmsnorm':
          reg[dst!] = norm(a);
          break;
        case 'matvec':
          reg[dst!] = mv(W[op.weight]!, a);
          break;
        case 'elementwise':
          if (op.fn === 'exp') reg[dst!] = a.map(Math.exp);
          else if (op.fn === 'sigmoid') reg[dst!] = a.map((v) => 1 / (1 + Math.exp(-v)));
          else reg[dst!] = zip(a, reg[src[1]!]!, fns[op.fn]!);
          break;
        default:
          throw new Error(op.kind);
      }
    }
    // The paper's equations, evaluated directly.
    const nX = norm(init.X!);
    const K = mv(W.W_K!, nX);
    const V = mv(W.W_V!, nX);
    const Q = mv(W.W_Q!, nX);
    const eK = K.map(Math.exp);
    const Y = norm(
      Q.map((q, i) => (1 / (1 + Math.exp(-q))) * ((init.eM![i]! * eK[i]! * V[i]! + init.A![i]!) / (init.eM![i]! * eK[i]! + init.B![i]!))),
    );
    const A2 = init.A!.map((a, i) => init.eNW![i]! * a + eK[i]! * V[i]!);
    const B2 = init.B!.map((b, i) => init.eNW![i]! * b + eK[i]!);
    const close = (x: number[], y: number[]) => x.forEach((v, i) => expect(v).toBeCloseTo(y[i]!, 9));
    close(mem.Y!, Y);
    close(mem.A!, A2);
    close(mem.B!, B2);
  });

  it('round-trips through the trace format, and the shipped d=512 trace is current', () => {
    const text = rwkvPaperBlockTrace(d);
    expect(parseTrace(text)).toEqual(w);
    const shipped = readFileSync(new URL('../../src/workload/traces/rwkv-paper-block-d512.jsonl', import.meta.url), 'utf8');
    expect(shipped).toBe(text);
  });

  it('rejects a bad width', () => {
    expect(() => buildRwkvPaperBlock(0)).toThrow(/d: expected a positive integer/);
  });
});
