import type { AcceleratorDesign } from '../design/schema.js';
import { asicArea, type UnitArea } from './asic-area.js';
import { fpgaResources, type ResourceUse, type UnitResources } from './fpga-resources.js';
import { memoryPhy, PCIE_PHY } from './memory-phy.js';

/** How a design is built: FPGA resources against its device, or ASIC die area by unit. */
export type Implementation =
  | {
      target: 'fpga';
      device: string;
      deviceName: string;
      board: string | null;
      /** The device family's fabric clock assumption (Hz). */
      fmaxHz: number;
      resources: ResourceUse[];
      units: UnitResources[];
    }
  | {
      target: 'asic';
      nodeNm: number;
      /** Die area: logic, SRAM and PHYs (mm²). */
      areaMm2: number;
      /** Leakage of logic and SRAM (W); PHY idle power is a board-level static term. */
      leakageW: number;
      units: UnitArea[];
    };

/** Register bits the clock network toggles every cycle: the design's registers, not the shell's. */
export function clockedRegisterBits(impl: Implementation): number {
  if (impl.target === 'fpga') return impl.units.filter((u) => u.unit !== 'shell').reduce((s, u) => s + (u.use.register ?? 0), 0);
  return impl.units.reduce((s, u) => s + (u.registerBits ?? 0), 0);
}

/** The implementation of `design`: FPGA resource estimate or ASIC area (with memory and host PHYs). */
export function implementationOf(design: AcceleratorDesign): Implementation {
  if (design.target.type === 'fpga') {
    const e = fpgaResources(design);
    return { target: 'fpga', device: e.device.id, deviceName: e.device.name, board: e.board?.id ?? null, fmaxHz: e.device.family.fmaxHz, resources: e.totals, units: e.units };
  }
  const a = asicArea(design);
  const units = [...a.units];
  const m = design.memory;
  if (m.type === 'dram') {
    const phy = memoryPhy(m.standard);
    units.push({ unit: 'memoryPhy', detail: `${m.channels} × ${m.standard} channel PHY + controller`, areaMm2: m.channels * phy.areaMm2, leakageW: 0, source: phy.source });
  }
  if (design.host) units.push({ unit: 'hostPhy', detail: 'PCIe endpoint PHY + controller', areaMm2: PCIE_PHY.areaMm2, leakageW: 0, source: PCIE_PHY.source });
  return { target: 'asic', nodeNm: a.nodeNm, areaMm2: units.reduce((s, u) => s + u.areaMm2, 0), leakageW: a.leakageW, units };
}

/** Resource use above this share of a device makes routing hard (a warning, not a failure; assumption). */
const ROUTING_WARNING_FRACTION = 0.8;

/** Warnings a designer wants to see: resources above 80% of the device (routing congestion, timing closure). */
export function implementationWarnings(impl: Implementation): string[] {
  if (impl.target !== 'fpga') return [];
  return impl.resources
    .filter((r) => r.fraction > ROUTING_WARNING_FRACTION && r.fraction <= 1)
    .map((r) => `${r.resource} at ${(r.fraction * 100).toFixed(0)}% of the ${impl.deviceName}: above ${ROUTING_WARNING_FRACTION * 100}% routing and timing closure get hard`);
}
