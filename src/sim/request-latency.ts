import type { AcceleratorDesign } from '../design/schema.js';
import type { ClockDomain } from '../engine/clock.js';
import { Simulator } from '../engine/simulator.js';
import { Stats } from '../engine/stats.js';
import type { MemoryPort } from '../hw/memory.js';
import type { RequestLatency, StreamProfile } from '../hw/characterized-memory.js';
import { StreamBuffer } from '../hw/sram-buffer.js';
import { StreamReader } from '../hw/stream-reader.js';
import { TransferEngine } from '../hw/transfer-engine.js';
import { buildOffChipMemory } from '../mapping/machine.js';
import { requesterClock } from './profile-requester.js';

/**
 * Latencies the characterized memory gives requests, by direction and size: the weight stream's
 * reads as a resumed stream meets them (serial chain), and the load/store unit's reads and writes
 * as its own pipelined transfers see them (effective latency of a transfer, see transferLatency).
 */
export function requestLatencies(design: AcceleratorDesign, refreshFree: AcceleratorDesign, flowingPsPerByte: number): StreamProfile['latencies'] {
  const stream = design.weightStream.requestBytes;
  const small = design.transfer.requestBytes;
  const read: RequestLatency[] = [{ bytes: stream, ps: resumeLatency(refreshFree, flowingPsPerByte) }];
  if (small !== stream) read.push(transferLatency(refreshFree, false));
  read.sort((x, y) => x.bytes - y.bytes);
  return { read, write: [transferLatency(refreshFree, true)] };
}

/** Pauses and resumptions of the weight stream that time its resume latency. */
const RESUMES = 2;

/**
 * The latency that makes a pipe reproduce a resumed weight stream (ps). The design's reader
 * streams into a buffer that holds its requests in flight twice over and is emptied only once
 * the stream has stopped and the memory gone idle, so each refill is a resumed stream issuing a
 * whole pipeline at once (as the machine's reader does when its weight buffer frees a half). A
 * refill of n requests takes T from its first request's issue to its last one's completion at the
 * memory port; a pipe of latency L and `psPerByte` takes L + (n − 1) × requestBytes × psPerByte,
 * so L = T − (n − 1) × requestBytes × psPerByte (mean over RESUMES refills after the first).
 * `design` should be the refresh-free variant, so that no refresh falls inside a refill.
 */
function resumeLatency(design: AcceleratorDesign, psPerByte: number): number {
  const sim = new Simulator();
  const clock = requesterClock();
  const memory = buildOffChipMemory(design, sim, new Stats(), clock);
  const reader = design.weightStream;
  const capacity = 2 * reader.maxOutstanding * reader.requestBytes;
  const sink = new StreamBuffer({ capacityBytes: capacity, banks: 1, widthBits: 8 * reader.requestBytes, latencyCycles: 0 }, 'fifo', new Stats(), 'sink');
  let refill = 0;
  let firstIssue = -1;
  let lastDone = -1;
  let requests = 0;
  let sum = 0;
  // Between the reader and the memory: the first issue and last completion of each refill.
  const probe = timedPort(
    memory,
    sim,
    (_issued, done) => (lastDone = Math.max(lastDone, done)),
    (issued) => {
      if (firstIssue < 0) firstIssue = issued;
      requests++;
    },
  );
  const streamer = new StreamReader(sim, clock, probe, sink, reader);
  const drainWhenFull = (): void => {
    if (sink.positions.arrived - sink.positions.consumed < capacity) {
      sink.onData(drainWhenFull);
      return;
    }
    // Everything requested has arrived: the memory is idle. Time the refill, empty the buffer.
    if (refill > 0) sum += lastDone - firstIssue - (requests - 1) * reader.requestBytes * psPerByte;
    if (refill++ === RESUMES) return;
    firstIssue = -1;
    lastDone = -1;
    requests = 0;
    sink.consume(sink.readable());
    sink.onData(drainWhenFull);
  };
  sink.onData(drainWhenFull);
  streamer.start(0, (RESUMES + 1) * capacity);
  sim.run();
  return Math.max(0, Math.round(sum / RESUMES));
}

