import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceConfig } from '../functions/monitor/ports.js';
import { renderAtomFeed } from './atom.js';
import { FEED_SIZE, MAX_EXPORTED_REPORTS, MAX_EXPORTED_SERIES, MAX_PAGE_SIZE } from './limits.js';
import { reportFileName, seriesFileName, staticLinks } from './links.js';
import { renderReportPage } from './pages/report-page.js';
import { renderReportsPage } from './pages/reports-page.js';
import { renderSeriesPage } from './pages/series-page.js';
import { renderSourcesPage } from './pages/sources-page.js';
import { NO_FILTER } from './params.js';
import { loadSeries, loadSources, subjectsOf, type WebStore } from './read-model.js';
import { reportsJson, STATIC_FILES } from './site.js';

export interface ExportSummary {
  reports: number;
  series: number;
  files: number;
}

/**
 * Writes the web view as static files under `dir`: index.html (newest reports), reports/<id>.html,
 * series/<hash>.html for the subjects with the most figures, sources.html, feed.atom, the JSON
 * under api/ and the static assets. Links are relative, so any static host or a file:// open works.
 */
export async function exportSite(
  store: WebStore,
  sources: readonly SourceConfig[],
  dir: string,
): Promise<ExportSummary> {
  let files = 0;
  const write = async (path: string, body: string): Promise<void> => {
    const full = join(dir, path);
    await mkdir(join(full, '..'), { recursive: true });
    await writeFile(full, body);
    files += 1;
  };
  const reports = await store.listReports({ limit: MAX_EXPORTED_REPORTS });
  const subjects = subjectsOf(reports).slice(0, MAX_EXPORTED_SERIES);
  const exported = new Set(subjects.map((s) => seriesFileName([s.subject])));
  const top = staticLinks(0, exported);
  const nested = staticLinks(1, exported);

  const newest = reports.slice(0, MAX_PAGE_SIZE);
  const listing = { reports: newest, next: null, scanned: reports.length, scanCapped: false };
  const filter = { ...NO_FILTER, limit: MAX_PAGE_SIZE };
  await write('index.html', renderReportsPage(listing, filter, top).value);
  await write('api/reports.json', `${JSON.stringify(reportsJson(listing, filter), null, 2)}\n`);
  for (const report of reports) {
    const name = reportFileName(report.article.id);
    await write(`reports/${name}.html`, renderReportPage(report, nested).value);
    await write(`api/reports/${name}.json`, `${JSON.stringify(report, null, 2)}\n`);
  }
  await write(
    'feed.atom',
    renderAtomFeed(reports.slice(0, FEED_SIZE), '', {
      self: 'feed.atom',
      page: 'index.html',
      report: (id) => top.report(id),
    }),
  );
  await write(
    'series/index.html',
    renderSeriesPage({ subjects: [], charts: [], missing: [] }, subjects, nested).value,
  );
  await write('api/subjects.json', `${JSON.stringify(subjects, null, 2)}\n`);
  for (const { subject } of subjects) {
    const result = await loadSeries(store, [subject]);
    const name = seriesFileName([subject]);
    await write(`series/${name}.html`, renderSeriesPage(result, subjects, nested).value);
    await write(`api/series/${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  }
  const rows = await loadSources(store, sources);
  await write('sources.html', renderSourcesPage(rows, top).value);
  await write('api/sources.json', `${JSON.stringify(rows, null, 2)}\n`);
  await mkdir(join(dir, 'static'), { recursive: true });
  for (const [name, file] of Object.entries(STATIC_FILES)) {
    await copyFile(file.path, join(dir, 'static', name));
    files += 1;
  }
  return { reports: reports.length, series: subjects.length, files };
}
