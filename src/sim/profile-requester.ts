import { ClockDomain } from '../engine/clock.js';
import { periodPsFromHz } from '../util/units.js';

/**
 * The clock the profile's requesters (reader, load/store engine) issue on: 1 GHz, so that they
 * issue faster than any shipped memory serves and the profile measures the memory, not them.
 * The simulated machine's own reader, on the design's clock, then adds its issue rate and its
 * clock edges against the characterized memory; the profile does not depend on the design's
 * clock, so the points of a sweep over clocks share it. Assumption: a requester this fast and a
 * design's own requester see the memory alike (measured: fast mode within 0.5% of cycle mode on the
 * shipped designs at 150–450 MHz, docs/fast-mode.md).
 */
const REQUESTER_CLOCK_HZ = 1e9;

/** A clock domain at REQUESTER_CLOCK_HZ for a profile's requesters. */
export function requesterClock(): ClockDomain {
  return new ClockDomain('profile', periodPsFromHz(REQUESTER_CLOCK_HZ));
}
