import type { AddressInfo } from 'node:net';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { makeHostPolicy } from '../functions/http/address-policy.js';
import { HttpClient } from '../functions/http/http-client.js';
import { extractMetrics } from '../functions/metrics/index.js';
import { HttpSourceFetcher } from '../functions/monitor/adapters/http-source-fetcher.js';
import type { AlertPublisher, StoredReport } from '../functions/monitor/ports.js';
import { runMonitor } from '../functions/monitor/run-monitor.js';
import { createDynamoDbDocumentClient } from '../functions/shared/aws-clients.js';
import { noMetrics, silentLog } from '../functions/shared/observability.js';
import { createNewsmonTable } from '../functions/store/create-table.js';
import { DynamoDbArticleStore } from '../functions/store/dynamodb-article-store.js';
import { startFixtureSite } from '../test/support/fixture-site.js';
import { startDynamoDbLocalServer } from '../test/support/local-dynamodb-jar.js';

export interface CycleCost {
  listPages: number;
  requests: number;
  articleFetches: number;
  readUnits: number;
  writeUnits: number;
  wallMs: number;
  alerts: number;
}

const WRITE_COMMANDS = /^(Put|Update|Delete|BatchWrite)/;

/**
 * Two cycles over the local fixture site with the embedded DynamoDB and the production adapters:
 * the first finds every article new, the second finds nothing. Capacity comes from DynamoDB's own
 * ConsumedCapacity (requested on every call); a rejected conditional write still costs one write
 * unit in AWS, so it is counted as one.
 */
export async function measureCycles(
  engine: 'dynalite' | 'local' = 'dynalite',
): Promise<{ firstCycle: CycleCost; idleCycle: CycleCost }> {
  const site = await startFixtureSite();
  // dynalite under-reports write units about 5× (UTF-16 sizes, no index writes); DynamoDB Local
  // (AWS's own jar) counts them like AWS, so the cost model uses its figure.
  let endpoint: string;
  let closeDb: () => Promise<void>;
  if (engine === 'local') {
    endpoint = (await startDynamoDbLocalServer()).endpoint;
    closeDb = async () => {};
  } else {
    const db = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => db.listen(0, '127.0.0.1', () => resolve()));
    endpoint = `http://127.0.0.1:${(db.address() as AddressInfo).port}`;
    closeDb = () => new Promise<void>((resolve) => db.close(() => resolve()));
  }
  const documentClient = createDynamoDbDocumentClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const capacity = { read: 0, write: 0 };
  countCapacity(documentClient as unknown as DynamoDBClient, capacity);
  await createNewsmonTable(documentClient as unknown as DynamoDBClient, 'newsmon-bench');

  const sources = ['/channel/7417.html', '/channel/7399.html'].map((path) => ({
    url: site.url(path),
    name: path,
  }));
  const http = new HttpClient({
    allowedHosts: makeHostPolicy(sources.map((source) => source.url)),
  });
  let alerts = 0;
  const publisher: AlertPublisher = {
    publish: async (_report: StoredReport) => {
      alerts += 1;
    },
  };
  const deps = {
    fetcher: new HttpSourceFetcher(http),
    store: new DynamoDbArticleStore(documentClient, 'newsmon-bench'),
    alerts: publisher,
    extract: extractMetrics,
    log: silentLog,
    metrics: noMetrics,
    now: () => new Date(),
  };

  const cycle = async (invocationId: string): Promise<CycleCost> => {
    const before = {
      requests: site.requests.length,
      read: capacity.read,
      write: capacity.write,
      alerts,
    };
    const started = performance.now();
    await runMonitor(deps, {
      sources,
      alertWindowMs: 'all',
      maxPagesPerSource: 3,
      articleConcurrency: 4,
      invocationId,
    });
    const wallMs = performance.now() - started;
    const requests = site.requests.slice(before.requests);
    return {
      listPages: requests.filter((request) => request.path.startsWith('/channel/')).length,
      requests: requests.length,
      articleFetches: requests.filter((request) => request.path.startsWith('/content/')).length,
      readUnits: round(capacity.read - before.read),
      writeUnits: round(capacity.write - before.write),
      wallMs,
      alerts: alerts - before.alerts,
    };
  };

  try {
    const firstCycle = await cycle('bench-first');
    const idleCycle = await cycle('bench-idle');
    return { firstCycle, idleCycle };
  } finally {
    documentClient.destroy();
    await site.close();
    await closeDb();
  }
}

function countCapacity(client: DynamoDBClient, totals: { read: number; write: number }): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const isWrite = WRITE_COMMANDS.test(context.commandName ?? '');
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const units = [consumed]
          .flat()
          .reduce<number>(
            (sum, item) =>
              sum + ((item as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0),
            0,
          );
        if (isWrite) totals.write += units;
        else totals.read += units;
        return result;
      } catch (error) {
        if (isWrite && error instanceof ConditionalCheckFailedException) totals.write += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'newsmonBenchCapacity' },
  );
}

function round(units: number): number {
  return Math.round(units * 100) / 100;
}
