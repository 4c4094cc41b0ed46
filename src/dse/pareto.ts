/** What a metric should do: be as large or as small as possible. */
export type Goal = 'max' | 'min';

/** `a` dominates `b`: at least as good in every objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[], goals: readonly Goal[]): boolean {
  let better = false;
  for (let i = 0; i < goals.length; i++) {
    const d = goals[i] === 'max' ? a[i]! - b[i]! : b[i]! - a[i]!;
    if (d < 0) return false;
    if (d > 0) better = true;
  }
  return better;
}

/**
 * Which points are on the Pareto front (not dominated by any other). Points are objective vectors
 * in `goals` order; the dominated ones are kept by the caller and flagged false here. Cost
 * O(n × front size): each point is checked against the front found so far.
 */
export function paretoFront(points: readonly (readonly number[])[], goals: readonly Goal[]): boolean[] {
  const front: number[] = [];
  const onFront = points.map(() => false);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.some((x) => !Number.isFinite(x))) continue;
    if (front.some((j) => dominates(points[j]!, p, goals))) continue;
    for (let k = front.length - 1; k >= 0; k--) {
      if (dominates(p, points[front[k]!]!, goals)) {
        onFront[front[k]!] = false;
        front.splice(k, 1);
      }
    }
    front.push(i);
    onFront[i] = true;
  }
  return onFront;
}

/**
 * Non-dominated sorting (Deb et al., NSGA-II, IEEE TEC 2002): the rank of each point, 0 for the
 * Pareto front, 1 for the front once rank 0 is removed, and so on. O(n²) in the points.
 */
export function nonDominatedRanks(points: readonly (readonly number[])[], goals: readonly Goal[]): number[] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominatesList: number[][] = points.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i]!, points[j]!, goals)) {
        dominatesList[i]!.push(j);
        dominatedBy[j]!++;
      } else if (dominates(points[j]!, points[i]!, goals)) {
        dominatesList[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const rank = new Array<number>(n).fill(-1);
  let current = points.map((_, i) => i).filter((i) => dominatedBy[i] === 0);
  for (let r = 0; current.length > 0; r++) {
    const next: number[] = [];
    for (const i of current) {
      rank[i] = r;
      for (const j of dominatesList[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    }
    current = next;
  }
  return rank;
}

/** Crowding distance of points within one front (NSGA-II): ends get Infinity; the rest the sum of normalised neighbour gaps. */
export function crowdingDistance(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const dist = new Array<number>(n).fill(0);
  if (n === 0) return dist;
  const m = points[0]!.length;
  for (let k = 0; k < m; k++) {
    const order = points.map((_, i) => i).sort((a, b) => points[a]![k]! - points[b]![k]! || a - b);
    const lo = points[order[0]!]![k]!;
    const hi = points[order[n - 1]!]![k]!;
    dist[order[0]!] = Infinity;
    dist[order[n - 1]!] = Infinity;
    if (!(hi - lo > 0) || !Number.isFinite(hi - lo)) continue;
    for (let i = 1; i < n - 1; i++) {
      const gap = (points[order[i + 1]!]![k]! - points[order[i - 1]!]![k]!) / (hi - lo);
      if (Number.isFinite(gap)) dist[order[i]!]! += gap;
    }
  }
  return dist;
}

/** The items on the Pareto front of their own group (e.g. one front per model: designs compete on the same model). */
export function frontsByGroup<T>(items: readonly T[], group: (t: T) => string, objectives: (t: T) => number[], goals: readonly Goal[]): Set<T> {
  const groups = new Map<string, T[]>();
  for (const t of items) {
    const g = group(t);
    const list = groups.get(g);
    if (list) list.push(t);
    else groups.set(g, [t]);
  }
  const out = new Set<T>();
  for (const members of groups.values()) {
    const flags = paretoFront(members.map(objectives), goals);
    members.forEach((t, i) => flags[i] && out.add(t));
  }
  return out;
}
