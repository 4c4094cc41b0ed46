import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Evaluate, SimulationTask } from '../dse/run-sweep.js';
import { simulateTask } from '../dse/simulate-task.js';
import type { Result } from '../sim/result.js';
import type { Workload } from '../workload/ops.js';

/** Every core by default. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** An evaluator and how to release it. */
export interface SweepEvaluator {
  evaluate: Evaluate;
  close(): Promise<void>;
  /** Worker threads in use (0: this thread). */
  threads: number;
}

/**
 * Where to simulate: a piscina pool of `jobs` worker threads when jobs > 1 and the compiled
 * worker exists (the built CLI), else this thread (one at a time).
 */
export function createEvaluator(jobs: number): SweepEvaluator {
  const worker = new URL('./simulation-worker.js', import.meta.url);
  if (jobs > 1 && existsSync(fileURLToPath(worker))) {
    const pool = new Piscina({ filename: worker.href, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
    return {
      evaluate: (task: SimulationTask) => pool.run(task) as Promise<Result>,
      close: () => pool.destroy(),
      threads: jobs,
    };
  }
  const cache = new Map<string, Workload>();
  return {
    // Yield to the event loop before each point, so signals (Ctrl-C) and I/O are handled between points.
    evaluate: async (task: SimulationTask) => {
      await new Promise((resolve) => setImmediate(resolve));
      return simulateTask(task, cache);
    },
    close: async () => {},
    threads: 0,
  };
}
