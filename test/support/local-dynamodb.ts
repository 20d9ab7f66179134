import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createNewsmonTable } from '../../functions/store/create-table.js';
import { startDynamoDbLocalServer } from './local-dynamodb-jar.js';

/**
 * Which local DynamoDB the store and cycle tests run against: `dynalite` (default, in-process,
 * fast) or `local` (AWS's DynamoDB Local: real item sizes, key limits and consumed capacity).
 * CI runs the store and cycle integration tests once with each.
 */
export type LocalDynamoDbEngine = 'dynalite' | 'local';

function selectedEngine(env: NodeJS.ProcessEnv = process.env): LocalDynamoDbEngine {
  const value = env.NEWSMON_TEST_DYNAMODB ?? 'dynalite';
  if (value !== 'dynalite' && value !== 'local') {
    throw new Error(`NEWSMON_TEST_DYNAMODB must be dynalite or local, got '${value}'`);
  }
  return value;
}

/** Dummy credentials: dynalite does not check signatures, the SDK only needs some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

interface DynamoRequest {
  /** Operation name from X-Amz-Target, e.g. `PutItem`. */
  operation: string;
  /** True when the proxy answered with an injected throttling error. */
  throttled: boolean;
}

const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export interface LocalDynamoDb {
  /** Endpoint of the counting/fault proxy: point code under test here. */
  endpoint: string;
  tableName: string;
  /** Requests seen by the proxy, in order. */
  requests: DynamoRequest[];
  /** Write requests that reached dynalite (throttled ones excluded). */
  writes(): DynamoRequest[];
  /** From now on, answer a request with ProvisionedThroughputExceededException when `decide` says so. */
  throttle(decide: ((operation: string, index: number) => boolean) | null): void;
  /** All items of the table, unmarshalled (read directly, not counted). */
  scan(): Promise<Record<string, unknown>[]>;
  /** A client that talks to the database directly (setup and inspection; not counted). */
  directClient: DynamoDBClient;
  /** Which database answers. */
  engine: LocalDynamoDbEngine;
  close(): Promise<void>;
}

let tableCounter = 0;

/**
 * A local DynamoDB on 127.0.0.1 with the newsmon table created (dynalite in-process, or DynamoDB
 * Local per `NEWSMON_TEST_DYNAMODB`), behind a small proxy that counts requests per operation and
 * can inject throttling, which neither database can do.
 */
export async function startLocalDynamoDb(
  tableName = 'newsmon-test',
  engine: LocalDynamoDbEngine = selectedEngine(),
): Promise<LocalDynamoDb> {
  let dbPort: number;
  let closeDb: () => Promise<void>;
  if (engine === 'local') {
    // One DynamoDB Local per process: each caller gets its own table instead of its own JVM.
    const { endpoint } = await startDynamoDbLocalServer();
    dbPort = Number(new URL(endpoint).port);
    tableName = `${tableName}-${process.pid}-${++tableCounter}`;
    closeDb = async () => {
      await directClient.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
    };
  } else {
    const db = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => db.listen(0, '127.0.0.1', () => resolve()));
    dbPort = (db.address() as AddressInfo).port;
    closeDb = () => new Promise<void>((resolve) => db.close(() => resolve()));
  }
  const directEndpoint = `http://127.0.0.1:${dbPort}`;

  const requests: DynamoRequest[] = [];
  let decide: ((operation: string, index: number) => boolean) | null = null;
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? target;
      const index = requests.length;
      const throttled = decide?.(operation, index) ?? false;
      requests.push({ operation, throttled });
      if (throttled) {
        const body = JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        });
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(body);
        return;
      }
      const forward = http.request(
        {
          host: '127.0.0.1',
          port: dbPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 500, upstream.headers);
          upstream.pipe(res);
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const directClient = new DynamoDBClient({
    endpoint: directEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await createNewsmonTable(directClient, tableName);

  return {
    endpoint,
    tableName,
    requests,
    writes: () => requests.filter((r) => WRITE_OPERATIONS.has(r.operation) && !r.throttled),
    throttle: (fn) => {
      decide = fn;
    },
    scan: async () => {
      const documents = DynamoDBDocumentClient.from(directClient);
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await documents.send(
          new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },
    directClient,
    engine,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await closeDb();
      directClient.destroy();
    },
  };
}
