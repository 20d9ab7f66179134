import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDbArticleStore } from '../functions/store/dynamodb-article-store.js';
import { CliError, errorMessage, UsageError } from './errors.js';

// The AWS SDK, dynalite and the store are imported when a store is opened, not with this
// module: commands that only check a selection or print a path (init, sources, doctor's
// configuration checks) start without loading them.

export interface StoreSelection {
  /** The embedded database directory (see config-file.ts resolveDbDir for its precedence). */
  db?: string | undefined;
  /** `--table NAME` (a real table through the default credential chain). */
  table?: string | undefined;
}

export interface OpenedStore {
  store: DynamoDbArticleStore;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** For messages: `embedded database .newsmon/db` or `table newsmon-prod (eu-west-1)`. */
  label: string;
  /** Directory for CLI-side state such as backfill progress (see backfill.ts). */
  stateDir: string;
  /** A stable key of the store, so state files of different stores never mix. */
  storeKey: string;
  close(): Promise<void>;
}

/** Fails with a usage error when both `--db` and `--table` are given. */
export function checkStoreSelection(selection: StoreSelection): void {
  if (selection.db !== undefined && selection.table !== undefined) {
    throw new UsageError(
      '--db and --table are exclusive: pick the embedded database or an AWS table',
    );
  }
}

/**
 * Opens the store a command works on: the embedded database directory `selection.db` or, with
 * `--table`, a DynamoDB table in AWS (credentials and region from the default chain; CLI-side
 * state of a table is kept under `home`). `mustExist` (queries) refuses to create an embedded
 * database that is not there yet.
 */
export async function openStore(
  selection: Required<Pick<StoreSelection, 'db'>> & StoreSelection,
  cwd: string,
  { mustExist = false, home }: { mustExist?: boolean; home: string },
): Promise<OpenedStore> {
  if (selection.table !== undefined) return openAwsTable(selection.table, home);
  const dir = resolve(cwd, selection.db);
  if (mustExist && !existsSync(dir)) {
    // Reading must not leave an empty database behind in whatever directory it was run from.
    throw new CliError(
      `no database at ${displayPath(dir, cwd)} (\`newsmon run\` or \`newsmon backfill\` creates it; \`newsmon demo\` tries it out; --db DIR, the config file's "db" or NEWSMON_HOME point elsewhere)`,
    );
  }
  const [{ openEmbeddedDynamoDb }, { DynamoDbArticleStore }] = await Promise.all([
    import('./embedded-dynamodb.js'),
    import('../functions/store/dynamodb-article-store.js'),
  ]);
  const embedded = await openEmbeddedDynamoDb(dir, { displayDir: displayPath(dir, cwd) });
  return {
    store: new DynamoDbArticleStore(embedded.documentClient, embedded.tableName),
    documentClient: embedded.documentClient,
    tableName: embedded.tableName,
    label: `embedded database ${displayPath(dir, cwd)}`,
    stateDir: dir,
    storeKey: `db:${dir}`,
    close: embedded.close,
  };
}

async function openAwsTable(tableName: string, home: string): Promise<OpenedStore> {
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    throw new UsageError(`--table: '${tableName}' is not a valid DynamoDB table name`);
  }
  const [{ DescribeTableCommand }, { createDynamoDbDocumentClient }, { DynamoDbArticleStore }] =
    await Promise.all([
      import('@aws-sdk/client-dynamodb'),
      import('../functions/shared/aws-clients.js'),
      import('../functions/store/dynamodb-article-store.js'),
    ]);
  const documentClient = createDynamoDbDocumentClient({ maxAttempts: 3 });
  let region = 'unknown region';
  try {
    region = await documentClient.config.region();
    await documentClient.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    documentClient.destroy();
    throw new CliError(awsErrorLine(error, tableName, region), 1, { cause: error });
  }
  return {
    store: new DynamoDbArticleStore(documentClient, tableName),
    documentClient,
    tableName,
    label: `table ${tableName} (${region})`,
    stateDir: home,
    storeKey: `table:${region}:${tableName}`,
    close: async () => documentClient.destroy(),
  };
}

/** One line for the usual ways reaching a real table fails. */
function awsErrorLine(error: unknown, tableName: string, region: string): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'ResourceNotFoundException') {
    return `table '${tableName}' not found in ${region} (deploy the stack, or check --table and AWS_REGION)`;
  }
  if (name === 'CredentialsProviderError' || /credential/i.test(errorMessage(error))) {
    return `no AWS credentials for --table ${tableName} (configure a profile or AWS_* variables, or drop --table to use the embedded database)`;
  }
  if (/region/i.test(errorMessage(error)) && region === 'unknown region') {
    return `no AWS region for --table ${tableName} (set AWS_REGION or a profile region)`;
  }
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') {
    return `access to table '${tableName}' in ${region} denied: ${errorMessage(error)}`;
  }
  return `cannot reach table '${tableName}' in ${region}: ${errorMessage(error)}`;
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Short stable hash for file names derived from URLs or store keys. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
