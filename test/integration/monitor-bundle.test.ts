import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../functions/monitor/run-monitor.js';
import { type FixtureSite, startFixtureSite } from '../support/fixture-site.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { type LocalSns, startLocalSns } from '../support/local-sns.js';
import { buildMonitorBundle } from '../support/monitor-bundle.js';
import { applyEnv, fixtureColumns, lambdaContext, monitorEnv } from './handler-env.js';
import { deliveredIds, FIRST_PAGE_IDS, settleDeliveries, storedArticles } from './real-deps.js';

type Handler = (event: unknown, context: unknown) => Promise<RunSummary>;

/**
 * Lambda's runtime provides the AWS SDK the bundle leaves external. Here the bundle is copied
 * under the project's node_modules so that `require('@aws-sdk/…')` resolves to the installed one.
 */
function loadBundle(bundlePath: string): { handler: Handler; cleanup: () => void } {
  const root = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'newsmon-bundle-'));
  const copy = join(dir, 'index.js');
  copyFileSync(bundlePath, copy);
  const load = createRequire(copy);
  const module = load(copy) as { handler: Handler };
  return { handler: module.handler, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the bundle cdk synth builds, loaded as Lambda loads it', () => {
  let site: FixtureSite;
  let db: LocalDynamoDb;
  let sns: LocalSns;
  let restoreEnv: () => void;
  let bundle: { handler: Handler; cleanup: () => void };

  beforeAll(async () => {
    const [bundlePath, ...servers] = await Promise.all([
      buildMonitorBundle(),
      startFixtureSite(),
      startLocalDynamoDb(),
      startLocalSns(),
    ]);
    [site, db, sns] = servers as [FixtureSite, LocalDynamoDb, LocalSns];
    restoreEnv = applyEnv(
      monitorEnv({
        tableName: db.tableName,
        topicArn: sns.topicArn,
        dynamoEndpoint: db.endpoint,
        snsEndpoint: sns.endpoint,
        sources: fixtureColumns(site),
      }),
    );
    bundle = loadBundle(bundlePath);
  }, 120_000);

  afterAll(async () => {
    restoreEnv?.();
    bundle?.cleanup();
    await Promise.all([site?.close(), db?.close(), sns?.close()]);
  });

  it('stores and alerts every new article once, then writes and publishes nothing', async () => {
    const first = await bundle.handler({}, lambdaContext('bundle-1'));
    expect(first.stored).toBe(FIRST_PAGE_IDS.length);
    expect(first.alerted).toBe(FIRST_PAGE_IDS.length);
    await settleDeliveries(sns);
    expect(deliveredIds(sns).sort()).toEqual([...FIRST_PAGE_IDS].sort());
    const stored = await storedArticles(db);
    expect(stored.get('9850796')?.metricCount).toBeGreaterThanOrEqual(20);

    const writes = db.writes().length;
    const second = await bundle.handler({}, lambdaContext('bundle-2'));
    expect(second.alerted).toBe(0);
    expect(db.writes()).toHaveLength(writes);
    expect(sns.publishes.filter((p) => !p.failed)).toHaveLength(FIRST_PAGE_IDS.length);
  });
});
