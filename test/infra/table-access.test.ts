import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TABLE_ACCESS } from '../../lib/table-access.js';
import { dynamoDbUsage, interfaceMembers } from './support/dynamodb-usage.js';

const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const PORTS = path('functions/monitor/ports.ts');
const ARTICLE_STORE = path('functions/store/dynamodb-article-store.ts');
const NOTIFY_PORTS = path('functions/notify/ports.ts');
const LEDGER = path('functions/notify/adapters/dynamodb-delivery-ledger.ts');
const DIGEST = path('functions/notify/digest.ts');
const notifyLanded = existsSync(LEDGER) && existsSync(DIGEST);

const sorted = (access: { actions: readonly string[]; indexes: readonly string[] }) => ({
  actions: [...access.actions].sort(),
  indexes: [...access.indexes].sort(),
});

/** `reports: Pick<ReportQueries, 'a' | 'b'>` in the digest use case: what the digest reads. */
const digestReportMethods = (): string[] => {
  const match = /Pick<ReportQueries,\s*([^>]+)>/.exec(readFileSync(DIGEST, 'utf8'));
  return match ? [...(match[1] as string).matchAll(/'(\w+)'/g)].map((m) => m[1] as string) : [];
};

describe('IAM grants derived from the adapters’ DynamoDB commands', () => {
  it('grants the monitor exactly the actions and indexes of the ArticleStore methods', () => {
    const usage = dynamoDbUsage(
      ARTICLE_STORE,
      'DynamoDbArticleStore',
      interfaceMembers(PORTS, 'ArticleStore'),
    );
    expect(usage.actions.length).toBeGreaterThan(0);
    expect(sorted(TABLE_ACCESS.monitor)).toEqual(usage);
  });

  it.skipIf(!notifyLanded)('grants the notifier exactly what its delivery ledger sends', () => {
    const usage = dynamoDbUsage(
      LEDGER,
      'DynamoDbDeliveryLedger',
      interfaceMembers(NOTIFY_PORTS, 'DeliveryLedger'),
    );
    expect(sorted(TABLE_ACCESS.notifier)).toEqual(usage);
  });

  it.skipIf(!notifyLanded)('grants the digest its ledger plus the report queries it calls', () => {
    const ledger = dynamoDbUsage(
      LEDGER,
      'DynamoDbDeliveryLedger',
      interfaceMembers(NOTIFY_PORTS, 'DeliveryLedger'),
    );
    const methods = digestReportMethods();
    expect(methods.length).toBeGreaterThan(0);
    const reports = dynamoDbUsage(ARTICLE_STORE, 'DynamoDbArticleStore', methods);
    expect(sorted(TABLE_ACCESS.digest)).toEqual({
      actions: [...new Set([...ledger.actions, ...reports.actions])].sort(),
      indexes: [...new Set([...ledger.indexes, ...reports.indexes])].sort(),
    });
  });

  it('reads commands through helper methods and imported functions, and fails on an unknown one', () => {
    // The store's saveReport writes through a private helper: its PutItem must still be seen.
    expect(dynamoDbUsage(ARTICLE_STORE, 'DynamoDbArticleStore', ['saveReport']).actions).toContain(
      'dynamodb:PutItem',
    );
    expect(
      dynamoDbUsage(ARTICLE_STORE, 'DynamoDbArticleStore', ['listPendingAlerts']).indexes,
    ).toEqual(['byPendingAlert']);
  });
});
