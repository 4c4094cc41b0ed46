import type { StoredPoint } from '../dse/stored-point.js';
import { frontsByGroup } from '../dse/pareto.js';
import type { Result } from '../sim/result.js';
import { stableStringify } from '../util/hash.js';
import { modelSection } from './model-section.js';
import { activityChart } from './charts/activity-chart.js';
import { svgFile } from './charts/chart.js';
import { energyChart } from './charts/energy-chart.js';
import { paretoChart } from './charts/pareto-chart.js';
import { rooflineChart } from './charts/roofline-chart.js';
import { sensitivityChart } from './charts/sensitivity-chart.js';
import { resultsToCsv } from './csv.js';
import { html, trustedHtml, type Html } from './escape.js';
import { resultsToMarkdown } from './markdown.js';
import { pct, sig } from './number-format.js';
import { pointRows, pointsToCsv } from './points-table.js';

/** What a report is made of. */
export interface ReportInput {
  title: string;
  /** Design × model results (a comparison), or the feasible points of a sweep. */
  results: Result[];
  /** Points not simulated, and why. */
  skipped?: string[];
  /** A sweep's stored points (every status) and its parameters, when the report is of a sweep. */
  sweep?: { points: StoredPoint[]; parameters: string[] };
  /** The files the report was made from (footer). */
  inputs: string[];
}

/** The files of a report, by path relative to the report folder. */
export type ReportFiles = Record<string, string>;

/** Area (ASIC) or the largest resource share (FPGA), as a table cell. */
function implementationCell(r: Result): string {
  const impl = r.implementation;
  if (impl?.target === 'asic') return `${sig(impl.areaMm2, 3)} mm²`;
  if (impl?.target === 'fpga') {
    const worst = impl.resources.reduce((a, b) => (b.fraction > a.fraction ? b : a));
    return `${worst.resource} ${pct(worst.fraction)}`;
  }
  return '—';
}

/** A numeric table cell: the value as data-value (a crafted file may put anything there: escaped like the rest) and shown with `digits` significant digits. */
const num = (field: string, v: number, digits = 4): Html => html`<td class="num" data-field="${field}" data-value="${v}">${sig(v, digits)}</td>`;

/** The summary tables: one per model, designs against each GPU baseline of that model. */
function summaryTables(results: readonly Result[]): Html {
  const section = modelSection(results);
  const out: Html[] = [];
  for (const model of [...new Set(results.map(section))]) {
    const rows = results.filter((r) => section(r) === model);
    const gpus = rows.filter((r) => r.design.target === 'gpu');
    out.push(html`<h3>${model} · ${rows[0]!.workload.phase}, batch ${rows[0]!.workload.batch}</h3>`);
    out.push(html`<table class="summary" data-model="${model}"><thead><tr><th>design</th><th>target</th><th>tokens/s</th><th>W</th><th>J/token</th><th>tokens/s/W</th>`);
    for (const g of gpus) out.push(html`<th>vs ${g.design.name}<br><small>tokens/s × · tokens/s/W ×</small></th>`);
    out.push(html`<th>area / resources</th><th>bound by</th></tr></thead><tbody>`);
    for (const r of rows) {
      const name = r.design.target === 'gpu' && r.workload.model !== model ? `${r.design.name} (${r.workload.model}, bf16)` : r.design.name;
      out.push(html`<tr data-design="${r.design.name}" data-model="${r.workload.model}"><td>${name}</td><td>${r.design.target}</td>`);
      out.push(html`${num('tokensPerSecond', r.tokensPerSecond)}${num('watts', r.watts, 3)}${num('joulesPerToken', r.joulesPerToken, 3)}${num('tokensPerSecondPerWatt', r.tokensPerSecondPerWatt, 3)}`);
      for (const g of gpus) out.push(r === g ? html`<td class="num">—</td>` : html`<td class="num">${sig(r.tokensPerSecond / g.tokensPerSecond, 3)}× · ${sig(r.tokensPerSecondPerWatt / g.tokensPerSecondPerWatt, 3)}×</td>`);
      out.push(html`<td>${implementationCell(r)}</td><td>${r.boundBy}</td></tr>`);
    }
    out.push(html`</tbody></table>`);
  }
  return html`${out.map((x) => html`${x}\n`)}`;
}

