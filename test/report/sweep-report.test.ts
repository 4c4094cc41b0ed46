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

describe('the report of a store spanning two boards', () => {
  it('takes a Pareto front per model and board: the front tables and the chart\'s sections', async () => {
    const store = join(dir, 'boards.db');
    for (const spec of ['test/fixtures/sweeps/tiny-kv260.yaml', 'test/fixtures/sweeps/tiny-u280.yaml']) {
      expect((await run(['sweep', spec, '--store', store, '--jobs', '1'])).exitCode).toBe(0);
    }
    const out = join(dir, 'boards-report');
    expect((await run(['report', store, '--out', out])).exitCode).toBe(0);
    const rows = rowsOf(store);
    expect(rows).toHaveLength(4);
    const html = new JSDOM(readFileSync(join(out, 'index.html'), 'utf8')).window.document;
    const tables = [...html.querySelectorAll('table.front')];
    expect(tables.map((t) => t.getAttribute('data-group'))).toEqual(['tiny-model.json · alveo-u280', 'tiny-model.json · kv260']);
    // Each board's front is taken among that board's points only: the 4-lane U280 point is slower
    // and hungrier than both KV260 points, so a front across boards would leave it out.
    for (const [table, sweep] of [[tables[0]!, 'tiny-u280'], [tables[1]!, 'tiny-kv260']] as const) {
      const mine = rows.filter((p) => p.sweep === sweep);
      const flags = paretoFront(mine.map((p) => [p.tokensPerSecond!, p.watts!]), ['max', 'min']);
      const keys = [...table.querySelectorAll('tr[data-key]')].map((tr) => tr.getAttribute('data-key')).sort();
      expect(keys).toEqual(mine.filter((_, i) => flags[i]).map((p) => p.key).sort());
    }
    expect(tables[0]!.querySelectorAll('tr[data-key]')).toHaveLength(2);
    const pareto = new JSDOM(readFileSync(join(out, 'charts', 'pareto.svg'), 'utf8'), { contentType: 'image/svg+xml' }).window.document;
    const legend = [...pareto.querySelectorAll('g.legend text')].map((t) => t.textContent);
    expect(legend).toEqual(expect.arrayContaining(['tiny-model.json · kv260', 'tiny-model.json · alveo-u280']));
    const front = [...pareto.querySelectorAll('g.points path')].filter((p) => p.getAttribute('data-front') === '1');
    expect(front.length).toBeGreaterThanOrEqual(2);
  });
});
