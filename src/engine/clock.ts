/**
 * A clock domain: a period and a phase in integer picoseconds. Components in a domain act on
 * its rising edges; crossing between domains means waiting for the receiver's next edge.
 */
export class ClockDomain {
  /** @param name label used in stats and traces
   *  @param periodPs clock period, integer ps (> 0)
   *  @param phasePs time of edge 0, integer ps in [0, period) */
  constructor(
    readonly name: string,
    readonly periodPs: number,
    readonly phasePs = 0,
  ) {
    if (!Number.isInteger(periodPs) || periodPs <= 0) throw new Error(`clock ${name}: period must be a positive integer ps, got ${periodPs}`);
    if (!Number.isInteger(phasePs) || phasePs < 0 || phasePs >= periodPs) throw new Error(`clock ${name}: phase must be an integer in [0, period)`);
  }

  /** Frequency in Hz. */
  get frequencyHz(): number {
    return 1e12 / this.periodPs;
  }

  /** Duration of `cycles` cycles in ps. */
  cycles(cycles: number): number {
    return cycles * this.periodPs;
  }

  /** The first edge at or after time `t`. */
  edgeAtOrAfter(t: number): number {
    if (t <= this.phasePs) return this.phasePs;
    const k = Math.ceil((t - this.phasePs) / this.periodPs);
    return this.phasePs + k * this.periodPs;
  }

  /** The first edge strictly after time `t`. */
  edgeAfter(t: number): number {
    const e = this.edgeAtOrAfter(t);
    return e === t ? e + this.periodPs : e;
  }

  /** Index of the last edge at or before `t` (cycle count since edge 0). */
  cycleIndex(t: number): number {
    return Math.floor((t - this.phasePs) / this.periodPs);
  }
}
