import { html, type SafeHtml } from '../html.js';
import type { SiteLinks } from '../links.js';
import { layout } from './layout.js';

export function renderErrorPage(status: number, message: string, links: SiteLinks): SafeHtml {
  return layout({
    title: String(status),
    links,
    current: null,
    body: html`<h1>${status}</h1><p class="warn">${message}</p><p><a href="${links.reports()}">Back to the reports</a></p>`,
  });
}
