/** Types for d3-node 4 (the package ships none): a d3 bound to a jsdom document, serialised to SVG text. */
declare module 'd3-node' {
  import type * as d3 from 'd3';
  export class D3Node {
    constructor(options?: { selector?: string; container?: string; styles?: string });
    readonly d3: typeof d3;
    createSVG(width?: number, height?: number, attrs?: Record<string, string | number>): d3.Selection<d3.BaseType, unknown, null, undefined>;
    svgString(): string;
  }
}
