import { D3Node } from 'd3-node';
import type * as d3 from 'd3';

/** The d3 module d3-node carries, and a root `<svg>` to draw in. */
export type Svg = d3.Selection<d3.BaseType, unknown, null, undefined>;
export type D3 = typeof d3;

/** Chart text and line styles, inlined in every SVG so a standalone file looks like the page. */
const STYLE = `
text { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 12px; fill: #222; }
.title { font-size: 15px; font-weight: bold; }
.axis-label { font-size: 13px; }
.axis path, .axis line { stroke: #555; }
.grid line { stroke: #e5e5e5; }
.legend text { font-size: 12px; }
`;

/**
 * Draws a chart with d3 on a jsdom document (d3-node) and returns its SVG text: one root `<svg>`
 * with xmlns, a viewBox, inline styles, a title and `data-chart` naming the chart (the browser
 * test finds charts by it). Every string a user supplied reaches the SVG through d3's `.text()`
 * or `.attr()`, which the serialiser escapes (& < > in text, & " in attributes), and the result
 * through {@link xmlSafe}, so the standalone file is well-formed XML whatever the strings hold.
 */
export function renderChart(name: string, title: string, width: number, height: number, draw: (svg: Svg, d3: D3) => void): string {
  const d3n = new D3Node();
  const svg = d3n.createSVG(width, height).attr('viewBox', `0 0 ${width} ${height}`).attr('data-chart', name).attr('role', 'img');
  svg.append('style').text(STYLE);
  svg.append('title').text(title);
  svg.append('text').attr('class', 'title').attr('x', 12).attr('y', 22).text(title);
  draw(svg, d3n.d3);
  return xmlSafe(d3n.svgString());
}

/** Characters XML 1.0 does not allow in a document (C0 controls but tab and line ends, U+FFFE, U+FFFF, lone surrogates). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Makes serialised SVG well-formed XML: the HTML serialiser writes U+00A0 as `&nbsp;`, which XML
 * does not define (a literal "&nbsp;" in a string was written as `&amp;nbsp;`, so only the
 * serialiser's own are matched), and characters XML forbids become U+FFFD.
 */
export function xmlSafe(svg: string): string {
  return svg.replace(/&nbsp;/g, '&#160;').replace(NOT_XML, '\ufffd');
}

/** A standalone SVG file: the XML declaration, then the chart. */
export function svgFile(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

/** A categorical palette (d3's Tableau 10) that cycles. */
export function palette(d3: D3, i: number): string {
  return d3.schemeTableau10[i % 10]!;
}

/** Axis with a label, on the bottom (x) or left (y) of the plot area. */
export function axes(svg: Svg, d3: D3, x: d3.AxisScale<number>, y: d3.AxisScale<number>, m: { left: number; top: number; right: number; bottom: number }, w: number, h: number, xLabel: string, yLabel: string, logTicks = false): void {
  const fmt = d3.format('~s');
  const xa = d3.axisBottom(x).ticks(logTicks ? 6 : 8, logTicks ? '~s' : undefined);
  const ya = d3.axisLeft(y).ticks(logTicks ? 6 : 8, logTicks ? '~s' : undefined);
  if (!logTicks) {
    xa.tickFormat((v) => fmt(v as number));
    ya.tickFormat((v) => fmt(v as number));
  }
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${h - m.bottom})`).call(xa as never);
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${m.left},0)`).call(ya as never);
  svg.append('text').attr('class', 'axis-label').attr('x', (m.left + w - m.right) / 2).attr('y', h - 8).attr('text-anchor', 'middle').text(xLabel);
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(16,${(m.top + h - m.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(yLabel);
}

/** Log-scale domain that covers `values` with a margin; [1, 10] when there are none. */
export function logDomain(values: number[]): [number, number] {
  const v = values.filter((x) => x > 0 && Number.isFinite(x));
  if (v.length === 0) return [1, 10];
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return lo === hi ? [lo / 2, hi * 2] : [lo / 1.5, hi * 1.5];
}
