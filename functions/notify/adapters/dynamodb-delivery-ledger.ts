import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DELIVERY_LEASE_MS } from '../limits.js';
import type { ClaimResult, DeliveryLedger } from '../ports.js';

/**
 * Delivery records in the newsmon table, next to (not inside) the store's items: their own
 * partition per destination, so no store query or index ever sees them.
 *
 * | pattern                          | key                                                   |
 * |----------------------------------|-------------------------------------------------------|
 * | delivery of a report             | pk = NOTIFY#<destination id>, sk = ART#<article id>   |
 * | delivery of a day's digest       | pk = NOTIFY#<destination id>, sk = DIGEST#<date>      |
 *
 * No GSI attribute is set, so the items stay out of every index. Single-item conditional writes
 * only, as everywhere in the table.
 */
const DELIVERY_KEY = {
  pk: (destinationId: string) => `NOTIFY#${destinationId}`,
} as const;

interface DeliveryItem {
  pk: string;
  sk: string;
  type: 'delivery';
  state: 'sending' | 'sent';
  claimedBy: string;
  claimedAt: string;
  /** Until when the claim holds (a sender that crashed leaves it; it may be taken after). */
  leaseUntil?: string;
  deliveredAt?: string;
}

export class DynamoDbDeliveryLedger implements DeliveryLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly leaseMs = DELIVERY_LEASE_MS,
  ) {}

  async claim(
    destinationId: string,
    itemId: string,
    claimant: string,
    now: Date,
  ): Promise<ClaimResult> {
    const item: DeliveryItem = {
      pk: DELIVERY_KEY.pk(destinationId),
      sk: itemId,
      type: 'delivery',
      state: 'sending',
      claimedBy: claimant,
      claimedAt: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression:
            'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now.toISOString() },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
    const existing = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: item.pk, sk: item.sk },
        ConsistentRead: true,
      }),
    );
    return existing.Item?.state === 'sent' ? 'delivered' : 'busy';
  }

  async markDelivered(
    destinationId: string,
    itemId: string,
    claimant: string,
    at: Date,
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: DELIVERY_KEY.pk(destinationId), sk: itemId },
          UpdateExpression: 'SET #state = :sent, deliveredAt = :at REMOVE leaseUntil',
          ConditionExpression: 'claimedBy = :c',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': at.toISOString(), ':c': claimant },
        }),
      );
    } catch (error) {
      // A claim taken over after its lease: the other sender records it.
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async release(destinationId: string, itemId: string, claimant: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: DELIVERY_KEY.pk(destinationId), sk: itemId },
          ConditionExpression: 'claimedBy = :c AND #state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':c': claimant, ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }
}

function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
