import { describe, expect, it } from 'vitest';
import {
  buildDigest,
  digestFigures,
  digestNotification,
  docText,
} from '../../../functions/notify/message.js';
import { SEED_METRICS, sampleReport } from '../../support/robots/sample-report.js';

const window = { since: new Date('2026-12-01T10:00:00Z'), until: new Date('2026-12-02T10:00:00Z') };

describe('the daily digest', () => {
  it('groups reports by site, most reports first, with report and figure counts', () => {
    const reports = [
      sampleReport({ id: '1', site: 'hy', url: 'https://hy.rednet.cn/content/1.html' }),
      sampleReport({ id: '2', site: 'hn', url: 'https://hn.rednet.cn/content/2.html' }, []),
      sampleReport({ id: '3', site: 'hy', url: 'https://hy.rednet.cn/content/3.html' }),
    ];
    const digest = buildDigest(reports, window);
    expect(digest.date).toBe('2026-12-02');
    expect(digest.sites.map((site) => [site.site, site.reports.length, site.figureCount])).toEqual([
      ['hy', 2, 2 * SEED_METRICS.length],
      ['hn', 1, 0],
    ]);
    expect(digest.reportCount).toBe(3);
    expect(digest.figureCount).toBe(2 * SEED_METRICS.length);
  });

  it('lists figures with a change first', () => {
    const changed = SEED_METRICS.filter((metric) => metric.change !== null).length;
    expect(changed).toBeGreaterThan(0);
    const figures = digestFigures(SEED_METRICS, changed + 1);
    expect(figures).toHaveLength(changed + 1);
    figures.forEach((line, i) => {
      if (i < changed) expect(line).toMatch(/[↑↓]/);
      else expect(line).not.toMatch(/[↑↓]/);
    });
  });

  it('reads as text with one section per site and a link per report', () => {
    const text = docText(digestNotification(buildDigest([sampleReport()], window)).doc);
    expect(text).toContain('Daily digest 2026-12-02: 1 report');
    expect(text).toContain(`hn: 1 report, ${SEED_METRICS.length} figures`);
    expect(text).toContain(sampleReport().article.url);
  });

  it('says so when the day had no reports', () => {
    const text = docText(digestNotification(buildDigest([], window)).doc);
    expect(text).toContain('No new reports');
  });
});
