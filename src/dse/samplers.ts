import { Prng } from './prng.js';

/**
 * Samplers over a discrete design space: each parameter has `sizes[d]` values and a point is one
 * value index per parameter. Each is a generator, so a sweep of 100,000 points never holds them
 * all (the Latin hypercube holds one permutation per parameter).
 */

/** Every combination, the last parameter varying fastest (a mixed-radix counter). */
export function* gridIndices(sizes: readonly number[]): Generator<number[]> {
  if (sizes.some((n) => n === 0)) return;
  const idx = sizes.map(() => 0);
  for (;;) {
    yield [...idx];
    let d = sizes.length - 1;
    while (d >= 0 && ++idx[d]! === sizes[d]) idx[d--] = 0;
    if (d < 0) return;
  }
}

/** `points` independent uniform draws (repeats possible; a store keyed by point skips them). */
export function* randomIndices(sizes: readonly number[], points: number, seed: number): Generator<number[]> {
  const rng = new Prng(seed);
  for (let i = 0; i < points; i++) yield sizes.map((n) => rng.int(n));
}

/**
 * A Latin hypercube of `points` samples: along each parameter the unit interval is cut into
 * `points` equal strata and each stratum is used exactly once (a random permutation per
 * parameter); stratum k maps to value index ⌊k · size / points⌋ (the values are discrete, so a
 * position inside the stratum adds nothing). Every value of a parameter is thus used
 * ⌊points/size⌋ or ⌈points/size⌉ times when points ≥ size.
 */
export function* latinHypercubeIndices(sizes: readonly number[], points: number, seed: number): Generator<number[]> {
  const rng = new Prng(seed);
  const perms = sizes.map(() => rng.shuffle(Array.from({ length: points }, (_, i) => i)));
  for (let i = 0; i < points; i++) {
    yield sizes.map((n, d) => Math.floor((perms[d]![i]! * n) / points));
  }
}
