import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readDynamoNumber } from '../store/item-budget.js';

/**
 * Options for local mode and tests. In Lambda none are passed: the SDK then reads the region and
 * credentials from the environment, and honours `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SNS`.
 */
export interface AwsClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** SDK attempts per call (standard retry mode: throttling and 5xx are retried). */
  maxAttempts?: number;
}

/** SDK client settings from the options (every client factory shares them). */
export function clientConfig(options: AwsClientOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.region) config.region = options.region;
  if (options.credentials) config.credentials = options.credentials;
  if (options.maxAttempts) config.maxAttempts = options.maxAttempts;
  return config;
}

/** The one place a DynamoDB client is built (handler, CLI and tests share it). */
export function createDynamoDbDocumentClient(
  options: AwsClientOptions = {},
): DynamoDBDocumentClient {
  return documentClientOf(new DynamoDBClient(clientConfig(options)));
}

/** The document client newsmon's store uses, over a given DynamoDB client. */
export function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    // Article fields such as `channel` may be absent; undefined must not fail the marshaller.
    marshallOptions: { removeUndefinedValues: true },
    // Figures beyond 2^53 are stored as exact decimals (store/item-budget.ts); read back as the
    // nearest double instead of failing the read (the exact string is stored next to them).
    unmarshallOptions: { wrapNumbers: readDynamoNumber },
  });
}

/** A plain DynamoDB client, for table administration (local mode creates its table with it). */
export function createDynamoDbClient(options: AwsClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(clientConfig(options));
}
