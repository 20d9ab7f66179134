import { SNSClient } from '@aws-sdk/client-sns';
import { type AwsClientOptions, clientConfig } from './aws-clients.js';

// Apart from aws-clients.ts so that code reading DynamoDB (the CLI's queries) does not load
// the SNS client.

/** The one place an SNS client is built. */
export function createSnsClient(options: AwsClientOptions = {}): SNSClient {
  return new SNSClient(clientConfig(options));
}
