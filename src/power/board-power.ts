import type { AcceleratorDesign } from '../design/schema.js';
import { dramFamily, resolveDramStandard } from '../hw/dram/standards.js';
import { FPGA_BOARDS } from '../hw/fpga/boards.js';
import { deviceStaticPower, FPGA_DEVICES } from '../hw/fpga/devices.js';
import type { Implementation } from './implementation.js';
import { dramEnergy } from './dram-energy.js';
import { memoryPhy, PCIE_PHY } from './memory-phy.js';

/** One static (activity-independent) power contribution. */
export interface StaticSource {
  /** The component it belongs to (`fpga`, `tau`, `board.pcie`, `dram` …). */
  name: string;
  watts: number;
  source: string;
  /** Fed straight from the board input (fans on 12 V), so outside the regulators' losses. */
  outsideRegulators?: boolean;
}

/** The board around a chip: its static contributions (at a given on-chip dynamic power) and regulator efficiency. */
export interface BoardPowerModel {
  vrmEfficiency: { value: number; source: string };
  /** Static contributions when the chip dissipates `chipDynamicW` of dynamic power. */
  staticAt(chipDynamicW: number): { sources: StaticSource[]; junctionC: number | null; warnings: string[] };
}

/** Default efficiency of an ASIC card's regulators and of an FPGA device without a board (assumption). */
const DEFAULT_VRM = { value: 0.9, source: 'assumption: 90% regulator efficiency' };
/** Junction temperature of an FPGA without a board or a given temperature (assumption). */
const DEFAULT_TJ = 85;
const FROM_DESIGN = 'design file (power.board)';

/**
 * The static side of a design's power: FPGA device static at the junction temperature the
 * board's thermal path gives (inlet + θJA × FPGA power, solved as a fixed point, since static
 * power rises with temperature), the board's overheads (memory PHYs of every channel on the board,
 * idle DRAM channels the design leaves unused, PCIe, management, fans, shell), an ASIC's
 * leakage by unit and its memory and host PHYs, the DRAM background of the channels in use
 * (`dramBackground`), and the design's own `power.static` entries.
 */
