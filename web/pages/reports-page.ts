import type { StoredReport } from '../../functions/monitor/ports.js';
import { normalizedText, shanghaiTime } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import type { SiteLinks } from '../links.js';
import { filterQuery, NO_FILTER, type ReportFilter } from '../params.js';
import type { ReportsResult } from '../read-model.js';
import { layout } from './layout.js';

/** Figures shown next to each report in the list. */
const LIST_FIGURES = 3;

function filterForm(filter: ReportFilter, links: SiteLinks): SafeHtml {
  if (!links.dynamic) {
    return html`<p class="note">Static export: the newest reports. Filters and search need <code>newsmon serve</code>.</p>`;
  }
  return html`<form class="filters" method="get" action="${links.reports()}">
<label>Title <input type="search" name="title" maxlength="100" value="${filter.title ?? ''}" placeholder="标题"></label>
<label>Keyword <input type="search" name="keyword" maxlength="100" value="${filter.keyword ?? ''}" placeholder="诈骗"></label>
<label>Site <input type="text" name="site" maxlength="30" value="${filter.site ?? ''}" placeholder="hy" size="6"></label>
<label>From <input type="date" name="from" value="${filter.from ?? ''}"></label>
<label>To <input type="date" name="to" value="${filter.to ?? ''}"></label>
<label class="check"><input type="checkbox" name="hasFigures" value="1"${filter.hasFigures ? html` checked` : ''}> has figures</label>
<button type="submit">Filter</button>
</form>`;
}

function reportRow(report: StoredReport, links: SiteLinks): SafeHtml {
  const { article, metrics } = report;
  return html`<tr>
<td class="time">${shanghaiTime(article.publishedAt ?? report.discoveredAt)}</td>
<td class="site">${article.site}</td>
<td class="title"><a href="${links.report(article.id)}">${article.title ?? `(untitled ${article.id})`}</a></td>
<td class="num">${metrics.length}</td>
<td class="figures">${metrics.slice(0, LIST_FIGURES).map((metric) => html`<span class="chip">${metric.subject ? `${metric.subject} ` : ''}${normalizedText(metric)}</span> `)}</td>
</tr>`;
}

export function renderReportsPage(
  result: ReportsResult,
  filter: ReportFilter,
  links: SiteLinks,
): SafeHtml {
  const query = filterQuery(filter, { before: null });
  const filtered = query !== filterQuery(NO_FILTER);
  const olderQuery = result.next ? filterQuery(filter, { before: result.next }) : null;
  const body = html`<h1>Reports</h1>
${filterForm(filter, links)}
<p class="meta">${result.reports.length} report${result.reports.length === 1 ? '' : 's'}${filter.before ? ' (older page)' : ''}${result.scanCapped ? html` · searched the ${result.scanned} most recent stored reports` : ''} · <a href="${links.feed(query)}">Atom feed${filtered ? ' of this filter' : ''}</a> · <a href="${links.apiReports(filterQuery(filter))}">JSON</a></p>
${
  result.reports.length === 0
    ? html`<p class="empty">No stored report matches.</p>`
    : html`<table class="reports">
<thead><tr><th>Published (Asia/Shanghai)</th><th>Site</th><th>Title</th><th>Figures</th><th>Leading figures</th></tr></thead>
<tbody>
${result.reports.map((report) => reportRow(report, links))}
</tbody>
</table>`
}
${olderQuery !== null && links.dynamic ? html`<p class="pager"><a rel="next" href="${links.reports(olderQuery)}">Older reports →</a></p>` : ''}`;
  return layout({
    title: 'Reports',
    links,
    current: 'reports',
    feed: links.feed(query),
    body,
  });
}
