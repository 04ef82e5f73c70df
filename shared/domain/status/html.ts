/**
 * A tiny HTML template: every interpolation is escaped unless it is already `Html` (the result
 * of another `html` template or of `unsafeRaw`). Arrays are joined, `null`/`undefined`/`false`
 * render nothing. Pure: no DOM, no AWS.
 *
 *   html`<p>${userText}</p>`            // userText is escaped
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
 *   unsafeRaw(CSS)                      // the ONE way to insert markup verbatim: trusted constants only
 *
 * Attribute values must be quoted in the template (`href="${url}"`): quotes are escaped, so a value
 * cannot leave its attribute. URLs from data go through `safeUrl` (no `javascript:`).
 */
export class Html {
  /** Use `html` or `unsafeRaw`; the constructor is not for callers. */
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/**
 * Inserts `markup` verbatim. Reviewed uses only: compile-time constants (the stylesheet, the
 * status symbols). Never pass data from the table or a request.
 */
export function unsafeRaw(markup: string): Html {
  return new Html(markup);
}

/** Relative paths and http(s) URLs pass; anything else (javascript:, data:) becomes `#`. */
export function safeUrl(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  return /^https?:\/\//i.test(url) ? url : '#';
}
