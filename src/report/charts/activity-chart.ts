import type { Activity } from '../../sim/timeline.js';
import { renderChart } from './chart.js';

/** The activity of one design on one model over a decode step. */
export interface ActivityRow {
  label: string;
  activity: Activity;
}

/**
 * Unit utilization over one decode step: for each design, one row per unit, the step cut into
 * equal bins and each bin shaded by how busy the unit was in it (white idle, dark busy).
 */
export function activityChart(rows: readonly ActivityRow[]): string {
  const width = 900;
  const m = { left: 170, top: 40, right: 30, bottom: 40 };
  const unitH = 14;
  const gap = 30;
  const blocks = rows.map((r) => ({ ...r, units: Object.keys(r.activity.units) }));
  const height = m.top + m.bottom + blocks.reduce((s, b) => s + gap + b.units.length * unitH, 0);
  return renderChart('activity', 'Unit utilization over one decode step (fast mode: the simulated layers)', width, height, (svg, d3) => {
    const color = d3.scaleSequential(d3.interpolateBlues).domain([0, 1]);
    let y = m.top;
    for (const b of blocks) {
      const bins = Object.values(b.activity.units)[0]?.length ?? 1;
      const x = d3.scaleLinear().domain([0, bins]).range([m.left, width - m.right]);
      y += gap;
      svg.append('text').attr('x', m.left).attr('y', y - 8).attr('font-weight', 'bold').text(`${b.label} · ${d3.format('.4~s')(b.activity.spanPs / 1e12)}s simulated`);
      for (const u of b.units) {
        svg.append('text').attr('x', m.left - 6).attr('y', y + unitH - 3).attr('text-anchor', 'end').attr('font-size', '11px').text(u);
        const g = svg.append('g').attr('class', 'unit-row');
        b.activity.units[u]!.forEach((v, i) => {
          g.append('rect').attr('x', x(i)).attr('y', y).attr('width', Math.max(0.5, x(i + 1) - x(i))).attr('height', unitH - 2).attr('fill', color(v)).append('title').text(`${u}: ${(v * 100).toFixed(0)}% busy`);
        });
        y += unitH;
      }
    }
    svg.append('text').attr('class', 'axis-label').attr('x', (m.left + width - m.right) / 2).attr('y', height - 10).attr('text-anchor', 'middle').text('time through the step → (each cell one bin; darker = busier, 0–100%)');
  });
}
