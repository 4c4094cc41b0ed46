import type { AcceleratorDesign } from '../design/schema.js';
import type { StreamProfile } from '../hw/characterized-memory.js';
import { contentHash } from '../util/hash.js';
import { resolveDramStandard, type DramTimingOverrides } from '../hw/dram/standards.js';
import { requestLatencies } from './request-latency.js';
import { measureStream, NO_REFRESH_TREFI } from './stream-window.js';

/** Profiles kept per thread (a sweep revisits the same memory with other arrays and clocks). */
const CACHE_ENTRIES = 64;
const cache = new Map<string, StreamProfile>();

/**
 * What of a design sets how its memory serves it (designs with equal keys share a profile): the
 * off-chip memory, and the weight reader and the load/store engine (request size, requests in
 * flight, reissue gap).
 */
export function profileKey(design: AcceleratorDesign): string {
  let key = keys.get(design);
  if (key === undefined) {
    const { requestBytes, maxOutstanding, reissueCycles } = design.weightStream;
    key = contentHash({ memory: design.memory, reader: { requestBytes, maxOutstanding, reissueCycles }, transfer: design.transfer });
    keys.set(design, key);
  }
  return key;
}

/** Keys computed so far, by design (designs are not changed once parsed; a sweep task asks twice). */
const keys = new WeakMap<AcceleratorDesign, string>();

/**
 * Profiles the design's off-chip memory under its weight stream, in cycle detail (stream-window.ts,
 * request-latency.ts): the design's reader streams a long sequential region from address 0 through the real memory path (the DRAM
 * controllers with every timing, refresh and the controller's latency) into a sink that never
 * fills. After a warm-up, a window from one arrival to another spanning whole refresh intervals
 * (so it holds exactly its share of refreshes) measures the steady rate and every counter's growth
 * per byte (request-driven: commands, bursts, data-bus time) or per ps (refresh, residencies).
 * With all-bank refresh, the same stream with refresh out of reach gives the rate between
 * refreshes, hence the stall each refresh costs. Further runs give the latencies of a resumed weight
 * stream and of the load/store unit's reads and writes. Pure and deterministic; memoized per
 * thread by (memory, reader, load/store engine).
 */
export function profileWeightStream(design: AcceleratorDesign): StreamProfile {
  const key = profileKey(design);
  const known = cache.get(key);
  if (known) return known;
  const profile = measureProfile(design);
  remember(key, profile);
  return profile;
}

/** Keeps a profile, dropping the oldest beyond CACHE_ENTRIES. */
function remember(key: string, profile: StreamProfile): void {
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, profile);
}

/**
 * Keeps `profile` as this thread's profile of `design`'s key: one measured in another thread (a
 * sweep's worker pool profiles each key once and hands the profile to every point that needs it).
 * The profile is a pure function of the key, so where it was measured does not change any result.
 */
export function seedProfile(design: AcceleratorDesign, profile: StreamProfile): void {
  const key = profileKey(design);
  if (!cache.has(key)) remember(key, profile);
}

function measureProfile(design: AcceleratorDesign): StreamProfile {
  const withRefresh = measureStream(design);
  const psPerByte = withRefresh.windowPs / withRefresh.windowBytes;
  const m = design.memory;
  // The same memory with refresh pushed out of reach.
  const refreshFree: AcceleratorDesign = m.type === 'dram' ? { ...design, memory: { ...m, timing: { ...(m.timing ?? {}), tREFI: NO_REFRESH_TREFI } } } : design;
  let refresh: StreamProfile['refresh'] = null;
  let eventsProcessed = withRefresh.eventsProcessed;
  const intervalPs = withRefresh.refreshIntervalPs;
  if (m.type === 'dram' && intervalPs > 0 && refreshModeOf(design) === 'all-bank') {
    // The stream's rate between refreshes; in each interval it moves intervalPs / psPerByte bytes,
    // which flow in intervalPs × flowing / psPerByte: the rest of the interval is the stall.
    const noRefresh = measureStream(refreshFree);
    const flowing = noRefresh.windowPs / noRefresh.windowBytes;
    const stallPs = Math.max(0, intervalPs * (1 - flowing / psPerByte));
    refresh = { intervalPs, stallPs, delayPs: withRefresh.stallDelayPs, psPerByte: flowing };
    eventsProcessed += noRefresh.eventsProcessed;
  }
  return {
    name: withRefresh.name,
    psPerByte,
    refresh,
    latencies: requestLatencies(design, refreshFree, refresh?.psPerByte ?? psPerByte),
    peakBytesPerSecond: withRefresh.peakBytesPerSecond,
    requestDrivenActions: withRefresh.requestDrivenActions,
    perByte: withRefresh.perByte,
    perPs: withRefresh.perPs,
    windowPs: withRefresh.windowPs,
    windowBytes: withRefresh.windowBytes,
    eventsProcessed,
  };
}

/** The refresh granularity the design's DRAM uses. */
function refreshModeOf(design: AcceleratorDesign): string {
  const m = design.memory;
  if (m.type !== 'dram') return 'none';
  return m.refresh ?? resolveDramStandard(m.standard, m.timing as DramTimingOverrides).defaultRefresh;
}

