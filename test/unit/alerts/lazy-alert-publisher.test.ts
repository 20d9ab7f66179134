import { describe, expect, it } from 'vitest';
import { LazyAlertPublisher } from '../../../functions/alerts/lazy-alert-publisher.js';
import type { AlertPublisher, StoredReport } from '../../../functions/monitor/ports.js';

const report = { article: { id: '9850796' } } as unknown as StoredReport;

describe('an alert publisher built on first use', () => {
  it('builds nothing until the first alert, then reuses what it built', async () => {
    const published: string[] = [];
    let loads = 0;
    const lazy = new LazyAlertPublisher(async () => {
      loads += 1;
      const inner: AlertPublisher = {
        publish: async (r) => {
          published.push(r.article.id);
        },
      };
      return inner;
    });
    expect(loads).toBe(0);
    await lazy.publish(report);
    await lazy.publish(report);
    expect(loads).toBe(1);
    expect(published).toEqual(['9850796', '9850796']);
  });

  it('fails the alert when loading fails and loads again for the next one', async () => {
    let loads = 0;
    const lazy = new LazyAlertPublisher(async () => {
      loads += 1;
      if (loads === 1) throw new Error('SDK not found');
      return { publish: async () => {} };
    });
    await expect(lazy.publish(report)).rejects.toThrow('SDK not found');
    await expect(lazy.publish(report)).resolves.toBeUndefined();
    expect(loads).toBe(2);
  });
});
