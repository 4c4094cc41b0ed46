import { axes, logDomain, palette, renderChart } from './chart.js';

/** One design's roof and achieved point. */
export interface RooflinePoint {
  label: string;
  /** Weight operations per second at peak (accumulates or MACs), and memory bytes per second at peak. */
  peakOpsPerSecond: number;
  peakBytesPerSecond: number | null;
  /** Weight operations per byte moved in the step, and weight operations per second achieved. */
  intensity: number;
  achievedOpsPerSecond: number;
  gpu: boolean;
}

/**
 * A roofline per design: attainable weight operations per second = min(peak ops, peak bandwidth ×
 * operational intensity), on log scales, with each design's achieved point at its intensity.
 * A weight operation is one weight used once: a ternary accumulate, or a multiply-accumulate on a
 * GPU, so MatMul-free and MatMul designs share the axes.
 */
export function rooflineChart(points: readonly RooflinePoint[]): string {
  const width = 860;
  const height = 520;
  const m = { left: 80, top: 40, right: 230, bottom: 50 };
  return renderChart('roofline', 'Roofline: weight operations per second against operational intensity', width, height, (svg, d3) => {
    const xs = points.flatMap((p) => [p.intensity, p.peakBytesPerSecond ? p.peakOpsPerSecond / p.peakBytesPerSecond : NaN]);
    const [x0, x1] = logDomain(xs);
    const xDomain: [number, number] = [x0 / 4, x1 * 4];
    const ys = points.flatMap((p) => [p.peakOpsPerSecond, p.achievedOpsPerSecond]);
    const x = d3.scaleLog().domain(xDomain).range([m.left, width - m.right]);
    const y = d3.scaleLog().domain(logDomain(ys)).range([height - m.bottom, m.top]).clamp(true);
    axes(svg, d3, x, y, m, width, height, 'operational intensity (weight ops per byte moved, log scale)', 'weight ops per second (log scale)', true);
    const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${width - m.right + 14},${m.top})`);
    points.forEach((p, i) => {
      const color = palette(d3, i);
      const ridge = p.peakBytesPerSecond ? p.peakOpsPerSecond / p.peakBytesPerSecond : xDomain[0];
      const roof: [number, number][] = p.peakBytesPerSecond
        ? [
            [xDomain[0], p.peakBytesPerSecond * xDomain[0]],
            [Math.min(Math.max(ridge, xDomain[0]), xDomain[1]), Math.min(p.peakOpsPerSecond, p.peakBytesPerSecond * Math.min(Math.max(ridge, xDomain[0]), xDomain[1]))],
            [xDomain[1], p.peakOpsPerSecond],
          ]
        : [
            [xDomain[0], p.peakOpsPerSecond],
            [xDomain[1], p.peakOpsPerSecond],
          ];
      svg.append('path').attr('class', 'roof').attr('d', d3.line().x((d) => x(d[0])).y((d) => y(d[1]))(roof) ?? '').attr('fill', 'none').attr('stroke', color).attr('stroke-width', 1.5).attr('stroke-dasharray', p.gpu ? '6 3' : null);
      if (p.intensity > 0 && p.achievedOpsPerSecond > 0) {
        svg.append('path').attr('class', 'achieved').attr('d', d3.symbol().type(p.gpu ? d3.symbolDiamond : d3.symbolCircle).size(80)() ?? '').attr('transform', `translate(${x(p.intensity)},${y(p.achievedOpsPerSecond)})`).attr('fill', color).attr('stroke', '#000').append('title').text(`${p.label}: ${d3.format('.3~s')(p.achievedOpsPerSecond)} ops/s at ${d3.format('.3~s')(p.intensity)} ops/byte`);
      }
      legend.append('line').attr('x1', 0).attr('x2', 16).attr('y1', i * 18).attr('y2', i * 18).attr('stroke', color).attr('stroke-width', 2).attr('stroke-dasharray', p.gpu ? '6 3' : null);
      legend.append('text').attr('x', 22).attr('y', i * 18 + 4).text(p.label);
    });
  });
}
