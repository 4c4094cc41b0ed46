/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { parseDesign } from '../../src/design/parse-design.js';
import { parseAnyDesign } from '../../src/design/parse-gpu-design.js';
import type { GpuDesign } from '../../src/design/gpu-schema.js';
import { writeReport } from '../../src/io/report-writer.js';
import { buildReport } from '../../src/report/html-report.js';
import type { Result } from '../../src/sim/result.js';
import { simulate } from '../../src/sim/simulate.js';
import { simulateGpu } from '../../src/sim/simulate-gpu.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const REQUIRED = process.env['TERNSIM_REQUIRE_BROWSER'] === '1';
const haveBrowser = existsSync(CHROMIUM);
const XSS = '<script>alert(1)</script>';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-report-'));
let browser: Browser | null = null;
let results: Result[] = [];
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const base = readFileSync('test/fixtures/sweeps/tiny-base.yaml', 'utf8');
  const model = JSON.parse(readFileSync('test/fixtures/sweeps/tiny-model.json', 'utf8')) as unknown;
  const w = workloadFromModelSpec({ config: model, configName: 'tiny-model' }, {});
  const a = parseDesign(base, 'tiny-base.yaml');
  const b = parseDesign(base, 'tiny-base.yaml', [`name=${JSON.stringify(XSS)}`, 'tau.lanes=4', 'memory.channels=2']);
  const gpu = parseAnyDesign(readFileSync('designs/gpu/h200.yaml', 'utf8'), 'designs/gpu/h200.yaml') as GpuDesign;
  results = [simulate(a, w, { mode: 'fast' }), simulate(b, w, { mode: 'fast' }), simulateGpu(gpu, w)];
  writeReport(dir, buildReport({ title: `report of ${XSS}`, results, inputs: [`designs/${XSS}.yaml`] }));
  if (haveBrowser) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

describe('the report files', () => {
  it('are index.html, the charts as SVG, results.csv/json and summary.md', () => {
    for (const f of ['index.html', 'results.csv', 'results.json', 'summary.md', 'charts/pareto.svg', 'charts/energy.svg', 'charts/roofline.svg', 'charts/activity.svg']) expect(existsSync(join(dir, f))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toHaveLength(3);
  });

  it('have SVG charts that parse as XML (an XML parser, as Inkscape reads them)', () => {
    for (const f of ['pareto', 'energy', 'roofline', 'activity']) {
      const text = readFileSync(join(dir, 'charts', `${f}.svg`), 'utf8');
      const doc = new JSDOM(text, { contentType: 'image/svg+xml' }).window.document;
      expect(doc.documentElement.tagName).toBe('svg');
      expect(doc.documentElement.getAttribute('data-chart')).toBe(f);
    }
  });

  it('escape a design named like a script in the HTML, the SVG and the footer', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(readFileSync(join(dir, 'charts', 'pareto.svg'), 'utf8')).not.toContain('<script>');
  });
});

describe.skipIf(!haveBrowser && !REQUIRED)('the report in headless Chromium', () => {
  it('renders every chart with marks, shows the results JSON\'s values, runs no script and logs no error', async () => {
    if (!browser) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH; .ci/run installs Debian's chromium)`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(`file://${resolve(dir, 'index.html')}`);
    const marks = await page.evaluate(() => {
      const count = (chart: string, sel: string) => document.querySelectorAll(`svg[data-chart="${chart}"] ${sel}`).length;
      const nonEmptyPaths = (chart: string) => [...document.querySelectorAll(`svg[data-chart="${chart}"] path`)].filter((p) => (p.getAttribute('d') ?? '').length > 2).length;
      return {
        charts: [...document.querySelectorAll('svg[data-chart]')].map((s) => s.getAttribute('data-chart')),
        paretoPoints: count('pareto', 'g.points path'),
        energyBars: count('energy', 'g.bar rect'),
        roofs: count('roofline', 'path.roof'),
        achieved: count('roofline', 'path.achieved'),
        activityCells: count('activity', 'g.unit-row rect'),
        paths: ['pareto', 'roofline'].map(nonEmptyPaths),
        scripts: document.querySelectorAll('script').length,
        xssCell: [...document.querySelectorAll('table.summary td')].some((td) => td.textContent === '<script>alert(1)</script>'),
        cells: [...document.querySelectorAll('tr[data-design] td[data-field]')].map((td) => ({ design: td.parentElement!.getAttribute('data-design'), field: td.getAttribute('data-field'), value: Number(td.getAttribute('data-value')) })),
      };
    });
    expect(marks.charts).toEqual(['pareto', 'energy', 'roofline', 'activity']);
    expect(marks.paretoPoints).toBe(3);
    expect(marks.energyBars).toBeGreaterThan(4);
    expect(marks.roofs).toBe(3);
    expect(marks.achieved).toBe(3);
    expect(marks.activityCells).toBeGreaterThan(60);
    expect(marks.paths.every((n) => n > 0)).toBe(true);
    expect(marks.scripts).toBe(0);
    expect(marks.xssCell).toBe(true);
    // Every number in the summary table is the Result's own value.
    expect(marks.cells).toHaveLength(results.length * 4);
    for (const c of marks.cells) {
      const r = results.find((x) => x.design.name === c.design)!;
      expect(c.value).toBe(r[c.field as 'tokensPerSecond' | 'watts' | 'joulesPerToken' | 'tokensPerSecondPerWatt']);
    }
    // The standalone SVGs open in the browser too.
    for (const f of ['pareto', 'energy', 'roofline', 'activity']) {
      const svg = await browser.newPage();
      await svg.goto(`file://${resolve(dir, 'charts', `${f}.svg`)}`);
      expect(await svg.evaluate(() => document.querySelectorAll('parsererror').length)).toBe(0);
      await svg.close();
    }
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/report.png', fullPage: true });
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 60_000);
});
