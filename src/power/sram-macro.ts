import { CACTI7_SRAM_ROWS } from './cacti7-sram-table.js';
import { logicAreaFactor } from './node-scaling.js';

/** The SRAM cell flavour of CACTI's ITRS models: high performance (fast, leaky) or low standby power. */
export type SramCell = 'hp' | 'lstp';

/** Cost of one SRAM macro: energy per access, leakage and area, with where they come from. */
export interface SramMacroCost {
  readPJ: number;
  writePJ: number;
  leakageW: number;
  areaMm2: number;
  source: string;
}

const NODES = [22, 32, 45] as const;
const SIZES = [8192, 32768, 65536, 262144, 1048576, 4194304] as const;
const WIDTHS = [64, 128, 256, 512] as const;
/** Accelergy's rule for SRAM access energy against depth (rows): ∝ depth^0.78. */
const DEPTH_EXPONENT = 0.78;

type Quantity = 'read' | 'write' | 'leak' | 'area';
const COLUMN: Record<Quantity, number> = { read: 4, write: 5, leak: 6, area: 7 };

const byKey = new Map<string, readonly number[]>();
for (const r of CACTI7_SRAM_ROWS) byKey.set(`${r[0]}/${r[1]}/${r[2]}/${r[3]}`, r as unknown as number[]);

function at(node: number, cell: SramCell, size: number, width: number, q: Quantity): number {
  const row = byKey.get(`${node}/${cell}/${size}/${width}`);
  if (!row) throw new Error(`CACTI table has no row ${node} nm ${cell} ${size} B ${width} b`);
  return row[COLUMN[q]]!;
}

/** Index pair bracketing x in a sorted grid, and x's log-fraction between them (clamped to the grid). */
function bracket(grid: readonly number[], x: number): [number, number, number] {
  let i = 1;
  while (i < grid.length - 1 && x > grid[i]!) i++;
  const a = grid[i - 1]!;
  const b = grid[i]!;
  const f = Math.min(1, Math.max(0, Math.log(x / a) / Math.log(b / a)));
  return [a, b, f];
}

const lerpLog = (y0: number, y1: number, f: number): number => Math.exp(Math.log(y0) + f * (Math.log(y1) - Math.log(y0)));

/** Bilinear log–log interpolation in size and width at one table node, inside the grid. */
function gridValue(node: number, cell: SramCell, size: number, width: number, q: Quantity): number {
  const [s0, s1, fs] = bracket(SIZES, size);
  const [w0, w1, fw] = bracket(WIDTHS, width);
  const lo = lerpLog(at(node, cell, s0, w0, q), at(node, cell, s0, w1, q), fw);
  const hi = lerpLog(at(node, cell, s1, w0, q), at(node, cell, s1, w1, q), fw);
  return lerpLog(lo, hi, fs);
}

/**
 * A quantity at a table node for any size and width: inside the grid, log–log interpolation;
 * below 8 KB, access energy ∝ depth^0.78 (Accelergy) and leakage and area ∝ size; wider than
 * 512 bits or narrower than 64, energy ∝ width and leakage/area as the clamped width (the
 * array is the same bits; assumption).
 */
function nodeValue(node: number, cell: SramCell, size: number, width: number, q: Quantity): number {
  const w = Math.min(512, Math.max(64, width));
  const s = Math.max(SIZES[0], size);
  let v = gridValue(node, cell, s, w, q);
  const energy = q === 'read' || q === 'write';
  if (size < s) v *= energy ? (size / s) ** DEPTH_EXPONENT : size / s;
  if (energy && width !== w) v *= width / w;
  return v;
}

/** A quantity at any node: log–log between 22/32/45 nm; below 22 nm see sramMacroCost. */
function scaledValue(nodeNm: number, cell: SramCell, size: number, width: number, q: Quantity): number {
  if (nodeNm >= 45) {
    const v = nodeValue(45, cell, size, width, q);
    return q === 'area' ? v * logicAreaFactor(nodeNm) : v * (nodeNm / 45);
  }
  if (nodeNm < 22) {
    const v = nodeValue(22, cell, size, width, q);
    return q === 'area' ? v * (logicAreaFactor(nodeNm) / logicAreaFactor(22)) : v * Math.sqrt(nodeNm / 22);
  }
  const [n0, n1, f] = bracket(NODES, nodeNm);
  return lerpLog(nodeValue(n0, cell, size, width, q), nodeValue(n1, cell, size, width, q), f);
}

/** The largest macro in the CACTI sweep; larger SRAMs are built of several equal macros. */
export const LARGEST_SRAM_MACRO = 4 * 1024 * 1024;

/**
 * Access energy, leakage and area of an SRAM of `bytes` with a `widthBits` port at `nodeNm`,
 * from the CACTI 7 sweep (FACTS.md §3): log–log in size, width and node between 22, 32 and 45 nm;
 * below 22 nm energy and leakage × √(node/22) (Accelergy's rule) and area × the logic area factor
 * against 22 nm; above 45 nm energy and leakage ∝ node and area ∝ node² (assumption). An SRAM
 * above 4 MB is k equal macros of bytes/k: one is accessed per access, all leak and take area.
 */
export function sramMacroCost(nodeNm: number, cell: SramCell, bytes: number, widthBits: number): SramMacroCost {
  const k = Math.ceil(bytes / LARGEST_SRAM_MACRO);
  const macro = bytes / k;
  const v = (q: Quantity) => scaledValue(nodeNm, cell, macro, widthBits, q);
  return {
    readPJ: v('read'),
    writePJ: v('write'),
    leakageW: k * v('leak') * 1e-3,
    areaMm2: k * v('area'),
    source: `CACTI 7 ${cell} SRAM sweep (FACTS.md §3)${k > 1 ? `, ${k} macros of ${macro} B` : ''} at ${nodeNm} nm, ${widthBits}-bit port${nodeNm < 22 ? ', √(node/22) below 22 nm (Accelergy)' : ''}`,
  };
}
