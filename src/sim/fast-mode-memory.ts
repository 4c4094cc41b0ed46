import type { AcceleratorDesign } from '../design/schema.js';

/**
 * Whether fast mode stands a characterized memory in for the design's DRAM: one core's weight
 * stream of pipelined requests (several in flight) on a port of its own, as the profile measures
 * it. A byte-serial stream with one request in flight, or a port shared with loads and stores,
 * sees every request's own row and refresh timing, which a steady rate does not describe; several
 * cores' streams meet in the DRAM's queues in ways one profiled stream does not show: such designs
 * keep the DRAM model.
 */
export function streamsThroughDram(design: AcceleratorDesign): boolean {
  return design.memory.type === 'dram' && design.weightStream.maxOutstanding > 1 && !design.sharedMemoryPort && design.cores.count === 1;
}

/** Fewest coalesced requests fast mode keeps in flight, and fewest per double-buffer half. */
const MIN_COALESCED_IN_FLIGHT = 8;
const MIN_COALESCED_PER_HALF = 8;

/**
 * The weight reader fast mode runs against a characterized memory: m of the design's requests
 * issued as one (m × requestBytes each, maxOutstanding / m in flight: the same bytes in flight),
 * m the largest power of two that keeps at least 8 requests in flight and 8 to a double-buffer
 * half and divides the half. The pipe delivers a coalesced request's first requestBytes after the
 * profiled latency and the rest at the profiled rate, as the m requests would arrive when the
 * memory sets the pace; the TAU only sees whole halves, which the coalesced requests fill as
 * the single ones do (the reader splits requests at half boundaries). A FIFO
 * weight buffer, whose consumer sees every arrival, keeps m = 1.
 */
export function fastModeReader(design: AcceleratorDesign): AcceleratorDesign['weightStream'] {
  const ws = design.weightStream;
  if (ws.buffer.mode !== 'double-buffer') return ws;
  const half = Math.floor(ws.buffer.capacity / 2);
  let m = 1;
  while (2 * m * MIN_COALESCED_IN_FLIGHT <= ws.maxOutstanding && 2 * m * ws.requestBytes * MIN_COALESCED_PER_HALF <= half && half % (2 * m * ws.requestBytes) === 0) m *= 2;
  return m === 1 ? ws : { ...ws, requestBytes: m * ws.requestBytes, maxOutstanding: Math.floor(ws.maxOutstanding / m) };
}
