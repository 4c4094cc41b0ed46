import { performance } from 'node:perf_hooks';

/** One measured run: wall time and what the simulator reports doing. */
export interface Measurement {
  name: string;
  wallSeconds: number;
  events: number;
  eventsPerSecond: number;
  /** Heap in use after the run, MiB. */
  heapMiB: number;
}

/**
 * Times `run` (which returns the number of events it processed) `repeats` times and keeps the
 * fastest run, as tinybench/mitata report a minimum for steady code; no printing here.
 */
export function measure(name: string, run: () => number, repeats = 1): Measurement {
  let best = Infinity;
  let events = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    events = run();
    best = Math.min(best, (performance.now() - t0) / 1e3);
  }
  return { name, wallSeconds: best, events, eventsPerSecond: events / best, heapMiB: process.memoryUsage().heapUsed / 2 ** 20 };
}
