import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';

interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  links: Array<{ rel: string; href: string }>;
  content: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  updated: string;
  entries: AtomEntry[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function children(element: Element, name: string): Element[] {
  return element.children.filter(
    (child): child is Element => child.type === 'tag' && (child as Element).name === name,
  );
}

function text(element: Element): string {
  return element.children.map((child) => ('data' in child ? String(child.data) : '')).join('');
}

function decode(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');
}

function one(element: Element, name: string, where: string): string {
  const found = children(element, name);
  if (found.length !== 1)
    throw new Error(`${where}: expected one <${name}>, found ${found.length}`);
  return decode(text(found[0] as Element));
}

/**
 * Checks an Atom 1.0 document against RFC 4287's required elements (feed id/title/updated/author,
 * entry id/title/updated and a link or content), RFC 3339 dates, unique entry ids, and that every
 * `&` in the XML starts an entity. Throws naming the first problem; returns the parsed feed.
 */
export function checkAtom(xml: string): AtomFeed {
  if (!xml.startsWith('<?xml version="1.0" encoding="utf-8"?>'))
    throw new Error('no XML declaration');
  const stray = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.exec(xml);
  if (stray) throw new Error(`unescaped & at ${stray.index}`);
  const document = parseDocument(xml, { xmlMode: true });
  const feed = document.children.find(
    (child): child is Element => child.type === 'tag' && (child as Element).name === 'feed',
  );
  if (!feed) throw new Error('no <feed> root');
  if (feed.attribs.xmlns !== 'http://www.w3.org/2005/Atom') throw new Error('wrong namespace');
  const result: AtomFeed = {
    id: one(feed, 'id', 'feed'),
    title: one(feed, 'title', 'feed'),
    updated: one(feed, 'updated', 'feed'),
    entries: [],
  };
  if (!RFC3339.test(result.updated))
    throw new Error(`feed updated is not RFC 3339: ${result.updated}`);
  const feedAuthor = children(feed, 'author').length > 0;
  const ids = new Set<string>();
  for (const entry of children(feed, 'entry')) {
    const parsed: AtomEntry = {
      id: one(entry, 'id', 'entry'),
      title: one(entry, 'title', 'entry'),
      updated: one(entry, 'updated', 'entry'),
      links: children(entry, 'link').map((link) => ({
        rel: link.attribs.rel ?? 'alternate',
        href: decode(link.attribs.href ?? ''),
      })),
      content: one(entry, 'content', 'entry'),
    };
    if (!RFC3339.test(parsed.updated))
      throw new Error(`entry updated not RFC 3339: ${parsed.updated}`);
    if (!/^[a-z][a-z0-9+.-]*:/.test(parsed.id)) throw new Error(`entry id is no IRI: ${parsed.id}`);
    if (ids.has(parsed.id)) throw new Error(`duplicate entry id ${parsed.id}`);
    ids.add(parsed.id);
    if (!parsed.links.some((link) => link.rel === 'alternate')) {
      throw new Error(`entry ${parsed.id} has no alternate link`);
    }
    if (!feedAuthor && children(entry, 'author').length === 0) {
      throw new Error(`entry ${parsed.id} has no author and the feed none either`);
    }
    result.entries.push(parsed);
  }
  return result;
}
