/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { StoredPoint } from '../../src/dse/stored-point.js';
import { buildReport, CSP } from '../../src/report/html-report.js';
import { csvCell } from '../../src/report/csv.js';
import { markdownText } from '../../src/report/markdown-text.js';
import type { Result } from '../../src/sim/result.js';
import { simulate } from '../../src/sim/simulate.js';
import { oneMatvec, tinyDesign } from '../helpers/tiny.js';

/** Every trick at once: markup, attribute breakouts, CDATA end, comments, entities, Markdown, formulas, line breaks, ANSI, NBSP, XML-invalid characters. */
const PAYLOAD = `<script>alert(1)</script>"onload="alert(2)' onerror='alert(3)]]><!--<img src=x onerror=alert(4)>&amp;|\`code\`*b*_i_[l](javascript:alert(5))\n| x |\r\n=HYPERLINK("http://e")\u001b[31m\u00a0\u0001<svg onload=alert(6)>`;

const counter = { n: 0 };

/** `value` with every string replaced by the payload (numbered); `numbersToo` replaces numbers as well (a crafted results file can). */
function crafted(value: unknown, numbersToo = false): unknown {
  if (typeof value === 'string') return `${PAYLOAD}${counter.n++}`;
  if (typeof value === 'number' && numbersToo) return `${PAYLOAD}${counter.n++}`;
  if (Array.isArray(value)) return value.map((v) => crafted(v, numbersToo));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, crafted(v, numbersToo)]));
  return value;
}

/** A record with every key replaced by the payload (numbered, so keys stay distinct). */
function craftedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([, v]) => [`${PAYLOAD}${counter.n++}`, v]));
}

/** A crafted Result: every string field, enum and record key (units, actions, activity) filled with the payload. */
function craftedResult(base: Result, opts: { gpu?: boolean; numbersToo?: boolean } = {}): Result {
  const out = crafted(base, opts.numbersToo) as Result;
  out.units = craftedKeys(out.units);
  out.actions = craftedKeys(out.actions);
  if (out.activity && typeof out.activity === 'object') out.activity = { ...out.activity, units: craftedKeys(out.activity.units) };
  if (opts.gpu) (out.design as { target: string }).target = 'gpu';
  if (!opts.numbersToo) {
    // Keep what the charts plot numeric (the payload still fills every string around them).
    for (const k of ['tokensPerSecond', 'watts'] as const) (out as unknown as Record<string, unknown>)[k] = base[k];
  }
  return out;
}

const base = simulate(tinyDesign(), oneMatvec, { mode: 'fast' });
const results = [craftedResult(base), craftedResult(base, { gpu: true }), craftedResult(base, { numbersToo: true })];
const point: StoredPoint = {
  ...(Object.fromEntries(Object.keys({ key: 0, sweep: 0, model: 0, status: 0, reason: 0, designName: 0, boundBy: 0, result: 0 }).map((k) => [k, `${PAYLOAD}${k}`])) as object),
  status: 'done',
  params: JSON.stringify({ [PAYLOAD]: PAYLOAD, 'tau.lanes': `${PAYLOAD}lanes` }),
  tokensPerSecond: 10,
  watts: 2,
  joulesPerToken: 0.2,
  tokensPerSecondPerWatt: 5,
  msPerToken: 100,
  areaMm2: null,
  resourceFraction: null,
} as unknown as StoredPoint;

const comparison = buildReport({ title: PAYLOAD, results, skipped: [PAYLOAD], inputs: [`designs/${PAYLOAD}.yaml`] });
const sweep = buildReport({ title: PAYLOAD, results: results.slice(0, 2), sweep: { points: [point], parameters: [PAYLOAD, 'tau.lanes'] }, inputs: [`${PAYLOAD}.db`] });

/** The elements and attributes the report builder itself writes (HTML and its charts). */
const HTML_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'small', 'br', 'figure', 'figcaption', 'ul', 'li', 'footer', 'code']);
const SVG_TAGS = new Set(['svg', 'style', 'title', 'text', 'g', 'path', 'rect', 'circle', 'line']);
const ATTRIBUTES = /^(lang|charset|http-equiv|content|class|data-[a-z-]+|xmlns|width|height|viewBox|viewbox|role|x|y|x1|x2|y1|y2|cx|cy|r|d|transform|fill|stroke|stroke-width|stroke-dasharray|opacity|font-size|font-weight|font-family|text-anchor|dy)$/;

