import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredReport } from '../../functions/monitor/ports.js';
import { createNewsmonTable } from '../../functions/store/create-table.js';
import { type FixtureSite, startFixtureSite } from '../support/fixture-site.js';
import { makeTempDir, runCli } from './cli-harness.js';

const TABLE = 'newsmon-e2e';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:newsmon-e2e';

/** The SNS Query API, as much as Publish needs: records each call and answers like AWS. */
async function startFakeSns() {
  const published: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const params = new URLSearchParams(body);
      published.push(params);
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r-${published.length}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    published,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('newsmon with --table and --topic (AWS mode, against local stand-ins)', () => {
  let site: FixtureSite;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let dynamo: http.Server;
  let sns: Awaited<ReturnType<typeof startFakeSns>>;
  let awsEnv: Record<string, string>;

  beforeAll(async () => {
    site = await startFixtureSite();
    temp = await makeTempDir('aws');
    sns = await startFakeSns();
    dynamo = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await createNewsmonTable(client, TABLE);
    client.destroy();
    // The default credential chain and endpoint variables, as a user's shell would set them.
    awsEnv = {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
  });

  afterAll(async () => {
    await site?.close();
    await sns?.close();
    await new Promise<void>((resolve) => (dynamo ? dynamo.close(() => resolve()) : resolve()));
    await temp?.remove();
  });

  it('stores into the table and publishes one SNS alert per new article', async () => {
    const source = site.url('/channel/7417.html');
    const result = await runCli(
      ['run', '--source', source, '--table', TABLE, '--topic', TOPIC, '--alert-window', 'all'],
      { cwd: temp.dir, env: awsEnv },
    );
    expect(result.stderr).toContain('3 new, 3 stored');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(sns.published).toHaveLength(3);
    for (const call of sns.published) {
      expect(call.get('Action')).toBe('Publish');
      expect(call.get('TopicArn')).toBe(TOPIC);
      const message = JSON.parse(call.get('Message') ?? '{}') as Record<string, string>;
      const json = JSON.parse(message.sqs ?? '{}') as { article: { title: string } };
      expect(call.get('Subject')).toContain(json.article.title.slice(0, 8));
      expect(message.default).toContain(json.article.title);
    }

    const query = await runCli(['query', 'reports', '--table', TABLE, '--format', 'json'], {
      cwd: temp.dir,
      env: awsEnv,
    });
    expect(query.code).toBe(0);
    const reports = JSON.parse(query.stdout) as StoredReport[];
    expect(reports.map((report) => report.article.id).sort()).toEqual([
      '10391527',
      '15279344',
      '9850796',
    ]);
    expect(reports.every((report) => report.alertState === 'sent')).toBe(true);
  });
});
