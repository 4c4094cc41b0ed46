import type { Simulator } from '../../src/engine/simulator.js';
import type { MemoryPort } from '../../src/hw/memory.js';
import type { Prng } from '../../src/dse/prng.js';

/** The shape of a random request mix (see `runRequestMix`). */
export interface RequestMix {
  /** Requests issued, in order. */
  requests: number;
  /** Each request's address: burst-aligned (64 B), uniform below one of these sizes, picked uniformly. */
  spans: readonly number[];
  /** Request sizes in bytes, picked uniformly. */
  sizes: readonly number[];
  /** Chance that a request writes. */
  writeFraction: number;
  /** Chance that the requester pauses after a request. */
  pauseChance: number;
  /** A pause lasts a uniform whole number of `pauseStepPs`, up to `maxPauseSteps` of them. */
  maxPauseSteps: number;
  pauseStepPs: number;
  /** Whether the requester promises `whenReady` to retry the refused request (as a controller front end does). */
  retriesRefused: boolean;
}

/**
 * Drives one in-order requester through `port` from time 0 — seeded requests, refused ones retried
 * when the port says, pauses now and then — and runs the simulation to its end. Returns how many
 * requests were planned and how many completed.
 */
export function runRequestMix(sim: Simulator, port: MemoryPort, rng: Prng, mix: RequestMix): { planned: number; completed: number } {
  let issued = 0;
  let completed = 0;
  const onDone = (): void => {
    completed++;
  };
  let pending: { addr: number; bytes: number; write: boolean } | null = null; // drawn, not yet accepted
  const pump = (): void => {
    while (issued < mix.requests) {
      pending ??= {
        addr: rng.int(mix.spans[rng.int(mix.spans.length)]!) & ~63,
        bytes: mix.sizes[rng.int(mix.sizes.length)]!,
        write: rng.next() < mix.writeFraction,
      };
      if (!port.tryIssue({ ...pending, onDone })) return port.whenReady(pump, mix.retriesRefused);
      pending = null;
      issued++;
      if (rng.next() < mix.pauseChance) return void sim.after(rng.int(mix.maxPauseSteps + 1) * mix.pauseStepPs, pump);
    }
  };
  sim.at(0, pump);
  sim.run();
  return { planned: mix.requests, completed };
}
