/**
 * The one escaping path of the HTML report (docs/output-safety.md): every value interpolated into
 * markup goes through {@link html}, which escapes it unless it is {@link Html} built the same way.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values. Any value is taken as its
 * String() (a crafted results file can put a string, a number or an object in any field).
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Markup whose every interpolated value was escaped (made by {@link html} or {@link trustedHtml}). */
export class Html {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** One interpolated value as markup: Html as is, an array element by element, anything else escaped. */
function piece(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(piece).join('');
  return escapeHtml(v);
}

/**
 * Builds markup from a template: `html\`<td>${r.design.name}</td>\`` escapes the name; a nested
 * `html\`…\`` (or an array of them) goes in as markup. The only way strings reach the report page.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += piece(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/**
 * Markup that is not user text: the page's fixed CSS, and a chart's SVG as its serialiser wrote it
 * (which escaped every string it holds: charts/chart.ts). Nothing else may use it.
 */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}
