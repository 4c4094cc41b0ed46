import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/design/parse-design.js';
import { hostOpPs, placedOnHost, type HostProcessor } from '../../src/mapping/host-placement.js';
import { simulate } from '../../src/sim/simulate.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import type { MatVecOp } from '../../src/workload/ops.js';

const A53: HostProcessor = { name: 'a53', opsRate: 85e9, bandwidth: 5.5e9, weightBits: 8, activePower: 1.2, dispatchLatency: 100e6, ops: ['lm_head'] };
const head: MatVecOp = { kind: 'matvec', id: 'lm_head.matvec', deps: [], layer: -1, weight: 'lm_head.weight', weightDtype: 'fp16', dIn: 1536, dOut: 32002, batch: 1, zeroFraction: 0 };

describe('host placement', () => {
  it('takes the ops a host names, and those whose ids continue it after a dot', () => {
    expect(placedOnHost(head, A53)).toBe(true);
    expect(placedOnHost({ ...head, id: 'lm_head' }, A53)).toBe(true);
    expect(placedOnHost({ ...head, id: 'lm_headx.matvec' }, A53)).toBe(false);
    expect(placedOnHost({ ...head, id: 'layers.0.lm_head' }, A53)).toBe(false);
    expect(placedOnHost(head, undefined)).toBe(false);
  });

  it('times an op as dispatch + the longer of its operations and its weight stream', () => {
    // 2 × 1536 × 32002 = 98,310,144 ops / 85 GOPS = 1.1566 ms; 1536 × 32002 int8 bytes = 49,155,072 B
    // / 5.5 GB/s = 8.9373 ms (the longer); + 100 µs dispatch.
    expect(hostOpPs(head, A53)).toBe(Math.round(100e6 + (49_155_072 / 5.5e9) * 1e12));
    // At 1 GOPS the operations are longer: 98.31 ms.
    expect(hostOpPs(head, { ...A53, opsRate: 1e9 })).toBe(Math.round(100e6 + (98_310_144 / 1e9) * 1e12));
  });

  it('runs TeLLMe\'s LM head on the A53: the host is busy exactly that long and draws its active power for it', () => {
    const file = 'designs/published/tellme-kv260.yaml';
    const design = parseDesign(readFileSync(file, 'utf8'), file);
    const workload = workloadFromModelSpec({ zoo: 'bitnet-b1.58-700m' }, { batch: 1, context: 128 });
    const r = simulate(design, workload, { mode: 'fast' });
    const headPs = Math.round(100e6 + (49_155_072 / 5.5e9) * 1e12);
    expect(r.units['hostCpu']!.busyFraction * r.stepTimePs).toBeCloseTo(headPs, 0);
    const hostW = r.power.byComponent.find((c) => c.component === 'hostCpu')!;
    expect(hostW.energyJ).toBeCloseTo(1.2 * headPs * 1e-12, 12);
    expect(r.warnings.filter((w) => w.startsWith('hostProcessor'))).toEqual([]);
  });

  it('warns when a host names an op the model lacks', () => {
    const file = 'designs/published/tellme-kv260.yaml';
    const design = parseDesign(readFileSync(file, 'utf8'), file, ['hostProcessor.ops=[lm_hed]']);
    const r = simulate(design, workloadFromModelSpec({ zoo: 'bitnet-b1.58-700m' }, { batch: 1, context: 16 }), { mode: 'fast' });
    expect(r.warnings).toContain('hostProcessor.ops: "lm_hed" names no op of bitnet-b1.58-700m, so it runs nothing there');
  });
});
