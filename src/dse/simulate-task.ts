import type { Result } from '../sim/result.js';
import { simulate } from '../sim/simulate.js';
import { seedProfile } from '../sim/stream-profile.js';
import { workloadFromModelSpec } from '../workload/model-spec.js';
import type { Workload } from '../workload/ops.js';
import type { SimulationTask } from './run-sweep.js';
import type { SweepSpec } from './sweep-spec.js';

/** The workload of a sweep task, built once per (model, phase options) and kept in `cache`. */
export function taskWorkload(task: Omit<SimulationTask, 'design' | 'mode'>, cache: Map<string, Workload>): Workload {
  const k = JSON.stringify([task.model, task.batch, task.phase, task.context ?? null, task.promptTokens ?? null]);
  let w = cache.get(k);
  if (!w) cache.set(k, (w = workloadFromModelSpec(task.modelSpec, { batch: task.batch, phase: task.phase, context: task.context, promptTokens: task.promptTokens })));
  return w;
}

/** The workload of each of a spec's models for its phase options, built once per model (for pruning). */
export function specWorkloads(spec: SweepSpec): (model: string) => Workload {
  const cache = new Map<string, Workload>();
  return (model) => taskWorkload({ model, modelSpec: spec.modelSpecs[model] ?? { zoo: model }, batch: spec.batch, phase: spec.phase, context: spec.context, promptTokens: spec.promptTokens }, cache);
}

/** Simulates one sweep task (in a worker thread or in this one), with the memory profile it carries if any. */
export function simulateTask(task: SimulationTask, cache: Map<string, Workload>): Result {
  if (task.profile && task.design.kind === 'accelerator') seedProfile(task.design, task.profile);
  return simulate(task.design, taskWorkload(task, cache), { mode: task.mode });
}
