import type { StoredReport } from '../../functions/monitor/ports.js';
import { subjectKey } from '../../functions/store/series-key.js';
import { boundWord, changeWords, figureTip, normalizedText, shanghaiTime } from '../format.js';
import { highlightFigures } from '../highlight.js';
import { externalHref, html, type SafeHtml } from '../html.js';
import type { SiteLinks } from '../links.js';
import { layout } from './layout.js';

function subjectCell(subject: string | null, links: SiteLinks): SafeHtml {
  if (!subject) return html`<span class="none">—</span>`;
  const key = subjectKey(subject);
  const href = key === null ? null : links.series([key]);
  return href === null ? html`${subject}` : html`<a href="${href}">${subject}</a>`;
}

export function renderReportPage(report: StoredReport, links: SiteLinks): SafeHtml {
  const { article, metrics } = report;
  const paragraphs = highlightFigures(article.text, metrics);
  const body = html`<article class="report">
<h1>${article.title ?? `(untitled ${article.id})`}</h1>
<dl class="facts">
<dt>Published</dt><dd>${article.publishedAt ? html`<time datetime="${article.publishedAt}">${shanghaiTime(article.publishedAt)}</time> (Asia/Shanghai)` : 'no date on the page'}</dd>
<dt>Source</dt><dd>${article.source ?? '—'}</dd>
${article.author ? html`<dt>Author</dt><dd>${article.author}</dd>` : ''}
<dt>Site</dt><dd>${article.site}${article.channel ? ` · column ${article.channel}` : ''}</dd>
<dt>Original</dt><dd><a href="${externalHref(article.url)}" rel="noopener noreferrer" target="_blank">${article.url}</a></dd>
<dt>Stored</dt><dd>${shanghaiTime(report.discoveredAt)} · id ${article.id} · <a href="${links.apiReport(article.id)}">JSON</a></dd>
</dl>
${article.warnings.length > 0 ? html`<p class="warn">${article.warnings.join('; ')}</p>` : ''}
<section class="text">
${paragraphs.map(
  (pieces) =>
    html`<p>${pieces.map((piece) => {
      if (piece.figure === null) return piece.text;
      const metric = metrics[piece.figure];
      return metric
        ? html`<mark class="fig" tabindex="0" data-figure="${piece.figure}" data-tip="${figureTip(metric)}" aria-label="${figureTip(metric)}">${piece.text}</mark>`
        : piece.text;
    })}</p>`,
)}
</section>
<section class="figures">
<h2>${metrics.length} figure${metrics.length === 1 ? '' : 's'}</h2>
${
  metrics.length === 0
    ? html`<p class="empty">No figures found in this article.</p>`
    : html`<table class="figures">
<thead><tr><th>#</th><th>As written</th><th>Value</th><th>Bound</th><th>Change</th><th>Subject</th><th>Period</th></tr></thead>
<tbody>
${metrics.map(
  (metric, index) => html`<tr id="figure-${index}">
<td class="num">${index + 1}</td><td>${metric.text}</td><td class="num">${normalizedText(metric)}</td><td>${boundWord(metric)}</td><td>${changeWords(metric)}</td><td>${subjectCell(metric.subject, links)}</td><td>${metric.period ?? ''}</td>
</tr>`,
)}
</tbody>
</table>`
}
</section>
</article>`;
  return layout({ title: article.title ?? article.id, links, current: 'reports', body });
}
