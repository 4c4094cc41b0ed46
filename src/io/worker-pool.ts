import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Evaluate, SimulationTask } from '../dse/run-sweep.js';
import { simulateTask } from '../dse/simulate-task.js';
import type { Result } from '../sim/result.js';
import type { Workload } from '../workload/ops.js';
import type { AcceleratorDesign } from '../design/schema.js';
import type { StreamProfile } from '../hw/characterized-memory.js';
import { profileKey } from '../sim/stream-profile.js';
import { streamsThroughDram } from '../sim/fast-mode-memory.js';

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
  /**
   * Points to keep in flight (SweepOptions.jobs): with a pool, IN_FLIGHT_PER_THREAD per thread,
   * so that the pool's queue always holds work for a worker while another measures a memory
   * profile that the points in hand are waiting for; in this thread, the jobs asked for.
   */
  inFlight: number;
}

/** Points queued per worker thread (see SweepEvaluator.inFlight); a design choice: enough to cover one profile's measurement, few enough that Ctrl-C stops soon. */
const IN_FLIGHT_PER_THREAD = 4;

/**
 * Where to simulate: a piscina pool of `jobs` worker threads when jobs > 1 and the compiled
 * worker exists (the built CLI), else this thread (one at a time). The pool measures each fast-mode
 * memory profile once (in a worker) and hands it to every point that needs it.
 */
export function createEvaluator(jobs: number): SweepEvaluator {
  const worker = new URL('./simulation-worker.js', import.meta.url);
  if (jobs > 1 && existsSync(fileURLToPath(worker))) {
    const pool = new Piscina({ filename: worker.href, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
    // Each memory profile is measured once, by whichever worker is free, and handed to every task that needs it.
    const profiles = new Map<string, Promise<StreamProfile>>();
    const profileOf = (design: AcceleratorDesign): Promise<StreamProfile> => {
      const key = profileKey(design);
      let p = profiles.get(key);
      if (!p) profiles.set(key, (p = pool.run({ profileOf: design }) as Promise<StreamProfile>));
      return p;
    };
    return {
      evaluate: async (task: SimulationTask) => {
        const d = task.design;
        const profile = task.mode === 'fast' && d.kind === 'accelerator' && streamsThroughDram(d) ? await profileOf(d) : undefined;
        return (await pool.run(profile ? { ...task, profile } : task)) as Result;
      },
      close: () => pool.destroy(),
      threads: jobs,
      inFlight: jobs * IN_FLIGHT_PER_THREAD,
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
    inFlight: Math.max(1, jobs),
  };
}
