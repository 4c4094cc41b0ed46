import type { Result } from '../sim/result.js';
import { simulate } from '../sim/simulate.js';
import { workloadFromModelSpec } from '../workload/model-spec.js';
import type { Workload } from '../workload/ops.js';
import type { SimulationTask } from './run-sweep.js';

/** The workload of a sweep task, built once per (model, phase options) and kept in `cache`. */
export function taskWorkload(task: Omit<SimulationTask, 'design' | 'mode'>, cache: Map<string, Workload>): Workload {
  const k = JSON.stringify([task.model, task.batch, task.phase, task.context ?? null, task.promptTokens ?? null]);
  let w = cache.get(k);
  if (!w) cache.set(k, (w = workloadFromModelSpec(task.modelSpec, { batch: task.batch, phase: task.phase, context: task.context, promptTokens: task.promptTokens })));
  return w;
}

/** Simulates one sweep task (in a worker thread or in this one). */
export function simulateTask(task: SimulationTask, cache: Map<string, Workload>): Result {
  return simulate(task.design, taskWorkload(task, cache), { mode: task.mode });
}
