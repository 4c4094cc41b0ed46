import type { AcceleratorDesign } from '../design/schema.js';
import { dramFamily, resolveDramStandard, type DramTimingOverrides } from '../hw/dram/standards.js';
import { FPGA_BOARDS } from '../hw/fpga/boards.js';
import { boardMemoryFor } from './fpga-resources.js';
import type { Implementation } from './implementation.js';

/** One reason a design cannot be built: the key path it concerns and what is wrong. */
export interface FitProblem {
  keyPath: string;
  message: string;
}

/** The largest die a lithography reticle exposes: 26 mm × 33 mm (the industry-standard field). */
export const RETICLE_LIMIT_MM2 = 26 * 33;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Why `design` cannot be built as described, or an empty list: an FPGA design that needs more of
 * a resource than its device has (the resource, needed and available), a clock above the
 * family's fmax assumption, a memory its board does not carry (standard, channels, data rate);
 * an ASIC die larger than the reticle.
 */
export function fitProblems(design: AcceleratorDesign, impl: Implementation): FitProblem[] {
  const out: FitProblem[] = [];
  if (impl.target === 'asic') {
    if (impl.areaMm2 > RETICLE_LIMIT_MM2) out.push({ keyPath: '', message: `does not fit on one die: expected at most the ${RETICLE_LIMIT_MM2} mm² of a lithography reticle, got ${impl.areaMm2.toFixed(0)} mm²` });
    return out;
  }
  for (const r of impl.resources) {
    if (r.used > r.available) {
      const top = impl.units.filter((u) => (u.use[r.resource] ?? 0) > 0).sort((a, b) => (b.use[r.resource] ?? 0) - (a.use[r.resource] ?? 0)).slice(0, 3);
      out.push({
        keyPath: 'target.device',
        message: `does not fit the ${impl.deviceName}: ${r.resource} ${fmt(r.used)} needed, ${fmt(r.available)} available (${top.map((u) => `${u.unit} ${fmt(u.use[r.resource] ?? 0)}`).join(', ')})`,
      });
    }
  }
  if (design.clock > impl.fmaxHz) out.push({ keyPath: 'clock', message: `expected at most the ${impl.fmaxHz / 1e6} MHz fmax assumed for the ${impl.deviceName}, got ${design.clock / 1e6} MHz` });
  const board = impl.board ? FPGA_BOARDS[impl.board]! : null;
  const m = design.memory;
  if (board && m.type === 'dram') {
    const bm = boardMemoryFor(board, m.standard);
    if (!bm) {
      out.push({ keyPath: 'memory.standard', message: `expected a memory the ${board.name} carries (${board.memories.map((x) => dramFamily(x.standard)).join(', ')}), got ${m.standard}` });
    } else {
      if (m.channels > bm.channels) out.push({ keyPath: 'memory.channels', message: `expected at most the ${bm.channels} ${bm.standard} channels of the ${board.name}, got ${m.channels}` });
      const std = resolveDramStandard(m.standard, m.timing as DramTimingOverrides);
      const gbps = (std.dataRate / std.timing.tCK) * 1e3;
      // tCK is whole ps, so a board's rate is met only to within rounding (833 ps is 2.401 Gb/s): allow 0.5%.
      if (gbps > bm.maxGbpsPerPin * 1.005) {
        out.push({ keyPath: 'memory.timing.tCK', message: `expected at most the ${bm.maxGbpsPerPin} Gb/s per pin the ${board.name}'s ${dramFamily(bm.standard)} runs, got ${gbps.toFixed(2)} Gb/s (tCK ${std.timing.tCK} ps; set memory.timing.tCK to ${Math.ceil((std.dataRate / bm.maxGbpsPerPin) * 1e3)})` });
      }
    }
  }
  return out;
}
