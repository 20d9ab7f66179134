import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { GlobalIndexName } from '../functions/store/table-design.js';

/** DynamoDB actions and global secondary indexes one function's code calls. */
export interface TableAccess {
  readonly actions: readonly `dynamodb:${string}`[];
  readonly indexes: readonly GlobalIndexName[];
}

/**
 * What each function's adapters call, method by method (test/infra/table-access.test.ts reads the
 * adapters' source and fails on any action or index missing here or granted without use).
 */
export const TABLE_ACCESS = {
  /**
   * DynamoDbArticleStore through the ArticleStore port: batched reads, conditional writes, claims,
   * and failure records (DeleteItem clears one when its article finally stores).
   */
  monitor: {
    actions: [
      'dynamodb:BatchGetItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    indexes: ['byPendingAlert'],
  },
  /** DynamoDbDeliveryLedger: one idempotency record per article and destination. */
  notifier: {
    actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexes: [],
  },
  /** The ledger plus `listReports` (newest reports with their figures). */
  digest: {
    actions: [
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    indexes: ['byChannel', 'byFeed', 'bySite'],
  },
} as const satisfies Record<string, TableAccess>;

/** Grants exactly `access` on the table and the named index ARNs (no `index/*`). */
export function grantTableAccess(
  grantee: iam.IGrantable,
  table: dynamodb.ITableV2,
  access: TableAccess,
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [...access.actions],
      resources: [
        table.tableArn,
        ...access.indexes.map((index) => `${table.tableArn}/index/${index}`),
      ],
    }),
  );
}
