/** Content negotiation of the post-incident report (reviews, issue 13). */

/** `?format=` wins; otherwise Markdown when Accept ranks text/markdown at least as high as JSON. JSON by default. */
export function wantsMarkdown(format: 'md' | 'json' | undefined, accept: string | undefined): boolean {
  if (format) return format === 'md';
  if (!accept) return false;
  const q = (type: string): number => {
    let best = 0;
    for (const part of accept.split(',')) {
      const [range = '', ...params] = part.trim().toLowerCase().split(';').map((p) => p.trim());
      const quality = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      if (range === type) best = Math.max(best, Number.isFinite(quality) ? quality : 0);
    }
    return best;
  };
  const md = q('text/markdown');
  return md > 0 && md >= q('application/json');
}
