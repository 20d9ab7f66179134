import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import express from 'express';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-dynamodb.js';

const ACCOUNT_ID = '123456789012';

// The package exports only its Serverless plugin; the standalone server is reached by file path.
const SNS_SERVER_MODULE = new URL(
  '../../node_modules/serverless-offline-sns/dist/sns-server.js',
  import.meta.url,
).href;

type SnsServerConstructor = new (
  debug: (message: unknown) => void,
  app: express.Express,
  region: string,
  accountId: string,
) => unknown;

/** One Publish call as the SNS endpoint received it (form-encoded Query protocol). */
interface PublishRequest {
  subject: string | undefined;
  message: string;
  messageStructure: string | undefined;
  /** Message attributes by name: `{ DataType, StringValue }`. */
  attributes: Record<string, { DataType: string; StringValue: string }>;
  /** True when the test fault answered 500 instead of the server. */
  failed: boolean;
}

/** One notification the HTTP subscriber received. */
interface Delivery {
  subject: string;
  /** What a real SNS would deliver to an http(s) subscriber (the `http` key of a JSON message). */
  message: string;
  /** The whole Message as the local server sent it. */
  rawMessage: string;
}

export interface LocalSns {
  endpoint: string;
  topicArn: string;
  publishes: PublishRequest[];
  deliveries: Delivery[];
  /** Answer the next `count` Publish calls with HTTP 500 (InternalError); the SDK retries them. */
  failPublishes(count: number): void;
  /** Resolves once `count` deliveries arrived (deliveries are asynchronous). */
  waitForDeliveries(count: number, timeoutMs?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

/**
 * serverless-offline-sns's SNSServer on express (5; the routes it uses work unchanged), with a
 * recorder and a 500 fault in front of it, plus an HTTP subscriber on 127.0.0.1.
 */
export async function startLocalSns(topicName = 'newsmon-alerts'): Promise<LocalSns> {
  const publishes: PublishRequest[] = [];
  const deliveries: Delivery[] = [];
  let failures = 0;
  const waiters = new Set<() => void>();

  const subscriber = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const notification = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        Subject: string;
        Message: string;
        MessageStructure?: string;
      };
      const message =
        notification.MessageStructure === 'json'
          ? ((JSON.parse(notification.Message) as Record<string, string>).http ??
            (JSON.parse(notification.Message) as Record<string, string>).default ??
            '')
          : notification.Message;
      deliveries.push({ subject: notification.Subject, message, rawMessage: notification.Message });
      for (const wake of waiters) wake();
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
  const subscriberUrl = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/sns`;

  const app = express();
  app.use(express.urlencoded({ extended: true, limit: '10mb' }));
  app.use((req, res, next) => {
    // SNSServer brings its own body-parser 1.x, which re-reads the stream unless told it was parsed.
    (req as { _body?: boolean })._body = true;
    const body = (req.body ?? {}) as Record<string, string>;
    if (body.Action !== 'Publish') {
      next();
      return;
    }
    const failed = failures > 0;
    publishes.push({
      subject: body.Subject,
      message: body.Message ?? '',
      messageStructure: body.MessageStructure,
      attributes: publishAttributes(body),
      failed,
    });
    if (!failed) {
      next();
      return;
    }
    failures--;
    res
      .status(500)
      .type('text/xml')
      .send(
        '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code>' +
          '<Message>injected failure</Message></Error><RequestId>local</RequestId></ErrorResponse>',
      );
  });
  const { SNSServer } = (await import(SNS_SERVER_MODULE)) as { SNSServer: SnsServerConstructor };
  new SNSServer(() => {}, app, LOCAL_REGION, ACCOUNT_ID);
  const server = await new Promise<http.Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const client = new SNSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const topic = await client.send(new CreateTopicCommand({ Name: topicName }));
  const topicArn = topic.TopicArn ?? '';
  await client.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: subscriberUrl }),
  );
  client.destroy();

  return {
    endpoint,
    topicArn,
    publishes,
    deliveries,
    failPublishes: (count) => {
      failures = count;
    },
    waitForDeliveries: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (deliveries.length < count) return;
          cleanup();
          resolve([...deliveries]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} deliveries, got ${deliveries.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      subscriber.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => subscriber.close(() => resolve()));
    },
  };
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` → a map. */
function publishAttributes(
  body: Record<string, string>,
): Record<string, { DataType: string; StringValue: string }> {
  const attributes: Record<string, { DataType: string; StringValue: string }> = {};
  for (const key of Object.keys(body)) {
    const match = /^MessageAttributes\.entry\.(\d+)\.Name$/.exec(key);
    if (!match) continue;
    const base = `MessageAttributes.entry.${match[1]}`;
    attributes[body[key] as string] = {
      DataType: body[`${base}.Value.DataType`] ?? '',
      StringValue: body[`${base}.Value.StringValue`] ?? '',
    };
  }
  return attributes;
}
