/**
 * Unit conversions. Simulated time is an integer number of picoseconds; energy is in pJ,
 * power in W, sizes in bytes, bandwidth in bytes/s, frequency in Hz. Every conversion lives here.
 */

/** Picoseconds in one nanosecond. */
export const PS_PER_NS = 1_000;
/** Picoseconds in one second. */
export const PS_PER_S = 1_000_000_000_000;
/** Picojoules in one joule. */
export const PJ_PER_J = 1_000_000_000_000;

/** Clock period in integer picoseconds for a frequency in Hz (rounded to the nearest ps). */
export function periodPsFromHz(hz: number): number {
  return Math.round(PS_PER_S / hz);
}

/** Picoseconds to seconds. */
export function psToSeconds(ps: number): number {
  return ps / PS_PER_S;
}

/** Picoseconds to milliseconds. */
export function psToMs(ps: number): number {
  return ps / 1e9;
}

/** Nanoseconds to integer picoseconds. */
export function nsToPs(ns: number): number {
  return Math.round(ns * PS_PER_NS);
}

/** Picojoules to joules. */
export function pjToJ(pj: number): number {
  return pj / PJ_PER_J;
}
