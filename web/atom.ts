import type { StoredReport } from '../functions/monitor/ports.js';
import { toUtc } from '../functions/store/items.js';
import { figureTip } from './format.js';
import { externalHref, html, type SafeHtml } from './html.js';
import { FEED_EXCERPT_CHARS, FEED_FIGURES } from './limits.js';

/** Tagging entity of every id newsmon mints (RFC 4151 tag URIs): stable on any host and port. */
const TAG = 'tag:newsmon,2024:';
/** `updated` of a feed with no entry: fixed, so an empty feed is the same document on every run. */
const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00.000Z';

export interface FeedLinks {
  /** Where this feed is served (`rel="self"`). */
  self: string;
  /** The HTML page with the same filter (`rel="alternate"` of the feed). */
  page: string;
  /** The local report page of an entry (`rel="related"`). */
  report(id: string): string;
}

/** Entry id of a report: its article id never changes, whatever the URL era or host. */
function entryId(articleId: string): string {
  return `${TAG}report/${encodeURIComponent(articleId)}`;
}

/** Feed id of a filter: the canonical filter query, so the same filter is the same feed. */
function feedId(canonicalQuery: string): string {
  return canonicalQuery ? `${TAG}feed?${canonicalQuery}` : `${TAG}feed`;
}

function entryUpdated(report: StoredReport): string {
  return toUtc(report.article.publishedAt) ?? report.discoveredAt;
}

function entryContent(report: StoredReport): SafeHtml {
  const figures = report.metrics.slice(0, FEED_FIGURES);
  const chars = [...report.article.text];
  const excerpt = chars.slice(0, FEED_EXCERPT_CHARS).join('');
  return html`${
    figures.length > 0
      ? html`<p>${report.metrics.length} figure${report.metrics.length === 1 ? '' : 's'}${report.metrics.length > figures.length ? `, the first ${figures.length}` : ''}:</p><ul>${figures.map((metric) => html`<li><b>${metric.text}</b> — ${figureTip(metric)}</li>`)}</ul>`
      : html`<p>No figures.</p>`
  }<p>${excerpt}${chars.length > FEED_EXCERPT_CHARS ? '…' : ''}</p>`;
}

function entry(report: StoredReport, links: FeedLinks): SafeHtml {
  const { article } = report;
  const updated = entryUpdated(report);
  const published = toUtc(article.publishedAt);
  // The content is HTML carried as escaped text (type="html"): escaped once more here.
  return html`<entry>
<id>${entryId(article.id)}</id>
<title type="text">${article.title ?? `(untitled ${article.id})`}</title>
<updated>${updated}</updated>
${published ? html`<published>${published}</published>` : ''}
<author><name>${article.source ?? article.author ?? '红网'}</name></author>
<link rel="alternate" type="text/html" href="${externalHref(article.url)}"/>
<link rel="related" type="text/html" href="${links.report(article.id)}"/>
<category term="${article.site}"/>
<content type="html">${entryContent(report).value}</content>
</entry>
`;
}

/**
 * Atom 1.0 (RFC 4287) of reports, newest first: feed id/title/updated/author/self link, and per
 * entry a stable tag: id, title, updated, the original article as alternate link, its figures.
 */
export function renderAtomFeed(
  reports: readonly StoredReport[],
  canonicalQuery: string,
  links: FeedLinks,
): string {
  let updated = EMPTY_FEED_UPDATED;
  for (const report of reports) {
    const at = entryUpdated(report);
    if (at > updated) updated = at;
  }
  const title = canonicalQuery
    ? `newsmon · 红网 reports (${decodeURIComponent(canonicalQuery.replace(/\+/g, ' '))})`
    : 'newsmon · 红网 reports';
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${feedId(canonicalQuery)}</id>
<title type="text">${title}</title>
<updated>${updated}</updated>
<author><name>newsmon</name></author>
<generator>newsmon</generator>
<link rel="self" type="application/atom+xml" href="${links.self}"/>
<link rel="alternate" type="text/html" href="${links.page}"/>
${reports.map((report) => entry(report, links))}</feed>
`.value;
}
