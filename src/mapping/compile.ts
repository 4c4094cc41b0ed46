import type { Simulator } from '../engine/simulator.js';
import type { Stats } from '../engine/stats.js';
import type { Task } from '../hw/issue-unit.js';
import { elementwiseTiming, quantizeTiming, rmsNormTiming, type VectorOpTiming } from '../hw/vector-unit.js';
import type { Op, TransferOp, Workload } from '../workload/ops.js';
import type { Machine } from './machine.js';
import { matvecTask, type FastModeOptions, type SimMode } from './matvec-task.js';
import type { MemoryLayout } from './memory-layout.js';

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
  if (prefetch) startPrefetch(workload, ctx);
  return workload.ops.map((op, i) => {
    index.set(op.id, i);
    const deps = op.deps.map((d) => index.get(d)!);
    if (op.kind === 'matvec') {
      // The weight stream is in program order, so matvecs must run in program order.
      if (prefetch && previousMatvec >= 0 && !deps.includes(previousMatvec)) deps.push(previousMatvec);
      previousMatvec = i;
    }
    const task = opTask(op, deps, ctx);
    if (op.regs) task.regs = op.regs;
    const listener = ctx.onTaskDone;
    if (!listener) return task;
    return { ...task, start: (signals) => task.start({ release: signals.release, done: () => (signals.done(), listener(i)) }) };
  });
}

/** Queues every matrix of the workload, in program order, on the weight reader. */
function startPrefetch(workload: Workload, ctx: CompileContext): void {
  const { weightReader, weightBuffer, tau } = ctx.machine;
  let total = 0;
  for (const op of workload.ops) {
    if (op.kind !== 'matvec') continue;
    const bytes = op.dOut * Math.ceil(op.dIn / tau.packing.weightsPerByte);
    weightReader.start(ctx.layout.addr.get(op.weight)!, bytes);
    total += bytes;
  }
  weightBuffer.setStreamEnd(total);
}

function opTask(op: Op, deps: number[], ctx: CompileContext): Task {
  const { machine } = ctx;
  switch (op.kind) {
    case 'matvec':
      return matvecTask(op, { sim: ctx.sim, stats: ctx.stats, machine, mode: ctx.mode, fast: ctx.fast, addr: ctx.layout.addr.get(op.weight)! }, deps);
    case 'elementwise':
      return vectorTask(ctx, 'vector', elementwiseTiming(machine.vector, op.fn, op.length), deps);
    case 'rmsnorm':
      return vectorTask(ctx, machine.normUnit.name, rmsNormTiming(machine.normUnit.config, op.length, op.rows), deps);
    case 'quantize':
      return vectorTask(ctx, machine.normUnit.name, quantizeTiming(machine.normUnit.config, op.length, op.rows), deps);
    case 'load':
    case 'store':
      return transferTask(op, ctx, deps);
  }
}

/** A task on a pipelined vector-style unit: it holds the unit for its occupancy, completes after its latency. */
function vectorTask(ctx: CompileContext, unit: string, timing: VectorOpTiming, deps: number[]): Task {
  const { sim, stats, machine } = ctx;
  return {
    deps,
    units: [unit],
    start: (signals) => {
      for (const [action, n] of Object.entries(timing.actions)) stats.count(unit, action, n);
      stats.addBusy(unit, machine.clock.cycles(timing.occupancyCycles));
      sim.after(machine.clock.cycles(timing.occupancyCycles), signals.release);
      sim.after(machine.clock.cycles(timing.latencyCycles), signals.done);
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
  return {
    deps,
    units: [machine.ports.loadStore],
    start: (signals) => {
      // A load lands in the activation SRAM / registers; a store reads from it.
      stats.count(sramName, op.kind === 'load' ? 'write' : 'read', words);
      const t0 = sim.now;
      machine.loadStore.transfer(addr, op.bytes, op.kind === 'store', () => {
        stats.addBusy('loadStore', sim.now - t0);
        signals.done();
      });
    },
  };
}
