/** A single named counter a component increments on its hot path. */
export interface Counter {
  value: number;
}

/**
 * Statistics of one simulation: action counts per component (sram.read, dram.act, tau.acc, ...),
 * busy time per component, and free-form scalar measurements. Components only count; energy is
 * computed later by power/ from these counts.
 */
export class Stats {
  private readonly actionCounters = new Map<string, Map<string, Counter>>();
  private readonly busyCounters = new Map<string, Counter>();
  private readonly settlers: (() => void)[] = [];
  /** Every counter with its component, action (`#busy` for busy time) and snapshot key (`component/action`), in creation order. */
  private readonly entries: { component: string; action: string; key: string; counter: Counter }[] = [];

  /**
   * Registers `settle`, called before any read of the counts (actions, busy, snapshot): for a
   * component that counts work it has scheduled ahead once simulated time reaches it.
   */
  onRead(settle: () => void): void {
    this.settlers.push(settle);
  }

  private settle(): void {
    for (const s of this.settlers) s();
  }

  /** A counter for `action` of `component`, created at zero on first use. */
  counter(component: string, action: string): Counter {
    let byAction = this.actionCounters.get(component);
    if (!byAction) {
      byAction = new Map();
      this.actionCounters.set(component, byAction);
    }
    let c = byAction.get(action);
    if (!c) {
      c = { value: 0 };
      byAction.set(action, c);
      this.entries.push({ component, action, key: `${component}/${action}`, counter: c });
    }
    return c;
  }

  /** Adds `n` to an action count. */
  count(component: string, action: string, n = 1): void {
    this.counter(component, action).value += n;
  }

  /** A busy-time accumulator (ps) for `component`. */
  busyCounter(component: string): Counter {
    let c = this.busyCounters.get(component);
    if (!c) {
      c = { value: 0 };
      this.busyCounters.set(component, c);
      this.entries.push({ component, action: '#busy', key: `${component}/#busy`, counter: c });
    }
    return c;
  }

  /** Adds `ps` of busy time to `component`. */
  addBusy(component: string, ps: number): void {
    this.busyCounter(component).value += ps;
  }

  /** Action counts as a plain, key-sorted object: { component: { action: count } }. */
  actions(): Record<string, Record<string, number>> {
    this.settle();
    const out: Record<string, Record<string, number>> = {};
    for (const comp of [...this.actionCounters.keys()].sort()) {
      const inner: Record<string, number> = {};
      const m = this.actionCounters.get(comp)!;
      for (const a of [...m.keys()].sort()) inner[a] = m.get(a)!.value;
      out[comp] = inner;
    }
    return out;
  }

  /** Busy time per component in ps, key-sorted. */
  busy(): Record<string, number> {
    this.settle();
    const out: Record<string, number> = {};
    for (const k of [...this.busyCounters.keys()].sort()) out[k] = this.busyCounters.get(k)!.value;
    return out;
  }

  /** Adds every count and busy time of `other`, multiplied by `factor` (used to extrapolate repeated work). */
  addScaled(other: Stats, factor: number): void {
    other.settle();
    for (const [comp, m] of other.actionCounters) for (const [a, c] of m) this.counter(comp, a).value += c.value * factor;
    for (const [comp, c] of other.busyCounters) this.busyCounter(comp).value += c.value * factor;
  }

  /**
   * Current values of every action count and busy time of the components whose names start with
   * one of `prefixes`, keyed `component/action` (busy time as `component/#busy`).
   */
  snapshot(prefixes: readonly string[]): Map<string, number> {
    this.settle();
    const out = new Map<string, number>();
    for (const e of this.entries) if (prefixes.some((p) => e.component.startsWith(p))) out.set(e.key, e.counter.value);
    return out;
  }

  /**
   * A standing selection of counters: `read()` gives the current values of every counter, existing
   * or created later, whose component and action `keep` accepts, keyed as `snapshot` keys them.
   * Each counter is tested once (a snapshot taken many times per simulation filters once).
   */
  selection(keep: (component: string, action: string) => boolean): { read(): Map<string, number> } {
    const keys: string[] = [];
    const counters: Counter[] = [];
    let seen = 0;
    return {
      read: () => {
        this.settle();
        for (; seen < this.entries.length; seen++) {
          const e = this.entries[seen]!;
          if (keep(e.component, e.action)) {
            keys.push(e.key);
            counters.push(e.counter);
          }
        }
        const out = new Map<string, number>();
        for (let i = 0; i < keys.length; i++) out.set(keys[i]!, counters[i]!.value);
        return out;
      },
    };
  }

  /** Adds (after − before) × factor for every key of `after` (fast mode's extrapolation of repeated work). */
  addDelta(before: Map<string, number>, after: Map<string, number>, factor: number): void {
    for (const [key, v] of after) {
      const d = (v - (before.get(key) ?? 0)) * factor;
      if (d === 0) continue;
      const i = key.lastIndexOf('/');
      const comp = key.slice(0, i);
      const action = key.slice(i + 1);
      if (action === '#busy') this.busyCounter(comp).value += d;
      else this.counter(comp, action).value += d;
    }
  }
}
