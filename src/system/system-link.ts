import type { Simulator } from '../engine/simulator.js';

/** Timing and energy of one direction of a link between two devices. */
export interface SystemLinkSpec {
  /** Raw signalling rate, Gb/s. */
  lineRateGbps: number;
  /** Payload share after line coding, (0, 1]. */
  encodingEfficiency: number;
  /** Delivery latency after the last bit is serialized, ns. */
  latencyNs: number;
  /** Energy per payload bit, pJ. */
  energyPjPerBit: number;
}

/** Picoseconds to serialize `bytes` of payload on `spec` (rounded up to a whole ps). */
export function serializationPs(spec: SystemLinkSpec, bytes: number): number {
  return Math.ceil((bytes * 8 * 1000) / (spec.lineRateGbps * spec.encodingEfficiency));
}

/**
 * One direction of a device-to-device link, an engine component: transfers are serialized one at a
 * time in the order sent (a busy link queues the next), then delivered `latencyNs` after their last
 * bit. Counts bytes, busy time and energy, so contention and link power emerge from the traffic.
 */
export class SystemLink {
  private freeAtPs = 0;
  /** Payload bytes carried. */
  bytes = 0;
  /** Time spent serializing, ps. */
  busyPs = 0;
  /** Transfers carried. */
  transfers = 0;

  constructor(
    private readonly sim: Simulator,
    readonly name: string,
    readonly spec: SystemLinkSpec,
  ) {}

  /** Sends `bytes` now (or when the link frees); `onArrive` runs at delivery. */
  send(bytes: number, onArrive: () => void): void {
    const start = Math.max(this.sim.now, this.freeAtPs);
    const ser = serializationPs(this.spec, bytes);
    this.freeAtPs = start + ser;
    this.busyPs += ser;
    this.bytes += bytes;
    this.transfers++;
    this.sim.at(this.freeAtPs + Math.round(this.spec.latencyNs * 1000), onArrive);
  }

  /** Energy of the bytes carried, J. */
  get energyJ(): number {
    return this.bytes * 8 * this.spec.energyPjPerBit * 1e-12;
  }
}
