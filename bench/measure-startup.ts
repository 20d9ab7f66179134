/**
 * CLI start-up as a ratio to a bare `node -e 0` on the same machine at the same moment:
 * `newsmon --help` (the dispatcher alone) and `newsmon query reports` (configuration, the
 * embedded database and the AWS SDK's DynamoDB client, on a database with the fixture column's
 * reports). Runs alternate between the three commands and each takes the minimum of its runs,
 * so a busy machine slows all three alike. Target: each ratio ≤ 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixtureSite } from '../test/support/fixture-site.js';

const BIN = fileURLToPath(new URL('../cli/newsmon.mjs', import.meta.url));
const ROUNDS = 15;

export interface StartupResult {
  nodeMs: number;
  helpMs: number;
  queryMs: number;
  helpRatio: number;
  queryRatio: number;
}

function timeOnce(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function measureStartup(): Promise<StartupResult> {
  const home = mkdtempSync(join(tmpdir(), 'newsmon-bench-startup-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NEWSMON_HOME: home, FETCH_MIN_INTERVAL_MS: '0' };
  const site = await startFixtureSite();
  try {
    // A database with a few reports, and a compiled CLI (the first run builds it if needed).
    // Asynchronous: the fixture site answers from this process's event loop.
    const child = spawn(
      process.execPath,
      [BIN, 'run', '--source', site.url('/channel/7417.html'), '--alert-window', 'all', '--json'],
      { env, stdio: 'ignore' },
    );
    const code = await new Promise<number | null>((done) => child.once('close', done));
    if (code !== 0) throw new Error(`newsmon run exited ${code}`);
    const best = {
      node: Number.POSITIVE_INFINITY,
      help: Number.POSITIVE_INFINITY,
      query: Number.POSITIVE_INFINITY,
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      best.node = Math.min(best.node, timeOnce(['-e', '0'], env));
      best.help = Math.min(best.help, timeOnce([BIN, '--help'], env));
      best.query = Math.min(best.query, timeOnce([BIN, 'query', 'reports'], env));
    }
    return {
      nodeMs: best.node,
      helpMs: best.help,
      queryMs: best.query,
      helpRatio: best.help / best.node,
      queryRatio: best.query / best.node,
    };
  } finally {
    await site.close();
    rmSync(home, { recursive: true, force: true });
  }
}
