import { logicAreaFactor, logicEnergyFactor } from './node-scaling.js';

/**
 * Area and leakage of standard-cell logic at the 40 nm reference of Aladdin (Shao et al., ISCA
 * 2014), as tabulated in Accelergy's Aladdin plug-in (FACTS.md §2): a 32-bit adder 278 µm² and
 * 2.25 µW; a 32×32 multiplier 6350 µm² and 77.9 µW; a one-bit register 5.98 µm² and 0.074 µW.
 */
const ALADDIN_40NM = {
  adder32: { um2: 278, uW: 2.25 },
  multiplier32: { um2: 6350, uW: 77.9 },
  registerBit: { um2: 5.98, uW: 0.074 },
} as const;

/** Where the logic figures come from. */
export const LOGIC_CELL_SOURCE = 'Aladdin 40 nm (Accelergy plug-in, FACTS.md §2) × Stillmaker–Baas area factor; leakage scaled like dynamic energy (assumption)';

/** Area (mm²) and leakage (W) of some logic. */
export interface LogicCost {
  areaMm2: number;
  leakageW: number;
}

const REFERENCE_NM = 40;

function scaled(um2: number, uW: number, nodeNm: number): LogicCost {
  return {
    areaMm2: um2 * 1e-6 * (logicAreaFactor(nodeNm) / logicAreaFactor(REFERENCE_NM)),
    leakageW: uW * 1e-6 * (logicEnergyFactor(nodeNm) / logicEnergyFactor(REFERENCE_NM)),
  };
}

/** An n-bit adder: the 32-bit reference scaled linearly with width (assumption). */
export function adderCost(bits: number, nodeNm: number): LogicCost {
  const f = bits / 32;
  return scaled(ALADDIN_40NM.adder32.um2 * f, ALADDIN_40NM.adder32.uW * f, nodeNm);
}

/** An n×n array multiplier: the 32×32 reference scaled with the square of the width (assumption). */
export function multiplierCost(bits: number, nodeNm: number): LogicCost {
  const f = (bits / 32) ** 2;
  return scaled(ALADDIN_40NM.multiplier32.um2 * f, ALADDIN_40NM.multiplier32.uW * f, nodeNm);
}

/** `bits` one-bit registers (flip-flops). */
export function registerCost(bits: number, nodeNm: number): LogicCost {
  return scaled(ALADDIN_40NM.registerBit.um2 * bits, ALADDIN_40NM.registerBit.uW * bits, nodeNm);
}

/** Sum of costs, each times its count. */
export function sumCosts(...parts: [number, LogicCost][]): LogicCost {
  return parts.reduce((s, [n, c]) => ({ areaMm2: s.areaMm2 + n * c.areaMm2, leakageW: s.leakageW + n * c.leakageW }), { areaMm2: 0, leakageW: 0 });
}
