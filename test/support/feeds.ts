/**
 * Independent checks of the feeds and the Statuspage JSON, shared by the unit and e2e tests:
 * every XML feed is validated by fast-xml-parser's XMLValidator, parsed by fast-xml-parser and by
 * feedsmith, and its required elements are checked; the JSON Feed is checked against the JSON
 * Schema written from its specification (test/fixtures/jsonfeed-1.1.schema.json); the Statuspage
 * documents against test/fixtures/statuspage/*.schema.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { expect } from 'vitest';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const load = (file: string) => JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
// The formats the schemas use (RFC 3339 date-time and date, absolute URI), checked for real.
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)) });
ajv.addFormat('date', { type: 'string', validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) });
ajv.addFormat('uri', { type: 'string', validate: (s: string) => URL.canParse(s) && /^[a-z][a-z0-9+.-]*:/i.test(s) });
ajv.addSchema(load('statuspage/common.schema.json'));
const jsonFeedSchema = ajv.compile(load('jsonfeed-1.1.schema.json'));

export const STATUSPAGE_SCHEMAS = ['summary', 'status', 'components', 'incidents', 'scheduled-maintenances'] as const;
const statuspage = Object.fromEntries(STATUSPAGE_SCHEMAS.map((name) => [name, ajv.compile(load(`statuspage/${name}.schema.json`))]));

export function expectStatuspage(name: (typeof STATUSPAGE_SCHEMAS)[number], doc: unknown): void {
  const validate = statuspage[name];
  if (!validate) throw new Error(`no schema ${name}`);
  const ok = validate(doc);
  expect(ok, `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'entry', 'category', 'link'].includes(name) });

type X = Record<string, unknown>;
const arr = (v: unknown): X[] => (Array.isArray(v) ? (v as X[]) : v === undefined ? [] : [v as X]);

export interface ParsedItem {
  id: string;
  title: string;
  severity?: string | undefined;
  status?: string | undefined;
}

/** RSS 2.0: channel title, link, description; every item a title or description, a guid, an RFC 822 pubDate. */
export function checkRss(text: string): { items: ParsedItem[]; ttl: number | undefined; xml: X } {
  expect(XMLValidator.validate(text)).toBe(true);
  const doc = xml.parse(text) as X;
  const rss = doc.rss as X;
  expect(rss['@version']).toBe('2.0');
  const channel = rss.channel as X;
  for (const field of ['title', 'link', 'description']) expect(channel[field], `channel.${field}`).toBeDefined();
  const ns = rss['@xmlns:incident'];
  const items = arr(channel.item).map((item) => {
    expect(item.title ?? item.description).toBeDefined();
    expect(Number.isNaN(Date.parse(String(item.pubDate)))).toBe(false);
    expect(String(item.pubDate)).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    // Extension elements are namespaced: the prefix is declared (on the element or the root).
    for (const name of ['incident:severity', 'incident:status']) {
      const el = item[name] as X | undefined;
      expect(el, name).toBeDefined();
      expect(el?.['@xmlns:incident'] ?? ns, `${name} namespace`).toBeTruthy();
    }
    // HTML parts are escaped HTML: no markup from incident text survives as markup.
    for (const html of [item.description, item['content:encoded']]) expect(JSON.stringify(html ?? '')).not.toMatch(/<script/i);
    const guid = item.guid as X;
    return { id: String(guid['#text']), title: String(item.title), severity: String((item['incident:severity'] as X)['#text']), status: String((item['incident:status'] as X)['#text']) };
  });
  const parsed = parseRssFeed(text);
  expect(parsed.title).toBe(String(channel.title));
  expect((parsed.items ?? []).map((i) => i.guid?.value)).toEqual(items.map((i) => i.id));
  expect((parsed.items ?? []).map((i) => i.title)).toEqual(items.map((i) => i.title));
  return { items, ttl: channel.ttl === undefined ? undefined : Number(channel.ttl), xml: doc };
}

/** Atom 1.0: one id, title, updated, an author (or one per entry), a self link; entries with id, title, updated, content or an alternate link. */
export function checkAtom(text: string): { items: ParsedItem[]; xml: X } {
  expect(XMLValidator.validate(text)).toBe(true);
  const doc = xml.parse(text) as X;
  const feed = doc.feed as X;
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  for (const field of ['id', 'title', 'updated']) expect(Array.isArray(feed[field]) ? 'many' : typeof feed[field], `feed.${field}`).not.toBe('many');
  for (const field of ['id', 'title', 'updated']) expect(feed[field], `feed.${field}`).toBeDefined();
  expect(arr(feed.link).some((l) => l['@rel'] === 'self')).toBe(true);
  const entries = arr(feed.entry);
  if (!feed.author) for (const e of entries) expect(e.author).toBeDefined();
  const items = entries.map((e) => {
    for (const field of ['id', 'title', 'updated']) expect(e[field], `entry.${field}`).toBeDefined();
    expect(e.content ?? arr(e.link).find((l) => (l['@rel'] ?? 'alternate') === 'alternate')).toBeDefined();
    const categories = arr(e.category);
    const term = (kind: string) => categories.find((c) => String(c['@scheme']).endsWith(`#${kind}`))?.['@term'] as string | undefined;
    const title = e.title as X | string;
    return { id: String(e.id), title: typeof title === 'string' ? title : String(title['#text']), severity: term('severity'), status: term('status') };
  });
  const parsed = parseAtomFeed(text);
  expect((parsed.entries ?? []).map((e) => e.id)).toEqual(items.map((i) => i.id));
  return { items, xml: doc };
}

/** JSON Feed 1.1, against its schema, and through feedsmith. */
export function checkJsonFeed(text: string): { items: ParsedItem[]; doc: X } {
  const doc = JSON.parse(text) as X;
  const ok = jsonFeedSchema(doc);
  expect(ok, ajv.errorsText(jsonFeedSchema.errors)).toBe(true);
  const parsed = parseJsonFeed(doc);
  const items = arr(doc.items).map((i) => {
    const ext = i._incident as X | undefined;
    return { id: String(i.id), title: String(i.title), severity: ext?.severity as string | undefined, status: ext?.status as string | undefined };
  });
  expect((parsed.items ?? []).map((i) => i.id)).toEqual(items.map((i) => i.id));
  return { items, doc };
}