/** Checks a parsed document holds only the builder's own elements and attributes: no script, no handler, no comment. */
function onlyOwnMarkup(doc: Document, tags: Set<string>): void {
  for (const el of doc.querySelectorAll('*')) {
    expect(tags.has(el.localName) || SVG_TAGS.has(el.localName), `element <${el.localName}>`).toBe(true);
    for (const a of el.attributes) expect(a.name, `attribute ${a.name} of <${el.localName}>`).toMatch(ATTRIBUTES);
  }
  const walker = doc.createTreeWalker(doc, 128 /* NodeFilter.SHOW_COMMENT */);
  expect(walker.nextNode()).toBeNull();
}

/** What an HTML parser reads back from the payload: line ends as \n. */
const htmlRead = (s: string) => s.replace(/\r\n?/g, '\n');

/** What an XML parser reads back from the payload: characters XML forbids as U+FFFD, line ends as \n. */
const xmlRead = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd').replace(/\r\n?/g, '\n');

describe('the HTML report escapes every string of a crafted Result (one escaping path)', () => {
  for (const [name, files] of [['comparison', comparison], ['sweep', sweep]] as const) {
    it(`${name}: no script, handler, comment or foreign element; the CSP stays; each string shows as text`, () => {
      const doc = new JSDOM(files['index.html']!).window.document;
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      onlyOwnMarkup(doc, HTML_TAGS);
      const csp = doc.querySelectorAll('meta[http-equiv="Content-Security-Policy"]');
      expect(csp).toHaveLength(1);
      expect(csp[0]!.getAttribute('content')).toBe(CSP);
      expect(CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      expect(doc.querySelector('title')!.textContent).toBe(htmlRead(PAYLOAD));
      expect(doc.querySelector('h1')!.textContent).toBe(htmlRead(PAYLOAD));
      expect(doc.body.textContent).toContain('<script>alert(1)</script>');
    });
  }

  it('comparison: design names, models, targets and bound-by round-trip exactly through attributes and cells', () => {
    const doc = new JSDOM(comparison['index.html']!).window.document;
    const rows = [...doc.querySelectorAll('table.summary tbody tr')];
    expect(rows.length).toBe(3); // each crafted result has its own model, so its own table
    const names = new Set(results.map((r) => htmlRead(r.design.name)));
    for (const tr of rows) {
      expect(names.has(tr.getAttribute('data-design')!)).toBe(true);
      const cells = [...tr.querySelectorAll('td')];
      const r = results.find((x) => htmlRead(x.design.name) === tr.getAttribute('data-design'))!;
      expect(cells[1]!.textContent).toBe(htmlRead(String(r.design.target)));
      expect(cells.at(-1)!.textContent).toBe(htmlRead(String(r.boundBy)));
    }
    // A number field holding text (a crafted file) is escaped in data-value too.
    const numbersToo = results[2]!;
    const tr = rows.find((x) => x.getAttribute('data-design') === htmlRead(numbersToo.design.name))!;
    expect(tr.querySelector('td[data-field="joulesPerToken"]')!.getAttribute('data-value')).toBe(htmlRead(String(numbersToo.joulesPerToken)));
  });

  it('sweep: parameter names and values, keys and bound-by round-trip exactly', () => {
    const doc = new JSDOM(sweep['index.html']!).window.document;
    const tr = doc.querySelector('table.front tbody tr')!;
    expect(tr.getAttribute('data-key')).toBe(htmlRead(point.key));
    expect([...doc.querySelectorAll('table.front th')].slice(0, 2).map((th) => th.textContent)).toEqual([htmlRead(PAYLOAD), 'tau.lanes']);
    expect([...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)).toEqual([htmlRead(PAYLOAD), htmlRead(`${PAYLOAD}lanes`)]);
    expect(tr.querySelector('td:last-child')!.textContent).toBe(htmlRead(point.boundBy!));
  });
});

describe('the SVG charts of a crafted Result', () => {
  for (const [name, files] of [['comparison', comparison], ['sweep', sweep]] as const) {
    it(`${name}: each standalone SVG is well-formed XML with only chart elements, and the strings read back as text`, () => {
      const charts = Object.keys(files).filter((f) => f.endsWith('.svg'));
      expect(charts.length).toBeGreaterThanOrEqual(4);
      const texts: string[] = [];
      for (const f of charts) {
        const doc = new JSDOM(files[f]!, { contentType: 'image/svg+xml' }).window.document;
        expect(doc.querySelector('parsererror')).toBeNull();
        expect(doc.documentElement.localName).toBe('svg');
        onlyOwnMarkup(doc, SVG_TAGS);
        for (const t of doc.querySelectorAll('text, title')) texts.push(t.textContent ?? '');
      }
      // A label (legend, axis, tooltip) carries the payload whole, as text.
      expect(texts.some((t) => t.includes(xmlRead(PAYLOAD)))).toBe(true);
    });
  }
});

/** The cells of a Markdown table row: split at pipes not escaped by a backslash. */
const mdCells = (line: string) => line.slice(2, -2).split(/(?<!\\) \| /);

describe('summary.md of a crafted Result', () => {
  const md = comparison['summary.md']!;

  it('holds no raw HTML, control character, code span, link or emphasis marker from the strings', () => {
    expect(md).not.toMatch(/<|\r|\u001b|\u0001/);
    expect(md).not.toMatch(/(?<!\\)[`*_[\]~]/);
  });

  it('keeps every table row one line with its header\'s cell count', () => {
    const lines = md.split('\n');
    let width = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      const n = line.startsWith('|---') ? line.split('|').length - 2 : mdCells(line).length;
      if (width === 0) width = n;
      expect(n, line).toBe(width);
    }
    expect(lines.filter((l) => l.startsWith('| ')).length).toBeGreaterThanOrEqual(6);
  });

  it('markdownText: each special character escaped as derived by hand', () => {
    expect(markdownText('a|b`c`*d*_e_[f](g)~h~<i>&\\')).toBe('a\\|b\\`c\\`\\*d\\*\\_e\\_\\[f\\](g)\\~h\\~&lt;i&gt;&amp;\\\\');
    expect(markdownText('line1\nline2\r\nline3\tx\u001b[1m')).toBe('line1 line2 line3 x \\[1m');
    expect(markdownText('# title')).toBe('\\# title');
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('12. x')).toBe('12\\. x');
    expect(markdownText('-1.5')).toBe('-1.5');
    expect(markdownText('12.5')).toBe('12.5');
    expect(markdownText(42)).toBe('42');
  });
});

/** A minimal RFC 4180 reader (quoted cells, doubled quotes, line breaks in quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

describe('results.csv: formula injection', () => {
  const formulas = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1:A9)', '\tcmd', '\r=1'];
  const base2 = simulate(tinyDesign(), oneMatvec, { mode: 'fast' });
  const rows = formulas.map((f, i) => ({ ...base2, design: { ...base2.design, name: f, target: formulas[(i + 1) % formulas.length] }, workload: { ...base2.workload, model: formulas[(i + 2) % formulas.length] }, boundBy: formulas[(i + 3) % formulas.length], staticWatts: -1.5 }) as unknown as Result);
  const numericText = { ...base2, design: { ...base2.design, name: '-1.5' } };
  const files = buildReport({ title: 't', results: [...rows, numericText], inputs: [] });
  const csv = parseCsv(files['results.csv']!);
  const header = csv[0]!;

  it('no cell starts with = + - @ tab or CR unless it is a decimal number; each formula is kept after a quote', () => {
    for (const row of csv) for (const cell of row) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/);
    const names = csv.slice(1, 1 + formulas.length).map((r) => r[header.indexOf('design')]);
    expect(names).toEqual(formulas.map((f) => `'${f}`));
  });

  it('numbers stay numbers: a negative number and text that is a decimal number are written as is', () => {
    for (const r of csv.slice(1)) expect(r[header.indexOf('static_watts')]).toBe(r === csv.at(-1) ? String(base2.staticWatts) : '-1.5');
    expect(csv.at(-1)![header.indexOf('design')]).toBe('-1.5');
    expect([csvCell(-1.5), csvCell('-1.5'), csvCell('+2e3'), csvCell('-1.5x'), csvCell(null), csvCell(true)]).toEqual([-1.5, '-1.5', '+2e3', "'-1.5x", null, true]);
  });
});
