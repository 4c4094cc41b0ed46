import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { loadValidationCases } from '../../src/io/load.js';
import { runValidationCase } from '../../src/validate/run-validation.js';
import { failedRows } from '../../src/validate/validation-case.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the validation suite (designs/validation)', () => {
  const rows = loadValidationCases('designs/validation').flatMap(runValidationCase);

  it('keeps every case within its tolerance but the informative ones (CI fails when one leaves it)', () => {
    const failed = failedRows(rows).map((r) => `${r.case} ${r.what}: ${(r.error * 100).toFixed(2)}% (±${r.tolerance * 100}%)`);
    expect(failed).toEqual([]);
  });

  it('covers the paper\'s core, our GPU measurements, published GPU points, DRAM closed forms and board idle points', () => {
    const cases = new Set(rows.map((r) => r.case));
    for (const c of ['paper-core-block-time', 'paper-core-board-power', 'h200-calibration', 'a100-gpt-fast-llama2-7b', 'rtx4090-llamacpp-7b-f16', 'ddr4-2400-unloaded-read', 'ddr4-2400-sequential-bandwidth', 'hbm2-stack-sequential-bandwidth', 'u55c-board-static-power', 'kv260-board-static-power']) expect(cases).toContain(c);
    expect(rows.filter((r) => r.case === 'h200-calibration')).toHaveLength(96);
  });

  it('checks each published ternary accelerator, saying what was fitted and why a case stays outside', () => {
    const cases = new Map(rows.map((r) => [r.case, r]));
    for (const c of ['tellme-kv260-decode', 'tellme-kv260-power', 'tereffic-u280-decode', 'tereffic-u280-power', 'slim-llama-3b-latency', 'tenet-fpga-efficiency']) expect(cases.get(c)?.check).toBe('prediction');
    for (const c of ['paper-core-block-time', 'h200-calibration', 'kv260-board-static-power']) expect(cases.get(c)?.check).toBe('consistency');
    for (const r of rows) if (!r.pass) expect(r.informative?.length ?? 0, r.case).toBeGreaterThan(40);
  });
});

describe('ternsim validate', () => {
  it('exits 3 and says NO for a case outside its tolerance', async () => {
    writeFileSync(
      join(dir, 'wrong.yaml'),
      `kind: dram\nname: wrong\nstandard: DDR4-2400\ntest: unloaded-read\nexpected: 20\nunit: ns\ntolerance: 0.01\nsource: "a deliberately wrong figure"\n`,
    );
    const r = await run(['validate', '--cases', dir, '--json']);
    expect(r.exitCode).toBe(3);
    const out = JSON.parse(r.stdout) as { pass: boolean; rows: { pass: boolean; simulated: number }[] };
    expect(out.pass).toBe(false);
    expect(out.rows[0]!.simulated).toBeCloseTo((16 + 16 + 4) * 0.833, 9);
  });

  it('shows an informative case outside its tolerance with its reason, and exits 0 for it', async () => {
    const informative = join(dir, 'informative');
    mkdirSync(informative);
    writeFileSync(
      join(informative, 'far.yaml'),
      `kind: dram\nname: far\nstandard: DDR4-2400\ntest: unloaded-read\nexpected: 20\nunit: ns\ntolerance: 0.01\ninformative: the figure is from another part\nsource: "a deliberately far figure"\n`,
    );
    const r = await run(['validate', '--cases', informative]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('no (informative)');
    expect(r.stdout).toContain('0 of 1 figures within tolerance; 1 informative outside it:\n  far: the figure is from another part\n');
  });

  it('names the file and key of a malformed case', async () => {
    writeFileSync(join(dir, 'wrong.yaml'), 'kind: dram\nname: x\nstandard: DDR4-2400\ntest: sideways\nexpected: 1\nunit: ns\ntolerance: 0.1\nsource: s\n');
    const r = await run(['validate', '--cases', dir]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`ternsim: ${join(dir, 'wrong.yaml')}: test: expected one of "unloaded-read", "sequential-read", got "sideways"\n`);
  });
});
