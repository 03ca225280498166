/**
 * Escaping by construction for the HTML and SVG of the report: the `html` tag escapes every interpolated value
 * unless it is already Markup (the result of another `html` call), so no string from a journal (VM names, step ids,
 * error messages, paths) can open a tag or an attribute.
 */

/** Text that is already safe HTML. Only `html` makes it. */
export class Markup {
  readonly text: string;
  private constructor(text: string) {
    this.text = text;
  }
  /** Internal: wraps text that the caller built from escaped parts. */
  static trusted(text: string): Markup {
    return new Markup(text);
  }
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for both text content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

export type Interpolation = Markup | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value as string | number | boolean));
}

/** Tagged template: html`<td>${name}</td>` escapes `name`; nested html`` and arrays of them pass through. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return Markup.trusted(out);
}

/** A number for an SVG attribute: finite, at most two decimals. */
export function num(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}
