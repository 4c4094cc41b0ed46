import { frontsByGroup } from '../../dse/pareto.js';
import { axes, logDomain, palette, renderChart } from './chart.js';

/** One point of the tokens/s-against-W chart. */
export interface ParetoPoint {
  label: string;
  /** The model section it belongs to (colour; a front per section). */
  section: string;
  gpu: boolean;
  tokensPerSecond: number;
  watts: number;
}

/**
 * Tokens/s against W on log scales, one colour per model, accelerator designs as circles and
 * GPU baselines as labelled diamonds; points off their model's Pareto front (more W for fewer
 * tokens/s than another point) are faded. Labels on front points and GPUs when there are few.
 */
export function paretoChart(points: readonly ParetoPoint[]): string {
  const width = 860;
  const height = 520;
  const m = { left: 80, top: 40, right: 200, bottom: 50 };
  return renderChart('pareto', 'Tokens/s against board power (Pareto front per model)', width, height, (svg, d3) => {
    const x = d3.scaleLog().domain(logDomain(points.map((p) => p.watts))).range([m.left, width - m.right]);
    const y = d3.scaleLog().domain(logDomain(points.map((p) => p.tokensPerSecond))).range([height - m.bottom, m.top]);
    axes(svg, d3, x, y, m, width, height, 'board power (W, log scale)', 'decode tokens/s (log scale)', true);
    const sections = [...new Set(points.map((p) => p.section))];
    const drawn = points.filter((p) => p.watts > 0 && p.tokensPerSecond > 0);
    const front = frontsByGroup(drawn, (p) => p.section, (p) => [p.tokensPerSecond, p.watts], ['max', 'min']);
    const labelled = points.length <= 60;
    const g = svg.append('g').attr('class', 'points');
    points.forEach((p) => {
      if (!(p.watts > 0 && p.tokensPerSecond > 0)) return;
      const color = palette(d3, sections.indexOf(p.section));
      const onFront = front.has(p);
      const shape = d3.symbol().type(p.gpu ? d3.symbolDiamond : d3.symbolCircle).size(p.gpu ? 110 : points.length > 2000 ? 14 : 60);
      g.append('path')
        .attr('d', shape() ?? '')
        .attr('transform', `translate(${x(p.watts)},${y(p.tokensPerSecond)})`)
        .attr('fill', color)
        .attr('stroke', p.gpu ? '#000' : 'none')
        .attr('opacity', onFront || p.gpu ? 0.95 : 0.25)
        .attr('data-front', onFront ? '1' : '0')
        .append('title')
        .text(`${p.label} · ${p.section}: ${d3.format('.4~s')(p.tokensPerSecond)} tokens/s at ${d3.format('.3~s')(p.watts)} W`);
      if (labelled && (onFront || p.gpu)) g.append('text').attr('x', x(p.watts) + 7).attr('y', y(p.tokensPerSecond) - 6).attr('font-size', '11px').text(p.label);
    });
    const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${width - m.right + 16},${m.top})`);
    sections.forEach((s, i) => {
      legend.append('circle').attr('cx', 6).attr('cy', i * 20).attr('r', 6).attr('fill', palette(d3, i));
      legend.append('text').attr('x', 18).attr('y', i * 20 + 4).text(s);
    });
    const base = sections.length * 20 + 14;
    legend.append('path').attr('d', d3.symbol().type(d3.symbolDiamond).size(110)() ?? '').attr('transform', `translate(6,${base})`).attr('fill', '#999').attr('stroke', '#000');
    legend.append('text').attr('x', 18).attr('y', base + 4).text('GPU baseline (bf16)');
    legend.append('circle').attr('cx', 6).attr('cy', base + 22).attr('r', 6).attr('fill', '#999');
    legend.append('text').attr('x', 18).attr('y', base + 26).text('accelerator design');
    legend.append('circle').attr('cx', 6).attr('cy', base + 44).attr('r', 6).attr('fill', '#999').attr('opacity', 0.25);
    legend.append('text').attr('x', 18).attr('y', base + 48).text('dominated (faded)');
  });
}