/**
 * The board (FPGA board, else device) a stored point's design targets, or '' for an ASIC or GPU
 * or a point not simulated: a sweep store may hold sweeps on several boards, whose designs do not
 * compete (each board has its own memory, resources and power).
 */
function boardOfPoint(p: StoredPoint): string {
  if (p.result === null) return '';
  let impl: Result['implementation'] | undefined;
  try {
    impl = (JSON.parse(p.result) as Pick<Result, 'implementation'>).implementation;
  } catch {
    return ''; // a Result that is not JSON names no board (the store's reader has checked its own)
  }
  return impl?.target === 'fpga' ? String(impl.board ?? impl.device) : '';
}

/**
 * The group a sweep point's front is taken in: its model, and its board when the points span
 * several boards (one front per model and board).
 */
export function sweepFrontGroups(points: readonly StoredPoint[]): (p: StoredPoint) => string {
  const boards = new Map(points.map((p) => [p.key, boardOfPoint(p)]));
  const split = new Set(boards.values()).size > 1;
  return (p) => (split && boards.get(p.key) ? `${p.model} · ${boards.get(p.key)}` : p.model);
}

/** The sweep's Pareto-front points per model (and per board when there are several), tokens/s max, W min, as a table. */
function sweepTable(points: readonly StoredPoint[], parameters: readonly string[], groupOf: (p: StoredPoint) => string): Html {
  const done = points.filter((p) => p.status === 'done' && p.tokensPerSecond !== null && p.watts !== null);
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  const groups = [...new Set(done.map(groupOf))];
  const perBoard = groups.some((g) => g.includes(' · '));
  if (perBoard) groups.sort();
  const out = [html`<p>${points.length} points: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}. The Pareto front of each model${perBoard ? ' on each board' : ''} (max tokens/s, min W):</p>`];
  const onFront = frontsByGroup(done, groupOf, (p) => [p.tokensPerSecond!, p.watts!], ['max', 'min']);
  for (const group of groups) {
    const front = done.filter((p) => groupOf(p) === group && onFront.has(p)).sort((a, b) => b.tokensPerSecond! - a.tokensPerSecond!);
    out.push(html`<h3>${group}</h3><table class="front" data-group="${group}"><thead><tr>${parameters.map((p) => html`<th>${p}</th>`)}<th>tokens/s</th><th>W</th><th>J/token</th><th>tokens/s/W</th><th>bound by</th></tr></thead><tbody>`);
    for (const p of front.slice(0, 50)) {
      const params = JSON.parse(p.params) as Record<string, unknown>;
      out.push(html`<tr data-key="${p.key}">${parameters.map((k) => html`<td>${typeof params[k] === 'object' ? JSON.stringify(params[k]) : String(params[k])}</td>`)}${num('tokensPerSecond', p.tokensPerSecond!)}${num('watts', p.watts!, 3)}${num('joulesPerToken', p.joulesPerToken!, 3)}${num('tokensPerSecondPerWatt', p.tokensPerSecondPerWatt!, 3)}<td>${p.boundBy ?? ''}</td></tr>`);
    }
    out.push(html`</tbody></table>`);
  }
  return html`${out.map((x) => html`${x}\n`)}`;
}

/** The page's Content-Security-Policy: no script, no network, inline styles and data: images only. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Markup pieces joined by a separator (escaped text). */
function joinHtml(parts: readonly Html[], sep: string): Html {
  return html`${parts.map((p, i) => (i === 0 ? p : html`${sep}${p}`))}`;
}

