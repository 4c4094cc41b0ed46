/** One span of activity on a track (a unit), in picoseconds. */
export interface Span {
  track: string;
  name: string;
  startPs: number;
  endPs: number;
}

/**
 * Records unit activity during a simulation and renders it as a Chrome/Perfetto trace (the JSON
 * "traceEvents" format that ui.perfetto.dev and chrome://tracing open). In fast mode only the
 * simulated part appears: folded layers and skipped stream segments are not drawn.
 */
export class Timeline {
  private readonly spans: Span[] = [];
  private readonly counters: { track: string; atPs: number; value: number }[] = [];

  /** Records that counter `track` (e.g. a bandwidth) has `value` from `atPs` on. */
  counter(track: string, atPs: number, value: number): void {
    this.counters.push({ track, atPs, value });
  }

  /** Records `name` running on `track` from `startPs` to `endPs`. */
  span(track: string, name: string, startPs: number, endPs: number): void {
    this.spans.push({ track, name, startPs, endPs });
  }

  /** All spans in the order recorded. */
  get all(): readonly Span[] {
    return this.spans;
  }

  /**
   * The trace as a plain object: one thread per track (sorted by name), complete events ("X")
   * with microsecond timestamps, counter events ("C"), and thread-name metadata.
   */
  toChromeTrace(processName: string): { traceEvents: Record<string, unknown>[]; displayTimeUnit: 'ns' } {
    const tracks = [...new Set(this.spans.map((s) => s.track))].sort();
    const tid = new Map(tracks.map((t, i) => [t, i + 1]));
    const events: Record<string, unknown>[] = [
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: processName } },
      ...tracks.map((t) => ({ name: 'thread_name', ph: 'M', pid: 1, tid: tid.get(t)!, args: { name: t } })),
    ];
    for (const s of this.spans) {
      events.push({ name: s.name, ph: 'X', pid: 1, tid: tid.get(s.track)!, ts: s.startPs / 1e6, dur: (s.endPs - s.startPs) / 1e6 });
    }
    for (const c of this.counters) events.push({ name: c.track, ph: 'C', pid: 1, ts: c.atPs / 1e6, args: { value: c.value } });
    return { traceEvents: events, displayTimeUnit: 'ns' };
  }
}

/** Unit activity over a step in equal time bins: the busy fraction of each unit in each bin. */
export interface Activity {
  /** Simulated time the bins cover (ps): the whole step, or in fast mode the part simulated before folded layers were added. */
  spanPs: number;
  /** Busy fraction (0–1) of each unit in each of the bins, by unit. */
  units: Record<string, number[]>;
}

/**
 * Accumulates unit spans into `bins` equal bins over [0, spanPs] as they are recorded (spans of
 * one unit do not overlap; a span is split across the bins it covers).
 */
export class ActivityRecorder {
  private readonly spans: { unit: string; t0: number; t1: number }[] = [];

  record(unit: string, t0: number, t1: number): void {
    if (t1 > t0) this.spans.push({ unit, t0, t1 });
  }

  /** The activity over [0, spanPs] in `bins` bins. */
  activity(spanPs: number, bins = 60): Activity {
    const units: Record<string, number[]> = {};
    const w = spanPs / bins;
    for (const { unit, t0, t1 } of this.spans) {
      const row = (units[unit] ??= new Array<number>(bins).fill(0));
      for (let b = Math.max(0, Math.floor(t0 / w)); b < bins && b * w < t1; b++) {
        const overlap = Math.min(t1, (b + 1) * w) - Math.max(t0, b * w);
        if (overlap > 0) row[b]! += overlap / w;
      }
    }
    for (const row of Object.values(units)) for (let b = 0; b < bins; b++) row[b] = Math.min(1, Number(row[b]!.toFixed(6)));
    return { spanPs, units: Object.fromEntries(Object.entries(units).sort(([a], [b]) => a.localeCompare(b))) };
  }
}
