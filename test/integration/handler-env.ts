import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../support/local-dynamodb.js';

/** The two columns of the fixture mirror (test/fixtures/site), as monitor sources. */
export function fixtureColumns(site: {
  url(path: string): string;
}): { url: string; name: string }[] {
  return [
    { url: site.url('/channel/7417.html'), name: '衡阳' },
    { url: site.url('/channel/7399.html'), name: '湖南' },
  ];
}

/** Environment a deployed monitor gets, pointed at the local servers. */
export function monitorEnv(options: {
  tableName: string;
  topicArn: string;
  dynamoEndpoint: string;
  snsEndpoint: string;
  sources: { url: string; name: string }[];
  alertWindow?: string;
}): Record<string, string> {
  return {
    TABLE_NAME: options.tableName,
    ALERT_TOPIC_ARN: options.topicArn,
    SOURCES_JSON: JSON.stringify(options.sources),
    ALERT_WINDOW: options.alertWindow ?? 'all',
    MAX_PAGES_PER_SOURCE: '3',
    ARTICLE_CONCURRENCY: '4',
    FETCH_MAX_CONCURRENCY_PER_HOST: '4',
    FETCH_MIN_INTERVAL_MS: '0',
    POWERTOOLS_SERVICE_NAME: 'newsmon',
    POWERTOOLS_METRICS_NAMESPACE: 'Newsmon',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_ENDPOINT_URL_SNS: options.snsEndpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
}

/** Sets `env` on process.env and returns a function that restores the previous values. */
export function applyEnv(env: Record<string, string>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(env)) {
    previous.set(key, process.env[key]);
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** A Lambda context with just what the handler reads. */
export function lambdaContext(requestId: string) {
  return {
    awsRequestId: requestId,
    functionName: 'newsmon-monitor',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:newsmon-monitor',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/newsmon-monitor',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 60_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
