/**
 * The block program the MatMul-free LM authors ran on the FPGA (paper §FPGA, Appendix B; RTL
 * repository ternary_matmul_afu): the RWKV-4-style MatMul-free token mixer, as a 29-instruction
 * program for a core with 8 vector registers of d int8 values.
 *
 *   K = n(X) ⊛ W_K,  V = n(X) ⊛ W_V,  Q = n(X) ⊛ W_Q,  eK = exp(K)
 *   Y  = n( σ(Q) ⊙ (eM⊙eK⊙V + A) / (eM⊙eK + B) )
 *   A' = eNW⊙A + eK⊙V,   B' = eNW⊙B + eK
 *
 * Histogram (FACTS.md §1): 7 vector loads, 3 stores, 3 norms, 3 ternary matmuls, 1 exp, 6 mul,
 * 4 add, 1 div, 1 sigmoid. The program text is our reconstruction (see docs/workloads.md): the
 * repository's stored `tmi/process.tmi` is an earlier 4-register version (8 loads, 5 matmuls,
 * 2 exps) that recomputes K and V for the state update; removing that recomputation and one of
 * its two state reloads gives exactly the published histogram, so we keep its order otherwise:
 * X is loaded and normalized twice (before K/V and before Q), A is loaded twice (for the
 * numerator and for the state update), B once.
 */

import { checkDecodeOptions, DEFAULT_ZERO_FRACTION } from './hgrn-bit.js';
import { checkWorkload } from './graph-check.js';
import type { ElementwiseFn, Op, Workload } from './ops.js';
import { writeTrace } from './trace-format.js';
import { ConfigError } from './config-error.js';

/** Vector registers of the paper's core. */
export const RWKV_PAPER_BLOCK_REGISTERS = 8;

/** The published instruction histogram of the block program, keyed as {@link opHistogram} keys ops. */
export const RWKV_PAPER_BLOCK_HISTOGRAM: Readonly<Record<string, number>> = {
  load: 7,
  store: 3,
  rmsnorm: 3,
  matvec: 3,
  'elementwise.exp': 1,
  'elementwise.mul': 6,
  'elementwise.add': 4,
  'elementwise.div': 1,
  'elementwise.sigmoid': 1,
};

/** Options of {@link buildRwkvPaperBlock}. */
export interface RwkvPaperBlockOptions {
  /** Zero fraction of W_K, W_V, W_Q (the core does not skip zeros; default 0.31). */
  zeroFraction?: number;
}

type Reg = number;

/** Program writer: each instruction names its destination and source registers. */
class Program {
  readonly ops: Op[] = [];
  /** Which op's value each register holds now. */
  private readonly holds: (string | null)[] = new Array(RWKV_PAPER_BLOCK_REGISTERS).fill(null);

  constructor(
    private readonly d: number,
    private readonly zeroFraction: number,
  ) {}

  private push(op: Op, dst: Reg | null, src: Reg[]): void {
    op.deps = src.map((r) => {
      const v = this.holds[r];
      if (v === null || v === undefined) throw new Error(`rwkv block: r${r} read before written (${op.id})`);
      return v;
    });
    op.deps = [...new Set(op.deps)];
    op.regs = { dst, src };
    this.ops.push(op);
    if (dst !== null) this.holds[dst] = op.id;
  }

  load(id: string, dst: Reg, tensor: string, space: 'state' | 'activation'): void {
    this.push({ kind: 'load', id, deps: [], layer: 0, tensor, bytes: this.d, space }, dst, []);
  }

  store(id: string, src: Reg, tensor: string, space: 'state' | 'activation'): void {
    this.push({ kind: 'store', id, deps: [], layer: 0, tensor, bytes: this.d, space }, null, [src]);
  }

  /** In-place RMS norm (`norm rX`); the core's norm has no learnable gain. */
  norm(id: string, reg: Reg): void {
    this.push({ kind: 'rmsnorm', id, deps: [], layer: 0, length: this.d, rows: 1 }, reg, [reg]);
  }

  /** `tmatmul dst, src, W`: the weights stream from DDR. */
  matvec(id: string, dst: Reg, src: Reg, weight: string): void {
    this.push(
      { kind: 'matvec', id, deps: [], layer: 0, weight, dIn: this.d, dOut: this.d, batch: 1, zeroFraction: this.zeroFraction },
      dst,
      [src],
    );
  }

  ew(id: string, fn: ElementwiseFn, dst: Reg, ...src: Reg[]): void {
    this.push({ kind: 'elementwise', id, deps: [], layer: 0, fn, length: this.d }, dst, src);
  }
}

