import { palette, renderChart } from './chart.js';

/** One bar: a design on a model, and its W by component. */
export interface EnergyBar {
  label: string;
  components: { component: string; watts: number }[];
}

/** The most components drawn separately; the rest stack as "other". */
const MAX_COMPONENTS = 9;

/**
 * Board power by component as stacked horizontal bars, one per design and model: the components
 * that draw the most over all bars get their own colour, the rest are summed as "other".
 */
export function energyChart(bars: readonly EnergyBar[]): string {
  const totals = new Map<string, number>();
  for (const b of bars) for (const c of b.components) totals.set(c.component, (totals.get(c.component) ?? 0) + c.watts);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const named = ranked.slice(0, MAX_COMPONENTS);
  const keys = ranked.length > MAX_COMPONENTS ? [...named, 'other'] : named;
  const rows = bars.map((b) => {
    const v = new Map<string, number>(keys.map((k) => [k, 0]));
    for (const c of b.components) {
      const k = named.includes(c.component) ? c.component : 'other';
      v.set(k, v.get(k)! + c.watts);
    }
    return { label: b.label, values: keys.map((k) => v.get(k)!) };
  });
  const rowH = 22;
  const m = { left: 300, top: 40, right: 170, bottom: 50 };
  const width = 900;
  const height = m.top + m.bottom + Math.max(1, rows.length) * rowH;
  return renderChart('energy', 'Board power by component (W)', width, height, (svg, d3) => {
    const max = Math.max(1e-9, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
    const x = d3.scaleLinear().domain([0, max * 1.05]).range([m.left, width - m.right]);
    const y = d3.scaleLinear().domain([0, Math.max(1, rows.length)]).range([m.top, height - m.bottom]);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(8) as never);
    svg.append('text').attr('class', 'axis-label').attr('x', (m.left + width - m.right) / 2).attr('y', height - 8).attr('text-anchor', 'middle').text('power (W): dynamic + static, regulator loss as "vrm"');
    rows.forEach((r, i) => {
      let x0 = 0;
      const g = svg.append('g').attr('class', 'bar');
      svg.append('text').attr('x', m.left - 8).attr('y', y(i) + rowH * 0.65).attr('text-anchor', 'end').text(r.label);
      r.values.forEach((v, k) => {
        if (v <= 0) return;
        g.append('rect').attr('x', x(x0)).attr('y', y(i) + 3).attr('width', Math.max(0.5, x(x0 + v) - x(x0))).attr('height', rowH - 6).attr('fill', palette(d3, k)).append('title').text(`${r.label}: ${keys[k]} ${d3.format('.3~s')(v)} W`);
        x0 += v;
      });
    });
    const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${width - m.right + 14},${m.top})`);
    keys.forEach((k, i) => {
      legend.append('rect').attr('x', 0).attr('y', i * 18 - 9).attr('width', 12).attr('height', 12).attr('fill', palette(d3, i));
      legend.append('text').attr('x', 18).attr('y', i * 18 + 1).text(k);
    });
  });
}