/** Requests of the load/store transfer that times its latency (rows and channels over many times). */
const TRANSFER_REQUESTS = 2048;

/** Quantiles of the load/store latency the pipe draws from (at (i + ½) / LATENCY_QUANTILES); assumption: 32 resolve a tail as light as 1/32 of the requests (the ASIC's row misses: ~10%). */
const LATENCY_QUANTILES = 32;

/**
 * The latencies a load/store request is given between refreshes (ps): the distribution of the
 * time from issue to completion at the memory port of the TRANSFER_REQUESTS requests of one
 * transfer through the design's load/store engine (its request size and requests in flight) into
 * the idle, refresh-free memory (the pipe adds the refresh stalls), as its mean and
 * LATENCY_QUANTILES quantiles. The spread matters to a latency-bound stream: on the 28 nm HBM ASIC
 * 90% of K/V reads take exactly 56 ns and the rest 70 ns (row misses); the mean (56.4 ns), given
 * to every request, rounds up to 57 ns at the 1 GHz core's edges and made the K/V reads 0.8% slower
 * than the DRAM's. Two other variants were tried and missed the machines more
 * (docs/fast-mode.md): a mean that holds the refresh stalls a light stream meets, with the pipe's
 * stalls not applied to such requests; and a latency fitted so that a pipe reproduces the
 * transfer's time.
 */
function transferLatency(design: AcceleratorDesign, write: boolean): RequestLatency {
  const latencies = timeTransfer(design, write, TRANSFER_REQUESTS, (sim, clock) => buildOffChipMemory(design, sim, new Stats(), clock)).latenciesPs;
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = Math.round(sorted.reduce((s, x) => s + x, 0) / sorted.length);
  const quantiles = Array.from({ length: LATENCY_QUANTILES }, (_, i) => sorted[Math.floor(((i + 0.5) / LATENCY_QUANTILES) * sorted.length)]!);
  return { bytes: design.transfer.requestBytes, ps: mean, quantiles };
}

/**
 * One transfer of `requests` sequential load/store requests into the memory `memoryOf` builds:
 * its time and each request's time from issue to completion.
 */
function timeTransfer(design: AcceleratorDesign, write: boolean, requests: number, memoryOf: (sim: Simulator, clock: ClockDomain) => MemoryPort): { ps: number; latenciesPs: number[] } {
  const sim = new Simulator();
  const clock = requesterClock();
  const latenciesPs: number[] = [];
  const memory = timedPort(memoryOf(sim, clock), sim, (issued, done) => latenciesPs.push(done - issued));
  const engine = new TransferEngine(sim, clock, memory, design.transfer, new Stats());
  let end = -1;
  engine.transfer(0, requests * design.transfer.requestBytes, write, () => (end = sim.now));
  sim.run();
  return { ps: end, latenciesPs };
}

/**
 * `memory` with every accepted request timed: `onDone(issued, done)` when it completes (`onAccept`
 * when it is accepted). The profiles' probe between a requester and the memory.
 */
function timedPort(memory: MemoryPort, sim: Simulator, onDone: (issuedPs: number, donePs: number) => void, onAccept: (issuedPs: number) => void = () => {}): MemoryPort {
  return {
    name: memory.name,
    peakBytesPerSecond: memory.peakBytesPerSecond,
    refreshIntervalPs: memory.refreshIntervalPs,
    requestDrivenActions: memory.requestDrivenActions,
    trafficComponents: memory.trafficComponents,
    whenReady: (cb, retriesRefused) => memory.whenReady(cb, retriesRefused),
    finish: (t) => memory.finish(t),
    tryIssue: (req) => {
      const issued = sim.now;
      const accepted = memory.tryIssue({ ...req, onDone: (t) => (onDone(issued, t), req.onDone(t)) });
      if (accepted) onAccept(issued);
      return accepted;
    },
  };
}
