import type { Simulator } from '../engine/simulator.js';
import type { Counter, Stats } from '../engine/stats.js';
import type { Task } from '../hw/issue-unit.js';
import { elementwiseTiming, quantizeTiming, rmsNormTiming, type VectorOpTiming } from '../hw/vector-unit.js';
import { isHostResident, type AttentionOp, type Op, type TransferOp, type Workload } from '../workload/ops.js';
import type { Machine } from './machine.js';
import { matvecSlices, matvecTask, StreamRateMemo, type FastModeOptions, type SimMode } from './matvec-task.js';
import { kvCacheTensor, type MemoryLayout } from './memory-layout.js';
import { hostOpPs, placedOnHost } from './host-placement.js';
import { packedRowBytes, weightFormat, type PackingFormat } from '../hw/packing.js';

/** Everything compile needs besides the workload. */
export interface CompileContext {
  sim: Simulator;
  stats: Stats;
  machine: Machine;
  layout: MemoryLayout;
  mode: SimMode;
  fast: FastModeOptions;
  /** Called when task `index` (program order) completes; fast mode's layer folding listens. */
  onTaskDone?: (index: number) => void;
  /** Called with each task's unit, op id, start and completion (ps), for a timeline. */
  onSpan?: (unit: string, opId: string, startPs: number, endPs: number) => void;
}

/**
 * Compiles a workload's ops into tasks for the design's issue unit, in program order:
 * matvecs on the TAU array with their weight stream, element-wise ops on the vector unit,
 * RMSNorm and quantization on the norm unit (or the vector unit), loads and stores on the
 * load/store unit — or on-chip when the design keeps the recurrent state in SRAM.
 */
export function compile(workload: Workload, ctx: CompileContext): Task[] {
  const index = new Map<string, number>();
  const prefetch = ctx.machine.design.weightStream.prefetch;
  let previousMatvec = -1;
  const rates = new StreamRateMemo();
  const vectorParts = new Map<string, VectorTaskParts>();
  if (prefetch) startPrefetch(workload, ctx);
  return workload.ops.map((op, i) => {
    index.set(op.id, i);
    const deps = op.deps.map((d) => index.get(d)!);
    const onHost = placedOnHost(op, ctx.machine.design.hostProcessor);
    if (op.kind === 'matvec' && !onHost) {
      // The weight stream is in program order, so matvecs must run in program order.
      if (prefetch && previousMatvec >= 0 && !deps.includes(previousMatvec)) deps.push(previousMatvec);
      previousMatvec = i;
    }
    const task = onHost ? hostProcessorTask(op, ctx, deps) : opTask(op, deps, ctx, rates, vectorParts);
    if (op.regs) task.regs = op.regs;
    const { onTaskDone, onSpan } = ctx;
    if (!onTaskDone && !onSpan) return task;
    const unit = task.units[0] ?? 'activationSram';
    return {
      ...task,
      start: (signals) => {
        const t0 = ctx.sim.now;
        task.start({
          release: signals.release,
          done: () => {
            signals.done();
            onSpan?.(unit, op.id, t0, ctx.sim.now);
            onTaskDone?.(i);
          },
        });
      },
    };
  });
}

/** Queues every matrix of the workload, in program order, on the weight reader of the core(s) that run it (each core its slice). */
function startPrefetch(workload: Workload, ctx: CompileContext): void {
  const { machine } = ctx;
  const totals = machine.cores.map(() => 0);
  for (const op of workload.ops) {
    if (op.kind !== 'matvec' || placedOnHost(op, machine.design.hostProcessor)) continue;
    const rowBytes = packedRowBytes(weightFormat(op.weightDtype, machine.design.tau.packing as PackingFormat), op.dIn, op.zeroFraction);
    for (const sl of matvecSlices(op, machine)) {
      sl.core.weightReader.start(ctx.layout.addr.get(op.weight)! + sl.rowStart * rowBytes, sl.rows * rowBytes);
      totals[sl.core.index]! += sl.rows * rowBytes;
    }
  }
  machine.cores.forEach((c, i) => c.weightBuffer.setStreamEnd(totals[i]!));
}

function opTask(op: Op, deps: number[], ctx: CompileContext, rates: StreamRateMemo, vectorParts: Map<string, VectorTaskParts>): Task {
  const { machine } = ctx;
  // A model's layers repeat the same vector-op shapes: each shape's timing and counters are worked out once.
  const parts = (unit: string, shape: string, timing: () => VectorOpTiming): VectorTaskParts => {
    const key = `${unit}|${shape}`;
    let p = vectorParts.get(key);
    if (!p) vectorParts.set(key, (p = vectorTaskParts(ctx, unit, timing())));
    return p;
  };
  switch (op.kind) {
    case 'matvec':
      return matvecTask(op, { sim: ctx.sim, stats: ctx.stats, machine, mode: ctx.mode, fast: ctx.fast, rates, addr: ctx.layout.addr.get(op.weight)! }, deps);
    case 'elementwise':
      return vectorTask(ctx, parts('vector', `${op.fn}|${op.length}`, () => elementwiseTiming(machine.vector, op.fn, op.length)), deps);
    case 'rmsnorm':
      return vectorTask(ctx, parts(machine.normUnit.name, `rmsnorm|${op.length}|${op.rows}`, () => rmsNormTiming(machine.normUnit.config, op.length, op.rows)), deps);
    case 'quantize':
      return vectorTask(ctx, parts(machine.normUnit.name, `quantize|${op.length}|${op.rows}`, () => quantizeTiming(machine.normUnit.config, op.length, op.rows)), deps);
    case 'load':
    case 'store':
      return transferTask(op, ctx, deps);
    case 'attention':
      return attentionTask(op, ctx, deps);
  }
}

