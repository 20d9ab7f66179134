import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaEventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NOTIFIER_BATCHES_IN_FLIGHT } from '../../functions/notify/limits.js';
import { type SecretRef, secretRef } from '../secret-refs.js';
import type { NotifyDestinationConfig } from '../stack-config.js';
import { grantTableAccess, type TableAccess } from '../table-access.js';
import { MonitorFunction } from './monitor-function.js';

/** Notifier tuning. A robot takes about 20 messages a minute: small batches, two at a time. */
const NOTIFIER = {
  timeout: Duration.seconds(120),
  memoryMb: 256,
  batchSize: 5,
  /** Batches in flight per queue; the function paces each to its share of the robot's pace. */
  maxConcurrency: NOTIFIER_BATCHES_IN_FLIGHT,
  /** Receives before a message moves to the destination's dead-letter queue. */
  maxReceiveCount: 5,
} as const;

export interface NotifierProps {
  readonly entry: string;
  readonly destinations: readonly NotifyDestinationConfig[];
  readonly alertTopic: sns.ITopic;
  readonly table: dynamodb.ITableV2;
  readonly tableAccess: TableAccess;
  readonly logRetention: logs.RetentionDays;
  /** POWERTOOLS_* and other variables shared with the stack's functions. */
  readonly environment: Record<string, string>;
}

/** One destination: its queue (subscribed with the destination's filter policy) and DLQ. */
export interface NotifyRoute {
  readonly destination: NotifyDestinationConfig;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * Chat and webhook delivery: per destination one SSE-SQS queue subscribed to the alert topic (raw
 * delivery, the destination's filter policy) with its own dead-letter queue, and one notifier
 * function reading every queue (partial batch failures, at most two batches at once per queue).
 */
export class Notifier extends Construct {
  readonly fn: MonitorFunction;
  readonly routes: readonly NotifyRoute[];

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id);
    const visibilityTimeout = Duration.seconds(NOTIFIER.timeout.toSeconds() * 6);

    this.routes = props.destinations.map((destination) => {
      const deadLetterQueue = new sqs.Queue(this, `${destination.id}DeadLetters`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      // AWS recommends a visibility timeout of six times the function timeout for SQS sources.
      const queue = new sqs.Queue(this, `${destination.id}Queue`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout,
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: NOTIFIER.maxReceiveCount },
      });
      props.alertTopic.addSubscription(
        new subscriptions.SqsSubscription(queue, {
          rawMessageDelivery: true,
          filterPolicy: destination.filterPolicy
            ? Object.fromEntries(
                Object.entries(destination.filterPolicy).map(([name, conditions]) => [
                  name,
                  new sns.SubscriptionFilter(conditions),
                ]),
              )
            : undefined,
        }),
      );
      return { destination, queue, deadLetterQueue };
    });

    this.fn = new MonitorFunction(this, 'Function', {
      entry: props.entry,
      description: 'newsmon: posts alerts to chat robots and webhooks',
      timeout: NOTIFIER.timeout,
      memorySize: NOTIFIER.memoryMb,
      logRetention: props.logRetention,
      environment: {
        ...props.environment,
        NOTIFY_DESTINATIONS: JSON.stringify(
          this.routes.map(({ destination, queue }) => ({
            id: destination.id,
            kind: destination.kind,
            secret: destination.secret,
            queueArn: queue.queueArn,
          })),
        ),
      },
    });
    for (const { queue } of this.routes) {
      this.fn.function.addEventSource(
        new lambdaEventSources.SqsEventSource(queue, {
          batchSize: NOTIFIER.batchSize,
          reportBatchItemFailures: true,
          maxConcurrency: NOTIFIER.maxConcurrency,
        }),
      );
    }
    grantTableAccess(this.fn.function, props.table, props.tableAccess);
    grantSecretReads(
      this.fn.role,
      props.destinations.map((destination) => destination.secret),
    );
  }

  /** One alarm per destination: a message that exhausted its retries sits in the DLQ. */
  deadLetterAlarms(scope: Construct, alarmName: (suffix: string) => string): cloudwatch.Alarm[] {
    return this.routes.map(
      ({ destination, deadLetterQueue }) =>
        new cloudwatch.Alarm(scope, `Notify${destination.id}DeadLettersAlarm`, {
          alarmName: alarmName(`Notify-${destination.id}-DeadLetters`),
          alarmDescription: `newsmon: alerts for ${destination.kind} destination ${destination.id} failed ${NOTIFIER.maxReceiveCount} times; see the notifier log group, then redrive or purge its dead-letter queue`,
          metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );
  }
}

/**
 * Lets `role` read exactly the named secrets: `secretsmanager:GetSecretValue` on each Secrets
 * Manager secret, `ssm:GetParameter` on each parameter, and `kms:Decrypt` through SSM only for
 * those parameters (SSM puts the parameter ARN in the encryption context). Secrets Manager secrets
 * under the default aws/secretsmanager key need no KMS statement: that key's policy lets account
 * principals use it through Secrets Manager.
 */
export function grantSecretReads(role: iam.IRole, secrets: readonly string[]): SecretRef[] {
  const stack = Stack.of(role);
  const refs = [...new Set(secrets)].map((secret) => secretRef(stack, secret));
  const managed = refs.filter((ref) => ref.store === 'secretsmanager');
  const parameters = refs.filter((ref) => ref.store === 'ssm');
  if (managed.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: managed.map((ref) => ref.resourceArn),
      }),
    );
  }
  if (parameters.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: parameters.map((ref) => ref.resourceArn),
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
        conditions: {
          StringEquals: {
            'kms:ViaService': `ssm.${stack.region}.amazonaws.com`,
            'kms:EncryptionContext:PARAMETER_ARN': parameters.map((ref) => ref.resourceArn),
          },
        },
      }),
    );
  }
  return refs;
}