/**
 * The paper's FPGA block program at width d, in program order, with register operands (r0..r7)
 * and true data dependencies. Loads and stores move d int8 bytes; X, Y, eM, eNW are `activation`
 * transfers, A and B `state`. Parameters: W_K, W_V, W_Q ternary (3d²) and eM, eNW (2d, "other").
 */
export function buildRwkvPaperBlock(d: number, opts: RwkvPaperBlockOptions = {}): Workload {
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d <= 0) throw new ConfigError('d', 'a positive integer', d);
  const zeroFraction = opts.zeroFraction ?? DEFAULT_ZERO_FRACTION;
  checkDecodeOptions(1, zeroFraction);
  const p = new Program(d, zeroFraction);
  // Register map: r0 X/n(X); r1 K→eK; r2 eM→eM·eK→den, then Q→σ(Q)→Y; r3 V→eK·V;
  // r4 eM·eK·V→num→num/den; r5 B→eNW·B→B'; r6 A, then A again→eNW·A→A'; r7 eNW.
  p.load('load.X', 0, 'X', 'activation'); //           1  ldv  r0, X
  p.norm('norm.X', 0); //                               2  norm r0            n(X)
  p.matvec('matvec.K', 1, 0, 'W_K'); //                 3  tmatmul r1, r0, W_K
  p.load('load.eM', 2, 'eM', 'activation'); //          4  ldv  r2, eM
  p.ew('exp.K', 'exp', 1, 1); //                        5  exp  r1, r1        eK
  p.matvec('matvec.V', 3, 0, 'W_V'); //                 6  tmatmul r3, r0, W_V
  p.ew('mul.eM_eK', 'mul', 2, 2, 1); //                 7  mul  r2, r2, r1    eM·eK
  p.ew('mul.eM_eK_V', 'mul', 4, 2, 3); //               8  mul  r4, r2, r3    eM·eK·V
  p.load('load.B', 5, 'B', 'state'); //                 9  ldv  r5, B
  p.ew('add.den', 'add', 2, 2, 5); //                  10  add  r2, r2, r5    eM·eK + B
  p.load('load.A', 6, 'A', 'state'); //                11  ldv  r6, A
  p.ew('add.num', 'add', 4, 4, 6); //                  12  add  r4, r4, r6    eM·eK·V + A
  p.load('load.X.again', 0, 'X', 'activation'); //     13  ldv  r0, X
  p.ew('div.wkv', 'div', 4, 4, 2); //                  14  div  r4, r4, r2    num / den
  p.norm('norm.X.again', 0); //                        15  norm r0            n(X)
  p.matvec('matvec.Q', 2, 0, 'W_Q'); //                16  tmatmul r2, r0, W_Q
  p.ew('sigmoid.Q', 'sigmoid', 2, 2); //               17  sig  r2, r2        σ(Q)
  p.ew('mul.Y', 'mul', 2, 2, 4); //                    18  mul  r2, r2, r4    σ(Q)·num/den
  p.norm('norm.Y', 2); //                              19  norm r2            Y
  p.load('load.eNW', 7, 'eNW', 'activation'); //       20  ldv  r7, eNW
  p.store('store.Y', 2, 'Y', 'activation'); //         21  sv   r2, Y
  p.ew('mul.eK_V', 'mul', 3, 1, 3); //                 22  mul  r3, r1, r3    eK·V
  p.load('load.A.again', 6, 'A', 'state'); //          23  ldv  r6, A
  p.ew('mul.eNW_A', 'mul', 6, 7, 6); //                24  mul  r6, r7, r6    eNW·A
  p.ew('add.A', 'add', 6, 6, 3); //                    25  add  r6, r6, r3    A'
  p.store('store.A', 6, 'A', 'state'); //              26  sv   r6, A
  p.ew('mul.eNW_B', 'mul', 5, 7, 5); //                27  mul  r5, r7, r5    eNW·B
  p.ew('add.B', 'add', 5, 5, 1); //                    28  add  r5, r5, r1    B'
  p.store('store.B', 5, 'B', 'state'); //              29  sv   r5, B

  const w: Workload = {
    model: `rwkv-paper-block-d${d}`,
    family: 'trace',
    phase: 'decode',
    context: 0,
    batch: 1,
    layers: 1,
    ops: p.ops,
    params: { total: 3 * d * d + 2 * d, ternaryBlocks: 3 * d * d, ternaryHead: 0, denseBlocks: 0, denseHead: 0, embedding: 0, other: 2 * d },
  };
  checkWorkload(w);
  return w;
}

/** {@link buildRwkvPaperBlock} written as a trace (JSON Lines, the current version). */
export function rwkvPaperBlockTrace(d: number, opts: RwkvPaperBlockOptions = {}): string {
  return writeTrace(buildRwkvPaperBlock(d, opts));
}
