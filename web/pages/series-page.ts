import { shanghaiTime } from '../format.js';
import { html, jsonScript, type SafeHtml } from '../html.js';
import { MAX_SERIES_SUBJECTS, MAX_SERIES_TABLE_ROWS } from '../limits.js';
import type { SiteLinks } from '../links.js';
import type { SeriesLine, SeriesResult, SubjectSuggestion } from '../read-model.js';
import { layout } from './layout.js';

/** What the chart script reads from the page's JSON block (web/static/series-chart.js). */
interface ChartData {
  charts: Array<{
    unit: string;
    series: Array<{
      name: string;
      points: Array<{
        t: number;
        v: number;
        href: string;
        title: string;
        text: string;
        time: string;
      }>;
    }>;
  }>;
}

const KIND_WORD: Record<SeriesLine['kind'], string> = {
  level: '',
  change: 'change',
  share: 'share',
  rank: 'rank',
};

/** `刑事案件 · 破获 (起)`, `刑事案件 · 发生 · change (%)`: what tells two lines of a subject apart. */
function lineLabel(line: Pick<SeriesLine, 'subject' | 'action' | 'kind' | 'unit'>): string {
  const parts = [line.subject, line.action === '-' ? '' : line.action, KIND_WORD[line.kind]];
  const name = parts.filter((part) => part !== '').join(' · ');
  return line.unit === '-' ? name : `${name} (${line.unit})`;
}

/** The chart data: dated points only, each with the link to its report. */
function chartData(result: SeriesResult, links: SiteLinks): ChartData {
  return {
    charts: result.charts.map((chart) => ({
      unit: chart.unit,
      series: chart.lines.map((line) => ({
        name: lineLabel(line),
        points: line.points.flatMap((point) => {
          const t = Date.parse(point.publishedAt ?? '');
          if (Number.isNaN(t)) return [];
          return [
            {
              t,
              v: point.metric.normalized.value,
              href: links.report(point.articleId),
              title: point.title ?? point.articleId,
              text: point.metric.text,
              time: shanghaiTime(point.publishedAt),
            },
          ];
        }),
      })),
    })),
  };
}

function searchForm(
  result: SeriesResult,
  suggestions: readonly SubjectSuggestion[],
  links: SiteLinks,
): SafeHtml {
  if (!links.dynamic) return html``;
  const action = links.series([]) ?? '';
  const datalist = html`<datalist id="subject-suggestions">${suggestions.map((s) => html`<option value="${s.subject}">${s.figures} figures · ${s.units.join(', ')}</option>`)}</datalist>`;
  const canAdd = result.subjects.length > 0 && result.subjects.length < MAX_SERIES_SUBJECTS;
  return html`<form class="filters" method="get" action="${action}">
<label>Subject <input type="search" name="subject" list="subject-suggestions" maxlength="100" value="${result.subjects[0] ?? ''}" placeholder="刑事案件" required></label>
<button type="submit">Show</button>
</form>
${
  canAdd
    ? html`<form class="filters" method="get" action="${action}">
${result.subjects.map((subject) => html`<input type="hidden" name="subject" value="${subject}">`)}
<label>Compare with <input type="search" name="subject" list="subject-suggestions" maxlength="100" placeholder="电诈案件" required></label>
<button type="submit">Add</button>
</form>`
    : ''
}
${datalist}`;
}

function pointTable(line: SeriesLine, links: SiteLinks): SafeHtml {
  const rows = line.points.slice(-MAX_SERIES_TABLE_ROWS).reverse();
  return html`<details class="points"><summary>${lineLabel(line)}: ${line.points.length} point${line.points.length === 1 ? '' : 's'}${line.undated > 0 ? ` (${line.undated} without a date, not drawn)` : ''}</summary>
${line.points.length > rows.length ? html`<p class="note">The latest ${rows.length} points.</p>` : ''}
<table class="points">
<thead><tr><th>Published (Asia/Shanghai)</th><th>Value</th><th>As written</th><th>Report</th></tr></thead>
<tbody>
${rows.map(
  (point) =>
    html`<tr><td class="time">${shanghaiTime(point.publishedAt) || '—'}</td><td class="num">${point.metric.normalized.value}</td><td>${point.metric.text}</td><td><a href="${links.report(point.articleId)}">${point.title ?? point.articleId}</a></td></tr>`,
)}
</tbody>
</table>
</details>`;
}

export function renderSeriesPage(
  result: SeriesResult,
  suggestions: readonly SubjectSuggestion[],
  links: SiteLinks,
): SafeHtml {
  const title = result.subjects.length > 0 ? result.subjects.join(' · ') : 'Series';
  const data = chartData(result, links);
  const body = html`<h1>${result.subjects.length > 0 ? html`Series: ${title}` : 'Series'}</h1>
${searchForm(result, suggestions, links)}
${result.missing.length > 0 ? html`<p class="warn">No stored figures for ${result.missing.join(', ')}.</p>` : ''}
${
  result.subjects.length === 0
    ? html`<h2>Subjects with the most figures in recent reports</h2>
<ul class="subjects">${suggestions.map((s) => {
        const href = links.series([s.subject]);
        return html`<li>${href === null ? s.subject : html`<a href="${href}">${s.subject}</a>`} <span class="meta">${s.figures} · ${s.units.join(', ')}</span></li>`;
      })}</ul>`
    : ''
}
${result.charts.map(
  (chart, index) => html`<figure class="chart-box">
<figcaption>${chart.lines.map(lineLabel).join(' · ')}</figcaption>
<div class="chart" id="chart-${index}" data-chart-index="${index}" role="img" aria-label="${`Chart of ${chart.lines.map(lineLabel).join(', ')}`}"></div>
</figure>
${chart.lines.map((line) => pointTable(line, links))}`,
)}
${result.subjects.length > 0 ? html`<p class="meta">${links.apiSeries(result.subjects) ? html`<a href="${links.apiSeries(result.subjects) ?? ''}">JSON</a>` : ''}</p>` : ''}
${jsonScript('series-data', data)}`;
  return layout({
    title,
    links,
    current: 'series',
    scripts: result.charts.length > 0 ? ['echarts.min.js', 'series-chart.js'] : [],
    body,
  });
}
