import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress } from '../../../cli/progress.js';
import { stringWidth } from '../../../cli/text-width.js';

function stream(tty: boolean, columns?: number) {
  const out = Object.assign(new PassThrough(), { isTTY: tty, columns });
  let text = '';
  out.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  return { out, text: () => text };
}

describe('Progress', () => {
  it('rewrites one bar line with carriage returns on a terminal, within its width', async () => {
    const { out, text } = stream(true, 100);
    const progress = new Progress(out);
    progress.update({ done: 1, total: 4, label: '衡阳 page 2', detail: '3 stored, 12 figures' });
    progress.update({ done: 2, total: 4, label: '湖南 page 1', detail: '4 stored, 15 figures' });
    progress.finish();
    await new Promise((resolve) => setImmediate(resolve));
    const frames = text().split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toContain(
      '[█████░░░░░░░░░░░░░░░] 1/4 pages · 3 stored, 12 figures · 衡阳 page 2',
    );
    expect(frames[1]?.endsWith('\n')).toBe(true);
    for (const frame of frames) expect(stringWidth(frame.trimEnd())).toBeLessThan(100);
    expect(text()).not.toContain('\n\n');
  });

  it('cuts the bar line to the terminal width', async () => {
    const { out, text } = stream(true, 40);
    const progress = new Progress(out);
    progress.update({ done: 1, total: 4, label: '衡阳 page 2', detail: '3 stored, 12 figures' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stringWidth(text().replace('\r', ''))).toBeLessThanOrEqual(39);
    expect(text().endsWith('…')).toBe(true);
  });

  it('prints plain lines without carriage returns when stderr is not a terminal', async () => {
    const { out, text } = stream(false);
    const progress = new Progress(out);
    progress.update({ done: 0, total: 2, label: '衡阳 page 1', detail: '0 stored, 0 figures' });
    progress.note('newsmon: warn: article failed');
    progress.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe(
      'newsmon: backfill 衡阳 page 1 (0/2 pages): 0 stored, 0 figures\nnewsmon: warn: article failed\n',
    );
  });
});
