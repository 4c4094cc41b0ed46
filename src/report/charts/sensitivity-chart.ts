import { palette, renderChart } from './chart.js';

/** Sweep points of one model: parameter values and the two metrics. */
export interface SensitivityPoint {
  params: Record<string, unknown>;
  tokensPerSecond: number;
  watts: number;
}

const valueLabel = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/**
 * How tokens/s and W respond to each swept parameter: for each parameter, the median over all
 * other parameters at each of its values (a line) and the min–max range (a band), tokens/s on the
 * left panel, W on the right.
 */
export function sensitivityChart(model: string, parameters: readonly string[], points: readonly SensitivityPoint[]): string {
  const panelW = 420;
  const panelH = 200;
  const m = { left: 80, top: 50, right: 30, bottom: 60 };
  const width = 2 * (panelW + m.left + m.right);
  const height = parameters.length * (panelH + m.top + m.bottom) + 20;
  return renderChart('sensitivity', `Sensitivity of tokens/s and W to each swept parameter · ${model}`, width, height, (svg, d3) => {
    parameters.forEach((param, pi) => {
      const values = [...new Set(points.map((p) => valueLabel(p.params[param])))];
      (['tokensPerSecond', 'watts'] as const).forEach((metric, mi) => {
        const ox = mi * (panelW + m.left + m.right);
        const oy = 20 + pi * (panelH + m.top + m.bottom);
        const stats = values.map((v) => {
          const ys = points.filter((p) => valueLabel(p.params[param]) === v).map((p) => p[metric]).sort((a, b) => a - b);
          return { v, min: ys[0] ?? NaN, max: ys[ys.length - 1] ?? NaN, median: ys.length ? ys[Math.floor((ys.length - 1) / 2)]! : NaN };
        });
        const x = d3.scalePoint<string>().domain(values).range([ox + m.left, ox + m.left + panelW]).padding(0.5);
        const hi = Math.max(1e-12, ...stats.map((s) => s.max).filter(Number.isFinite));
        const y = d3.scaleLinear().domain([0, hi * 1.05]).range([oy + m.top + panelH, oy + m.top]);
        const g = svg.append('g').attr('class', 'panel');
        g.append('g').attr('class', 'axis').attr('transform', `translate(0,${oy + m.top + panelH})`).call(d3.axisBottom(x) as never);
        g.append('g').attr('class', 'axis').attr('transform', `translate(${ox + m.left},0)`).call(d3.axisLeft(y).ticks(5, '~s') as never);
        g.append('text').attr('class', 'axis-label').attr('x', ox + m.left + panelW / 2).attr('y', oy + m.top + panelH + 40).attr('text-anchor', 'middle').text(param);
        g.append('text').attr('class', 'axis-label').attr('transform', `translate(${ox + 20},${oy + m.top + panelH / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(metric === 'watts' ? 'W' : 'tokens/s');
        const color = palette(d3, mi);
        const ok = stats.filter((s) => Number.isFinite(s.median));
        g.append('path').attr('class', 'band').attr('d', d3.area<(typeof ok)[number]>().x((s) => x(s.v)!).y0((s) => y(s.min)).y1((s) => y(s.max))(ok) ?? '').attr('fill', color).attr('opacity', 0.18);
        g.append('path').attr('class', 'median').attr('d', d3.line<(typeof ok)[number]>().x((s) => x(s.v)!).y((s) => y(s.median))(ok) ?? '').attr('fill', 'none').attr('stroke', color).attr('stroke-width', 2);
        for (const s of ok) g.append('circle').attr('cx', x(s.v)!).attr('cy', y(s.median)).attr('r', 3.5).attr('fill', color).append('title').text(`${param} = ${s.v}: median ${d3.format('.4~s')(s.median)}, range ${d3.format('.3~s')(s.min)}–${d3.format('.3~s')(s.max)}`);
      });
    });
  });
}
