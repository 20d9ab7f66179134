import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import {
  type AwsClientOptions,
  createDynamoDbClient,
  documentClientOf,
} from '../functions/shared/aws-clients.js';
import { createNewsmonTable } from '../functions/store/create-table.js';
import { acquireDbLock } from './db-lock.js';
import { CliError, errorMessage } from './errors.js';

/** The table name local mode uses; the embedded database holds nothing else. */
const LOCAL_TABLE_NAME = 'newsmon';

export interface EmbeddedDynamoDb {
  /** `http://127.0.0.1:<port>`: the in-process endpoint, alive until `close()`. */
  endpoint: string;
  tableName: string;
  documentClient: DynamoDBDocumentClient;
  /** True when this open created the table (a fresh database directory). */
  created: boolean;
  close(): Promise<void>;
}

/**
 * Starts dynalite in this process on 127.0.0.1 (ephemeral port), persisted as LevelDB files in
 * `dir`, and makes sure the newsmon table exists with the same keys and indexes as in AWS.
 * The directory is locked for the lifetime of the process (see db-lock.ts).
 */
export async function openEmbeddedDynamoDb(
  dir: string,
  { displayDir = dir }: { displayDir?: string } = {},
): Promise<EmbeddedDynamoDb> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new CliError(
      `cannot use ${displayDir} as the database directory: ${errorMessage(error)}`,
      1,
      {
        cause: error,
      },
    );
  }
  const release = acquireDbLock(dir, displayDir);
  const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    release();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const options: AwsClientOptions = {
    endpoint: `http://127.0.0.1:${port}`,
    // Local mode must never pick up (or need) the user's real AWS credentials.
    region: 'local',
    credentials: { accessKeyId: 'newsmon-local', secretAccessKey: 'newsmon-local' },
    maxAttempts: 2,
  };
  // One client creates the table and then carries the store's requests: a second client would
  // set up its own connection and request pipeline on its first request.
  const client = createDynamoDbClient(options);
  const documentClient = documentClientOf(client);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    documentClient.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    release();
  };
  try {
    const created = await createNewsmonTable(client, LOCAL_TABLE_NAME);
    return {
      endpoint: options.endpoint ?? '',
      tableName: LOCAL_TABLE_NAME,
      documentClient,
      created,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
