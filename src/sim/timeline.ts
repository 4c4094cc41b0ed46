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
