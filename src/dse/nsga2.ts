import { crowdingDistance, nonDominatedRanks, type Goal } from './pareto.js';
import { Prng } from './prng.js';

/** Options of the evolutionary search. */
export interface Nsga2Options {
  population: number;
  generations: number;
  seed: number;
  /** Probability of re-drawing each gene of a child; default 1 / genes. */
  mutation?: number;
}

/** One evaluated genome: a value index per parameter and its objectives (±Infinity when infeasible). */
export interface Individual {
  genome: number[];
  objectives: number[];
}

/**
 * NSGA-II (Deb, Pratap, Agarwal, Meyarivan, IEEE TEC 2002) over a discrete space of `sizes[d]`
 * values per parameter: binary tournament on (rank, crowding distance), uniform crossover,
 * per-gene mutation to a random value, and elitist (μ + λ) survival by non-dominated rank then
 * crowding. `evaluate` scores a generation at once (so a pool can run it in parallel); an
 * infeasible genome should score the worst value of each objective (−∞ to maximise, +∞ to
 * minimise) so that every feasible one dominates it. Deterministic for a seed. Returns the final
 * population.
 */
export async function nsga2(sizes: readonly number[], goals: readonly Goal[], options: Nsga2Options, evaluate: (genomes: number[][]) => Promise<number[][]>): Promise<Individual[]> {
  const rng = new Prng(options.seed);
  const n = options.population;
  const pm = options.mutation ?? 1 / sizes.length;
  const score = async (genomes: number[][]): Promise<Individual[]> => {
    const objectives = await evaluate(genomes);
    return genomes.map((genome, i) => ({ genome, objectives: objectives[i]! }));
  };
  let pop = await score(Array.from({ length: n }, () => sizes.map((s) => rng.int(s))));
  for (let g = 1; g < options.generations; g++) {
    const { rank, crowd } = rankAndCrowd(pop, goals);
    const tournament = (): Individual => {
      const a = rng.int(pop.length);
      const b = rng.int(pop.length);
      const better = rank[a]! < rank[b]! || (rank[a] === rank[b] && crowd[a]! > crowd[b]!) ? a : rank[a] === rank[b] && crowd[a] === crowd[b] ? Math.min(a, b) : b;
      return pop[better]!;
    };
    const children: number[][] = [];
    while (children.length < n) {
      const p1 = tournament().genome;
      const p2 = tournament().genome;
      children.push(p1.map((x, d) => (rng.next() < pm ? rng.int(sizes[d]!) : rng.next() < 0.5 ? x : p2[d]!)));
    }
    const merged = [...pop, ...(await score(children))];
    pop = survivors(merged, goals, n);
  }
  return pop;
}

/** Rank (0 = non-dominated) and crowding distance within the rank, per individual. */
function rankAndCrowd(pop: readonly Individual[], goals: readonly Goal[]): { rank: number[]; crowd: number[] } {
  const rank = nonDominatedRanks(pop.map((p) => p.objectives), goals);
  const crowd = new Array<number>(pop.length).fill(0);
  const fronts = new Map<number, number[]>();
  rank.forEach((r, i) => fronts.set(r, [...(fronts.get(r) ?? []), i]));
  for (const members of fronts.values()) {
    const d = crowdingDistance(members.map((i) => pop[i]!.objectives));
    members.forEach((i, k) => (crowd[i] = d[k]!));
  }
  return { rank, crowd };
}

/** The best `n` of `pop`: whole fronts in rank order, the last one cut by crowding distance (ties by position). */
function survivors(pop: readonly Individual[], goals: readonly Goal[], n: number): Individual[] {
  const { rank, crowd } = rankAndCrowd(pop, goals);
  const order = pop.map((_, i) => i).sort((a, b) => rank[a]! - rank[b]! || crowd[b]! - crowd[a]! || a - b);
  return order.slice(0, n).map((i) => pop[i]!);
}
