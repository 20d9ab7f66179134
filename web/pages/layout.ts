import { type HtmlValue, html, type SafeHtml } from '../html.js';
import type { SiteLinks } from '../links.js';

export interface PageOptions {
  title: string;
  links: SiteLinks;
  /** Which navigation entry is current. */
  current: 'reports' | 'series' | 'sources' | null;
  /** An Atom feed advertised by the page. */
  feed?: string | null;
  /** Static scripts the page loads (file names under static/). */
  scripts?: readonly string[];
  body: HtmlValue;
}

/** The frame every page shares: no inline script, no inline style, CJK-ready fonts (style.css). */
export function layout(options: PageOptions): SafeHtml {
  const { links, current } = options;
  const nav = (name: PageOptions['current'], href: string, label: string): SafeHtml =>
    html`<a href="${href}"${name === current ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${options.title} · newsmon</title>
<link rel="stylesheet" href="${links.asset('style.css')}">
${options.feed ? html`<link rel="alternate" type="application/atom+xml" title="newsmon" href="${options.feed}">` : ''}
</head>
<body>
<header class="site">
<a class="brand" href="${links.reports()}">newsmon</a>
<nav>${nav('reports', links.reports(), 'Reports')} ${nav('series', links.series([]) ?? links.reports(), 'Series')} ${nav('sources', links.sources(), 'Sources')} <a href="${links.feed()}">Feed</a></nav>
</header>
<main>
${options.body}
</main>
${(options.scripts ?? []).map((name) => html`<script src="${links.asset(name)}" defer></script>`)}
</body>
</html>
`;
}
