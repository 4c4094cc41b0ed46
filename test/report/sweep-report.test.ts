import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { paretoFront } from '../../src/dse/pareto.js';
import { rowsOf } from '../helpers/store.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-sweep-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the report of a sweep store', () => {
  it('tables each model\'s Pareto front, draws every point and the sensitivity to each parameter, and exports every point', async () => {
    const store = join(dir, 's.db');
    expect((await run(['sweep', 'test/fixtures/sweeps/tiny-grid.yaml', '--store', store, '--jobs', '1'])).exitCode).toBe(0);
    const out = join(dir, 'report');
    const r = await run(['report', store, '--out', out]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('charts/sensitivity.svg');
    const rows = rowsOf(store);
    const html = new JSDOM(readFileSync(join(out, 'index.html'), 'utf8')).window.document;
    const frontKeys = [...html.querySelectorAll('table.front tr[data-key]')].map((tr) => tr.getAttribute('data-key')).sort();
    const flags = paretoFront(rows.map((p) => [p.tokensPerSecond!, p.watts!]), ['max', 'min']);
    expect(frontKeys).toEqual(rows.filter((_, i) => flags[i]).map((p) => p.key).sort());
    const pareto = new JSDOM(readFileSync(join(out, 'charts', 'pareto.svg'), 'utf8'), { contentType: 'image/svg+xml' }).window.document;
    expect(pareto.querySelectorAll('g.points path')).toHaveLength(12);
    const sens = new JSDOM(readFileSync(join(out, 'charts', 'sensitivity.svg'), 'utf8'), { contentType: 'image/svg+xml' }).window.document;
    // Three parameters × two metrics.
    expect(sens.querySelectorAll('g.panel')).toHaveLength(6);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toHaveLength(12);
    expect(readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(13);
  });
});
