/**
 * Link presets of multi-device systems, each number with its source (or marked an assumption).
 * `lineRateGbps` is the raw signalling rate per direction; `encodingEfficiency` the payload share
 * left after line coding (serialization overhead); `latencyNs` the one-way delivery latency of a
 * message after its last bit is serialized; `energyPjPerBit` the energy per payload bit moved.
 */
export interface LinkPreset {
  lineRateGbps: number;
  encodingEfficiency: number;
  latencyNs: number;
  energyPjPerBit: number;
  source: Record<'lineRateGbps' | 'encodingEfficiency' | 'latencyNs' | 'energyPjPerBit', string>;
}

/** The presets by name (used by `link.preset` of a system file). */
export const LINK_PRESETS: Readonly<Record<string, LinkPreset>> = {
  'pcie-gen3-x16': {
    lineRateGbps: 8 * 16,
    encodingEfficiency: 128 / 130,
    latencyNs: 1000,
    energyPjPerBit: 10,
    source: {
      lineRateGbps: 'PCIe 3.0: 8 GT/s per lane × 16 lanes (U280 host interface, FACTS.md §8)',
      encodingEfficiency: 'PCIe 3.0 128b/130b line code',
      latencyNs: 'assumption: ~1 µs one way through root complex / switch and DMA engines',
      energyPjPerBit: 'assumption: ~10 pJ/bit for a board-to-board PCIe 3.0 link including SerDes and retimers',
    },
  },
  'pcie-gen4-x8': {
    lineRateGbps: 16 * 8,
    encodingEfficiency: 128 / 130,
    latencyNs: 1000,
    energyPjPerBit: 8,
    source: {
      lineRateGbps: 'PCIe 4.0: 16 GT/s per lane × 8 lanes (U280 Gen4 x8 mode, FACTS.md §8)',
      encodingEfficiency: 'PCIe 4.0 128b/130b line code',
      latencyNs: 'assumption: ~1 µs one way through root complex / switch and DMA engines',
      energyPjPerBit: 'assumption: ~8 pJ/bit for a board-to-board PCIe 4.0 link including SerDes',
    },
  },
  'qsfp28-aurora': {
    lineRateGbps: 4 * 25.78125,
    encodingEfficiency: 64 / 66,
    latencyNs: 500,
    energyPjPerBit: 35,
    source: {
      lineRateGbps: 'QSFP28: 4 lanes × 25.78125 Gb/s = 100 Gb/s payload class (U280 has 2 × QSFP28, FACTS.md §8)',
      encodingEfficiency: 'AMD Aurora 64B/66B line code (PG074)',
      latencyNs: 'assumption: Aurora 64B/66B TX+RX core pipeline (tens of user-clock cycles) + a few metres of cable, ~0.5 µs',
      energyPjPerBit: 'assumption: a QSFP28 module of power class ≤ 3.5 W at 100 Gb/s ≈ 35 pJ/bit (both ends\' SerDes folded in)',
    },
  },
  ucie: {
    lineRateGbps: 32 * 64,
    encodingEfficiency: 1,
    latencyNs: 2,
    energyPjPerBit: 0.5,
    source: {
      lineRateGbps: 'UCIe advanced package: 32 GT/s per lane × 64 lanes per module (FACTS.md §8: 16–32 GT/s per lane)',
      encodingEfficiency: 'UCIe raw mode, no line code (CRC/retry overhead neglected: assumption)',
      latencyNs: 'UCIe 1.0 specification target: < 2 ns die-to-die',
      energyPjPerBit: 'FACTS.md §8: ~0.5 pJ/bit class on advanced packages',
    },
  },
  nvlink4: {
    lineRateGbps: 450 * 8,
    encodingEfficiency: 1,
    latencyNs: 1000,
    energyPjPerBit: 1.3,
    source: {
      lineRateGbps: 'NVLink 4 (H100): 900 GB/s per GPU both directions, so 450 GB/s each way (FACTS.md §8)',
      encodingEfficiency: 'assumption: the 900 GB/s figure is payload bandwidth',
      latencyNs: 'assumption: ~1 µs one way for a small message through NVSwitch including software',
      energyPjPerBit: 'assumption: NVIDIA quotes 1.3 pJ/bit for NVLink-C2C; NVLink 4 over NVSwitch taken the same',
    },
  },
};
