import { shanghaiTime } from '../format.js';
import { externalHref, html, type SafeHtml } from '../html.js';
import type { SiteLinks } from '../links.js';
import type { SourceRow } from '../read-model.js';
import { layout } from './layout.js';

const STATUS_WORD: Record<SourceRow['status'], string> = {
  'never-checked': 'never checked',
  ok: 'ok',
  'articles-failing': 'ok, articles failing',
  failing: 'failing (no successful read lately)',
};

export function renderSourcesPage(rows: readonly SourceRow[], links: SiteLinks): SafeHtml {
  const body = html`<h1>Sources</h1>
<p class="meta">${rows.length} watched source${rows.length === 1 ? '' : 's'} · <a href="${links.apiSources()}">JSON</a></p>
<table class="sources">
<thead><tr><th>Source</th><th>Status</th><th>Last check (Asia/Shanghai)</th><th>Last successful read</th><th>Last new article</th><th>Newest stored article</th><th>Failing articles</th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr class="status-${row.status}">
<td><a href="${externalHref(row.url)}" rel="noopener noreferrer" target="_blank">${row.name}</a><br><span class="meta">${row.url}</span></td>
<td>${STATUS_WORD[row.status]}</td>
<td class="time">${shanghaiTime(row.lastCheckedAt) || '—'}</td>
<td class="time">${shanghaiTime(row.lastSuccessAt) || '—'}</td>
<td class="time">${shanghaiTime(row.lastNewArticleAt) || '—'}</td>
<td>${row.newest ? html`<a href="${links.report(row.newest.id)}">${row.newest.title ?? row.newest.id}</a> <span class="meta">${shanghaiTime(row.newest.publishedAt)}</span>` : '—'}</td>
<td class="num">${row.failingArticles}${row.quarantinedArticles > 0 ? ` (${row.quarantinedArticles} quarantined)` : ''}${row.lastFailure ? html`<br><span class="meta">${row.lastFailure}</span>` : ''}</td>
</tr>`,
)}
</tbody>
</table>`;
  return layout({ title: 'Sources', links, current: 'sources', body });
}
