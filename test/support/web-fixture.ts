import { runInProcess } from '../e2e/cli-harness.js';
import { startFixtureSite } from './fixture-site.js';

/** Columns of the local 红网 mirror: 7417 (衡阳, two pages) and 7399 (湖南). */
const FIXTURE_COLUMNS = ['/channel/7417.html', '/channel/7399.html'] as const;

/**
 * Fills the embedded database in `dbDir` the way a user does: `newsmon run` (in process) against
 * the local fixture site, then `newsmon backfill` for the older list page. Returns the source URLs.
 */
export async function fillFixtureDb(cwd: string, dbDir: string): Promise<string[]> {
  const site = await startFixtureSite();
  try {
    const sources = FIXTURE_COLUMNS.map((path) => site.url(path));
    const args = sources.flatMap((url) => ['--source', url]);
    const run = await runInProcess(
      ['run', ...args, '--db', dbDir, '--json', '--alert-window', 'all'],
      cwd,
    );
    if (run.code !== 0) throw new Error(`newsmon run failed: ${run.stderr}`);
    const backfill = await runInProcess(['backfill', ...args, '--db', dbDir, '--pages', '2'], cwd);
    if (backfill.code !== 0) throw new Error(`newsmon backfill failed: ${backfill.stderr}`);
    return sources;
  } finally {
    await site.close();
  }
}