/** An op on the host processor: it holds the host for the op's time (see hostOpPs) and counts that time as the host's active time. */
function hostProcessorTask(op: Op, ctx: CompileContext, deps: number[]): Task {
  const { sim, stats, machine } = ctx;
  const ps = hostOpPs(op, machine.design.hostProcessor!);
  return {
    deps,
    units: ['hostCpu'],
    start: (signals) => {
      stats.count('hostCpu', 'activePs', ps);
      stats.addBusy('hostCpu', ps);
      sim.after(ps, signals.done);
    },
  };
}

/**
 * Attention on an accelerator: the K/V cache streams from memory through the load/store unit
 * while the vector unit computes q·Kᵀ and Σ p·V (a multiply and an add per element each) and
 * the softmax (an exp and a divide per score); the new token's K and V are appended. The two
 * streams overlap; the op completes when both have.
 */
function attentionTask(op: AttentionOp, ctx: CompileContext, deps: number[]): Task {
  const { sim, stats, machine } = ctx;
  const cachedElements = op.context * op.kvHeads * op.headDim;
  const readBytes = 2 * cachedElements * op.kvBytesPerElement * op.batch;
  const writeBytes = 2 * op.kvHeads * op.headDim * op.kvBytesPerElement * op.batch;
  const macs = 2 * op.batch * op.heads * op.context * op.headDim;
  const scores = op.batch * op.heads * op.context;
  const timings = [
    elementwiseTiming(machine.vector, 'mul', macs),
    elementwiseTiming(machine.vector, 'add', macs),
    elementwiseTiming(machine.vector, 'exp', scores),
    elementwiseTiming(machine.vector, 'div', scores),
  ];
  const occupancy = timings.reduce((s, t) => s + t.occupancyCycles, 0);
  const latency = occupancy + Math.max(...timings.map((t) => t.latencyCycles - t.occupancyCycles));
  const addr = ctx.layout.addr.get(kvCacheTensor(op.id))!;
  return {
    deps,
    units: ['vector', machine.ports.loadStore],
    start: (signals) => {
      let pending = 3;
      const finished = (): void => {
        if (--pending === 0) signals.done();
      };
      for (const t of timings) for (const [action, n] of Object.entries(t.actions)) stats.count('vector', action, n);
      stats.addBusy('vector', machine.clock.cycles(occupancy));
      sim.after(machine.clock.cycles(latency), finished);
      const t0 = sim.now;
      machine.loadStore.transfer(addr, readBytes, false, () => {
        stats.addBusy('loadStore', sim.now - t0);
        machine.loadStore.transfer(addr + readBytes, writeBytes, true, finished);
        finished();
      });
    },
  };
}

/** What a vector-unit task of one shape does: its counters with the counts it adds, its busy time, occupancy and latency. */
interface VectorTaskParts {
  unit: string;
  counts: (readonly [Counter, number])[];
  busy: Counter;
  occupancyPs: number;
  latencyPs: number;
}

/** Looks up the counters of `timing`'s actions on `unit` (once per shape, at compile time). */
function vectorTaskParts(ctx: CompileContext, unit: string, timing: VectorOpTiming): VectorTaskParts {
  const { stats, machine } = ctx;
  return {
    unit,
    counts: Object.entries(timing.actions).map(([action, n]) => [stats.counter(unit, action), n] as const),
    busy: stats.busyCounter(unit),
    occupancyPs: machine.clock.cycles(timing.occupancyCycles),
    latencyPs: machine.clock.cycles(timing.latencyCycles),
  };
}

/** A task on a pipelined vector-style unit: it holds the unit for its occupancy, completes after its latency. */
function vectorTask(ctx: CompileContext, parts: VectorTaskParts, deps: number[]): Task {
  const { sim } = ctx;
  const { counts, busy, occupancyPs, latencyPs } = parts;
  return {
    deps,
    units: [parts.unit],
    start: (signals) => {
      for (const [c, n] of counts) c.value += n;
      busy.value += occupancyPs;
      sim.after(occupancyPs, signals.release);
      sim.after(latencyPs, signals.done);
    },
  };
}

/**
 * A load or store. State kept on-chip is an activation-SRAM access (all banks, one word each per
 * cycle); everything else moves through the load/store unit and the memory port.
 */
function transferTask(op: TransferOp, ctx: CompileContext, deps: number[]): Task {
  const { sim, stats, machine } = ctx;
  const sram = machine.design.activationSram;
  const sramName = 'activationSram';
  const words = Math.ceil(op.bytes / (sram.widthBits / 8));
  if (op.space === 'state' && machine.design.state === 'sram') {
    const cycles = Math.ceil(words / sram.banks) + sram.latencyCycles;
    return {
      deps,
      units: [],
      start: (signals) => {
        stats.count(sramName, op.kind === 'load' ? 'read' : 'write', words);
        sim.after(machine.clock.cycles(cycles), signals.done);
      },
    };
  }
  const addr = ctx.layout.addr.get(op.tensor)!;
  // With a host, embedding rows come over its link and logits go back over it.
  const host = machine.host && isHostResident(op) ? machine.host : null;
  const engine = host ?? machine.loadStore;
  return {
    deps,
    units: [host ? 'hostLink' : machine.ports.loadStore],
    start: (signals) => {
      // A load lands in the activation SRAM / registers; a store reads from it.
      stats.count(sramName, op.kind === 'load' ? 'write' : 'read', words);
      const t0 = sim.now;
      engine.transfer(addr, op.bytes, op.kind === 'store', () => {
        stats.addBusy(engine.name, sim.now - t0);
        signals.done();
      });
    },
  };
}
