import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackfillStateFile } from '../../../cli/backfill-state.js';
import { CliError } from '../../../cli/errors.js';

const COLUMN = 'https://hy.rednet.cn/channel/7417.html';
const FAILED_REF = {
  id: '7251630',
  url: 'https://hy.rednet.cn/content/2020/05/21/7251630.html',
  site: 'hy',
  title: '标题',
  listedAt: '2020-05-21T11:05:48+08:00',
  urlDate: '2020-05-21',
};

/** A progress file as the first versions wrote it: no `nextUrlGuessed`, an `updatedAt` per source. */
function oldFormat(store: string): string {
  return JSON.stringify(
    {
      version: 1,
      store,
      sources: {
        [COLUMN]: {
          completedPages: 1,
          nextUrl: 'https://hy.rednet.cn/channel/7417_2.html',
          exhausted: false,
          failed: [FAILED_REF],
          updatedAt: '2026-11-20T08:00:00.000Z',
        },
      },
    },
    null,
    2,
  );
}

describe('BackfillStateFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsmon-backfill-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fileOf(store: string): Promise<string> {
    const opened = await BackfillStateFile.open(dir, store);
    return opened.path;
  }

  it('resumes from a progress file in the first layout and writes the same layout back', async () => {
    const path = await fileOf('db:/data/db');
    await writeFile(path, oldFormat('db:/data/db'));

    const file = await BackfillStateFile.open(dir, 'db:/data/db');
    const progress = await file.load(COLUMN);
    expect(progress).toEqual({
      completedPages: 1,
      nextUrl: 'https://hy.rednet.cn/channel/7417_2.html',
      exhausted: false,
      failed: [FAILED_REF],
    });
    expect(await file.load('https://hn.rednet.cn/channel/7399.html')).toBeNull();

    await file.save(COLUMN, { ...(progress ?? never()), completedPages: 2, failed: [] });
    const written = JSON.parse(await readFile(path, 'utf8'));
    expect(written).toMatchObject({
      version: 1,
      store: 'db:/data/db',
      sources: { [COLUMN]: { completedPages: 2, exhausted: false, failed: [] } },
    });
    expect(Date.parse(written.sources[COLUMN].updatedAt)).toBeGreaterThan(
      Date.parse('2026-11-20T08:00:00.000Z'),
    );
    expect(await readdir(dir)).toEqual([path.slice(dir.length + 1)]);
  });

  it('names an unreadable file and the way out, and --restart ignores it', async () => {
    const path = await fileOf('db:/data/db');
    await writeFile(path, '{"version": 2}');
    const opening = BackfillStateFile.open(dir, 'db:/data/db');
    await expect(opening).rejects.toBeInstanceOf(CliError);
    await expect(opening).rejects.toThrow(/unreadable .*delete it or pass --restart/);

    const restarted = await BackfillStateFile.open(dir, 'db:/data/db', { restart: true });
    expect(await restarted.load(COLUMN)).toBeNull();
  });

  it('keeps the progress of different stores in different files', async () => {
    expect(await fileOf('db:/data/db')).not.toBe(await fileOf('table:eu-west-1:newsmon'));
  });
});

function never(): never {
  throw new Error('expected saved progress');
}
