/**
 * What one vector (or norm) lane is built of, for its energy, ASIC area and FPGA resources alike:
 * a 16-bit fixed-point datapath (assumption, as in the paper's FPGA core) with one multiplier,
 * three adders (add/sub, the divider's step, the PWL's offset) and three 16-bit registers, and
 * with LUT nonlinearities one 256-entry × 16-bit table each for exp, sigmoid, SiLU and rsqrt.
 */
export const VECTOR_LANE = {
  bits: 16,
  adders: 3,
  registerBits: 3 * 16,
  /** Function tables per lane (exp, sigmoid, SiLU, rsqrt). */
  tables: 4,
  table: { entries: 256, bits: 16, bytes: (256 * 16) / 8 },
} as const;
