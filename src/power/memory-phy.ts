import { dramFamily } from '../hw/dram/standards.js';

/**
 * Memory and host PHYs of an ASIC: idle power and area per channel by DRAM family, and the PCIe
 * PHY of a host link. PHYs are analog and I/O bound, so their area hardly shrinks with the node:
 * it is taken as constant (assumption). None of these figures is published per PHY; all are
 * assumptions of the order reported for shipped parts and say so.
 */

/** Idle power (W) and area (mm²) of one channel's PHY and controller. */
export interface PhyCost {
  idleW: number;
  areaMm2: number;
  source: string;
}

const PHY_BY_FAMILY: Record<string, PhyCost> = {
  // An HBM2 stack: 8 legacy channels of 128 bits (16 pseudo-channels); ~1 W idle and ~12 mm² per stack PHY.
  HBM2: { idleW: 1 / 8, areaMm2: 12 / 8, source: 'assumption: ~1 W idle and ~12 mm² per 1024-bit HBM2 stack PHY + controller (10–15 mm² at 16–14 nm), per 128-bit channel' },
  HBM2e: { idleW: 1 / 16, areaMm2: 12 / 16, source: 'assumption: ~1 W idle and ~12 mm² per 1024-bit HBM2e stack PHY + controller, per 64-bit pseudo-channel' },
  HBM3: { idleW: 1.5 / 32, areaMm2: 15 / 32, source: 'assumption: ~1.5 W idle and ~15 mm² per 1024-bit HBM3 stack PHY + controller, per 32-bit pseudo-channel' },
  DDR4: { idleW: 0.5, areaMm2: 4, source: 'assumption: ~0.5 W idle (termination, DLL/PLL) and ~4 mm² per 64-bit DDR4 PHY + controller' },
  DDR5: { idleW: 0.3, areaMm2: 2.5, source: 'assumption: ~0.3 W idle and ~2.5 mm² per 32-bit DDR5 sub-channel PHY + controller' },
  LPDDR4: { idleW: 0.1, areaMm2: 1, source: 'assumption: ~0.1 W idle and ~1 mm² per 16-bit LPDDR4 channel PHY + controller' },
  LPDDR5: { idleW: 0.1, areaMm2: 1, source: 'assumption: ~0.1 W idle and ~1 mm² per 16-bit LPDDR5 channel PHY + controller' },
  GDDR6: { idleW: 0.25, areaMm2: 1.5, source: 'assumption: ~0.25 W idle and ~1.5 mm² per 16-bit GDDR6 channel PHY + controller' },
};

/** The PHY of one channel of DRAM standard `standard` (family = the name up to its speed grade). */
export function memoryPhy(standard: string): PhyCost {
  const family = dramFamily(standard);
  const phy = PHY_BY_FAMILY[family];
  if (!phy) throw new Error(`no PHY model for DRAM family ${family}`);
  return phy;
}

/** A PCIe 4.0 x16 endpoint PHY and controller of an ASIC with a host link. */
export const PCIE_PHY: PhyCost = { idleW: 1, areaMm2: 8, source: 'assumption: ~1 W idle and ~8 mm² for a PCIe 4.0 x16 PHY + controller' };