const CSS = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1180px; color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; } th { background: #f4f4f4; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2em; } figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
footer { margin-top: 3em; font-size: 0.85em; color: #555; border-top: 1px solid #ddd; padding-top: 1em; }
ul.skipped li { font-size: 0.85em; }
`;

/**
 * A report: `index.html` (self-contained: inline CSS and SVG, no script, no network), each chart
 * as a standalone SVG under `charts/`, `results.json`, `results.csv` and `summary.md`. Every value
 * from the inputs reaches the page through `html` (escape.ts), the charts through the SVG
 * serialiser (charts/chart.ts), summary.md through its cell escaping, results.csv through the
 * formula policy (csv.ts): docs/output-safety.md.
 */
export function buildReport(input: ReportInput): ReportFiles {
  const { results } = input;
  const section = modelSection(results);
  const files: ReportFiles = {};
  const charts: { name: string; caption: string; svg: string }[] = [];

  const sweepPoints = input.sweep?.points.filter((p) => p.status === 'done' && p.tokensPerSecond !== null && p.watts !== null);
  const groupOf = sweepFrontGroups(sweepPoints ?? []);
  const paretoPoints = sweepPoints
    ? sweepPoints.map((p) => ({ label: p.designName ?? p.key, section: groupOf(p), gpu: false, tokensPerSecond: p.tokensPerSecond!, watts: p.watts! }))
    : results.map((r) => ({ label: r.design.name, section: section(r), gpu: r.design.target === 'gpu', tokensPerSecond: r.tokensPerSecond, watts: r.watts }));
  if (input.sweep) for (const r of results.filter((x) => x.design.target === 'gpu')) paretoPoints.push({ label: r.design.name, section: section(r), gpu: true, tokensPerSecond: r.tokensPerSecond, watts: r.watts });
  charts.push({ name: 'pareto', caption: 'Decode tokens/s against board power, log scales. Circles: MatMul-free designs; diamonds: the bf16 GPU baseline on the same-size Llama model. Faded points are dominated within their model (and board, when a sweep store spans several).', svg: paretoChart(paretoPoints) });

  const barResults = (input.sweep ? frontResults(results) : results).filter((r) => r.design.target !== 'gpu').slice(0, 40);
  charts.push({
    name: 'energy',
    caption: 'Where the watts go: dynamic and static power by component for each accelerator design and model (a GPU is one board figure: see the summary table).',
    svg: energyChart(barResults.map((r) => ({ label: `${r.design.name} · ${r.workload.model}`, components: r.power.byComponent.map((c) => ({ component: c.component, watts: c.dynamicW + c.staticW })) }))),
  });

  const firstSection = results.length > 0 ? section(results[0]!) : '';
  const roofResults = uniqueBy(results.filter((r) => section(r) === firstSection), (r) => r.design.name).slice(0, 14);
  charts.push({
    name: 'roofline',
    caption: `Roofline for ${firstSection}: attainable weight operations per second (one weight used once: an accumulate, or a multiply-accumulate on a GPU) against operational intensity; each point is a design's decode step.`,
    svg: rooflineChart(
      roofResults.map((r) => {
        const bytes = r.memory.bytesRead + r.memory.bytesWritten;
        return { label: r.design.name, peakOpsPerSecond: r.compute.peakOpsPerSecond, peakBytesPerSecond: r.memory.peakBytesPerSecond, intensity: bytes > 0 ? r.compute.opsPerStep / bytes : 0, achievedOpsPerSecond: r.compute.opsPerStep / (r.stepTimePs * 1e-12), gpu: r.design.target === 'gpu' };
      }),
    ),
  });

  const activityRows = uniqueBy(results.filter((r) => r.activity !== null && section(r) === firstSection), (r) => r.design.name).slice(0, 6);
  if (activityRows.length > 0) {
    charts.push({ name: 'activity', caption: `Unit utilization through one decode step of ${firstSection}, per design.`, svg: activityChart(activityRows.map((r) => ({ label: `${r.design.name} · ${r.workload.model}`, activity: r.activity! }))) });
  }
  if (input.sweep && sweepPoints) {
    const groups = [...new Set(sweepPoints.map(groupOf))];
    for (const [i, model] of groups.slice(0, groups.length > new Set(sweepPoints.map((p) => p.model)).size ? 4 : 2).entries()) {
      const pts = sweepPoints.filter((p) => groupOf(p) === model).map((p) => ({ params: JSON.parse(p.params) as Record<string, unknown>, tokensPerSecond: p.tokensPerSecond!, watts: p.watts! }));
      charts.push({ name: i === 0 ? 'sensitivity' : `sensitivity-${i + 1}`, caption: `How tokens/s and W respond to each swept parameter on ${model}: median over the other parameters, band from min to max.`, svg: sensitivityChart(model, input.sweep.parameters, pts) });
    }
  }
  for (const c of charts) files[`charts/${c.name}.svg`] = svgFile(c.svg);

  if (input.sweep) {
    const table = pointRows(input.sweep.points);
    files['results.csv'] = pointsToCsv(table);
    files['results.json'] = `${JSON.stringify(table.rows, null, 2)}\n`;
  } else {
    files['results.csv'] = resultsToCsv(results);
    files['results.json'] = `${JSON.stringify(JSON.parse(stableStringify(results)), null, 2)}\n`;
  }
  files['summary.md'] = resultsToMarkdown(input.sweep ? frontResults(results) : results, input.title, input.skipped ?? []);

  const versions = [...new Set(results.map((r) => r.ternsimVersion))].join(', ');
  const modes = [...new Set(results.map((r) => r.mode))].join(', ');
  const designs = uniqueBy(results, (r) => r.design.hash).map((r) => `${r.design.name} (${r.design.hash})`);
  const models = uniqueBy(results, (r) => r.workload.hash).map((r) => `${r.workload.model} (${r.workload.hash})`);
  files['index.html'] = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${input.title}</title><style>${trustedHtml(CSS)}</style></head><body>