export function boardPowerModel(design: AcceleratorDesign, impl: Implementation, dramBackground: StaticSource[]): BoardPowerModel {
  const given = design.power.board;
  const extra: StaticSource[] = [...design.power.static.map((s) => ({ name: s.name, watts: s.power, source: s.source })), ...dramBackground];
  const m = design.memory;
  if (design.target.type === 'asic') {
    const fixed: StaticSource[] = [...extra];
    for (const u of impl.target === 'asic' ? impl.units.filter((x) => x.leakageW > 0) : []) fixed.push({ name: u.unit.split('.')[0]!, watts: u.leakageW, source: `leakage of ${u.detail}: ${u.source}` });
    if (m.type === 'dram') {
      const phy = memoryPhy(m.standard);
      const per = given.memoryPhyPerChannel ?? phy.idleW;
      fixed.push({ name: 'memoryPhy', watts: per * m.channels, source: `${m.channels} × ${per} W: ${given.memoryPhyPerChannel !== undefined ? FROM_DESIGN : phy.source}` });
    }
    const pcie = given.pcie ?? (design.host ? PCIE_PHY.idleW : 0);
    if (pcie > 0) fixed.push({ name: 'board.pcie', watts: pcie, source: given.pcie !== undefined ? FROM_DESIGN : PCIE_PHY.source });
    if (given.other) fixed.push({ name: 'board.other', watts: given.other, source: FROM_DESIGN });
    if (given.fans) fixed.push({ name: 'board.fans', watts: given.fans, source: FROM_DESIGN, outsideRegulators: true });
    const vrm = given.vrmEfficiency !== undefined ? { value: given.vrmEfficiency, source: FROM_DESIGN } : DEFAULT_VRM;
    return { vrmEfficiency: vrm, staticAt: () => ({ sources: fixed, junctionC: null, warnings: [] }) };
  }

  const device = FPGA_DEVICES[design.target.device]!;
  const board = design.target.board ? FPGA_BOARDS[design.target.board]! : null;
  const o = board?.overheads;
  const pick = (k: 'memoryPhyPerChannel' | 'pcie' | 'fans' | 'other' | 'shellDynamic'): { w: number; source: string } =>
    given[k] !== undefined ? { w: given[k]!, source: FROM_DESIGN } : o ? { w: o[k], source: `${board!.name}: ${o.sources[k]}` } : { w: 0, source: 'no board' };
  const fixed: StaticSource[] = [...extra];
  const shell = pick('shellDynamic');
  if (shell.w > 0) fixed.push({ name: 'shell', watts: shell.w, source: shell.source });
  for (const [k, name] of [['pcie', 'board.pcie'], ['other', 'board.other'], ['fans', 'board.fans']] as const) {
    const p = pick(k);
    if (p.w > 0) fixed.push({ name, watts: p.w, source: p.source, outsideRegulators: k === 'fans' });
  }
  // Every memory channel on the board has a powered PHY; those the design leaves idle also keep their DRAM in precharge standby.
  const phy = pick('memoryPhyPerChannel');
  const usedFamily = m.type === 'dram' ? dramFamily(m.standard) : undefined;
  for (const bm of board?.memories ?? []) {
    const used = usedFamily === dramFamily(bm.standard) && m.type === 'dram' ? Math.min(m.channels, bm.channels) : 0;
    if (phy.w > 0) fixed.push({ name: 'memoryPhy', watts: phy.w * bm.channels, source: `${bm.channels} × ${phy.w} W (${bm.standard}): ${phy.source}` });
    const idle = bm.channels - used;
    if (idle > 0) {
      const std = resolveDramStandard(bm.standard);
      const perRank = dramEnergy(std).states.prechargeStandby;
      fixed.push({ name: 'dram.idle', watts: idle * std.organization.ranks * perRank, source: `${idle} unused ${bm.standard} channel(s) in precharge standby (VDD·IDD2N, no power-down; assumption)` });
    }
  }
  const vrm = given.vrmEfficiency !== undefined ? { value: given.vrmEfficiency, source: FROM_DESIGN } : o ? { value: o.vrmEfficiency, source: `${board!.name}: ${o.sources.vrmEfficiency}` } : DEFAULT_VRM;
  const setTj = design.power.junctionTemperature;
  return {
    vrmEfficiency: vrm,
    staticAt(chipDynamicW) {
      let tj = setTj ?? (board ? board.thermal.ambientC : DEFAULT_TJ);
      let how = setTj !== undefined ? 'junction temperature from the design' : board ? '' : `assumption: Tj ${DEFAULT_TJ} °C without a board`;
      if (setTj === undefined && board) {
        // Tj = inlet + θJA × (dynamic + static(Tj)): a fixed point (θ·dP/dT < 1 for any sane heatsink).
        const th = board.thermal;
        for (let i = 0; i < 200; i++) {
          const next = th.ambientC + th.thetaJaCPerW * (chipDynamicW + shell.w + deviceStaticPower(device, tj));
          if (!Number.isFinite(next) || next > 1000) { tj = Infinity; break; }
          const done = Math.abs(next - tj) < 1e-9;
          tj = next;
          if (done) break;
        }
        how = `Tj ${th.ambientC} °C + ${th.thetaJaCPerW} °C/W × FPGA power (${th.source})`;
      }
      const warnings: string[] = [];
      if (!(tj <= device.maxJunctionC)) warnings.push(`junction temperature ${Number.isFinite(tj) ? `${tj.toFixed(0)} °C` : 'runs away'}: above the ${device.maxJunctionC} °C the ${device.name} allows`);
      const tjUsed = Number.isFinite(tj) ? tj : device.maxJunctionC;
      const s = deviceStaticPower(device, tjUsed);
      return {
        sources: [{ name: 'fpga', watts: s, source: `${device.name} static at Tj ${tjUsed.toFixed(1)} °C (${how}): ${device.staticPower.source}` }, ...fixed],
        junctionC: tjUsed,
        warnings,
      };
    },
  };
}
