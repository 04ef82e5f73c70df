import { describe, expect, it } from 'vitest';
import { escapeHtml, html, safeUrl, unsafeRaw } from '#shared/domain/status/html.ts';

describe('html tagged template', () => {
  it('escapes every interpolation by default', () => {
    const evil = `<script>alert("x")</script>&'\``;
    expect(html`<p>${evil}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;</p>');
  });

  it('keeps an attribute value inside its quotes', () => {
    const value = '" onmouseover="steal()';
    expect(html`<a title="${value}">x</a>`.value).toBe('<a title="&quot; onmouseover=&quot;steal()">x</a>');
  });

  it('nests templates without escaping them twice, and joins arrays', () => {
    const items = ['a<b', 'c&d'];
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
  });

  it('renders nothing for null, undefined and false; numbers as text', () => {
    expect(html`[${null}${undefined}${false}${0}${true}]`.value).toBe('[0true]');
  });

  it('inserts markup verbatim only through unsafeRaw', () => {
    expect(html`<style>${unsafeRaw('a>b{c:d}')}</style>`.value).toBe('<style>a>b{c:d}</style>');
    expect(html`<style>${'a>b{c:d}'}</style>`.value).toBe('<style>a&gt;b{c:d}</style>');
  });

  it('a string that looks like an Html object is still escaped', () => {
    const fake = { value: '<b>' } as unknown as string;
    expect(html`${fake}`.value).toBe('[object Object]');
  });

  it('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('Plain text 123 — é')).toBe('Plain text 123 — é');
  });

  it('safeUrl lets relative paths and http(s) through, nothing else', () => {
    expect(safeUrl('/status/incidents/INC-1')).toBe('/status/incidents/INC-1');
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl('//evil.example')).toBe('#');
    expect(safeUrl('data:text/html,x')).toBe('#');
  });
});