<h1>${input.title}</h1>
<h2>Summary</h2>
${input.sweep ? sweepTable(input.sweep.points, input.sweep.parameters, sweepFrontGroups(input.sweep.points)) : summaryTables(results)}
${input.sweep && results.some((r) => r.design.target === 'gpu') ? html`<h3>GPU baselines</h3>${summaryTables(results.filter((r) => r.design.target === 'gpu'))}` : ''}
${charts.map((c) => html`<h2>${c.caption.split(':')[0]!.split('.')[0]!}</h2><figure>${trustedHtml(c.svg)}<figcaption>${c.caption} (charts/${c.name}.svg)</figcaption></figure>\n`)}
${input.skipped && input.skipped.length > 0 ? html`<h2>Not simulated</h2><ul class="skipped">${input.skipped.map((s) => html`<li>${s}</li>`)}</ul>` : ''}
<footer>
<p>ternsim ${versions || '—'} · ${modes || '—'} mode · inputs: ${input.inputs.length > 0 ? joinHtml(input.inputs.map((f) => html`<code>${f}</code>`), ', ') : '—'}</p>
<p>designs: ${designs.join(', ') || '—'}</p><p>models: ${models.join(', ') || '—'}</p>
<p>Fields and units: docs/result.md. Sources of every energy and static figure: docs/power.md and each Result's power.staticSources.</p>
</footer></body></html>
`.text;
  return files;
}

function uniqueBy<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}

/** The results on the Pareto front (tokens/s max, W min) of their model and FPGA board, GPUs kept. */
function frontResults(results: readonly Result[]): Result[] {
  const boardOf = (r: Result) => (r.implementation?.target === 'fpga' ? (r.implementation.board ?? r.implementation.device) : '');
  const front = frontsByGroup(results, (r) => `${r.workload.model}\u0000${boardOf(r)}`, (r) => [r.tokensPerSecond, r.watts], ['max', 'min']);
  return results.filter((r) => front.has(r) || r.design.target === 'gpu');
}
