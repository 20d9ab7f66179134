import { fileURLToPath } from 'node:url';
import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  DEFAULT_METRICS_NAMESPACE,
  METRIC_NAMES,
  SERVICE_DIMENSION,
} from '../functions/shared/metric-names.js';
import { TUNABLES, type Tunable } from '../functions/shared/tunables.js';
import { GLOBAL_INDEXES, TABLE_KEYS } from '../functions/store/table-design.js';
import { MonitorFunction } from './constructs/monitor-function.js';
import { type AlertEmail, readStackConfig, type StackConfig } from './stack-config.js';

const MONITOR_ENTRY = fileURLToPath(new URL('../functions/monitor/handler.ts', import.meta.url));

/**
 * What the DynamoDB adapter calls: batched existence checks, conditional puts, alert claims and
 * GSI queries. Narrower than grantReadWriteData (no Scan, DeleteItem or stream reads).
 */
export const MONITOR_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

export interface NewsmonStackProps extends StackProps {
  /** Already validated configuration; read from CDK context when omitted. */
  readonly config?: StackConfig;
}

/**
 * Everything newsmon needs in one account: the article table, the alert and operations topics,
 * the scheduled monitor function, its dead-letter queue and alarms.
 */
export class NewsmonStack extends Stack {
  readonly config: StackConfig;
  readonly table: dynamodb.TableV2;
  readonly alertTopic: sns.Topic;
  readonly opsTopic: sns.Topic;
  readonly monitor: MonitorFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: scheduler.Schedule;
  /** Namespace and `service` dimension of this stack's metrics (see {@link metricIdentity}). */
  readonly metricIdentity: ReturnType<typeof metricIdentity>;

  constructor(scope: Construct, id: string, props: NewsmonStackProps = {}) {
    super(scope, id, {
      description: 'newsmon: watches rednet.cn and alerts on new reports with figures',
      ...props,
    });
    const config = props.config ?? readStackConfig(this.node);
    this.config = config;
    this.metricIdentity = metricIdentity(this.stackName);

    this.table = new dynamodb.TableV2(this, 'Articles', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      globalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      // The collected archive is the product: keep it when the stack goes unless told otherwise.
      removalPolicy:
        config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    // One customer-managed key for both topics: SNS cannot use the AWS-managed aws/sns key for
    // CloudWatch alarm notifications, because that key's policy cannot be extended.
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'newsmon: encrypts the alert and operations topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'newsmon alerts',
      masterKey: topicKey,
      enforceSSL: true,
    });
    for (const subscriber of config.alertEmails) this.subscribeAlertEmail(subscriber);

    this.opsTopic = new sns.Topic(this, 'OpsTopic', {
      displayName: 'newsmon operations',
      masterKey: topicKey,
      enforceSSL: true,
    });
    for (const email of config.opsEmails) {
      this.opsTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    this.monitor = new MonitorFunction(this, 'Monitor', {
      entry: MONITOR_ENTRY,
      description: 'newsmon: one monitor cycle over the configured rednet.cn sources',
      timeout: Duration.seconds(config.functionTimeoutSeconds),
      memorySize: config.functionMemoryMb,
      // 0 means "unreserved": Lambda would read a literal 0 as "never run".
      reservedConcurrentExecutions:
        config.reservedConcurrency === 0 ? undefined : config.reservedConcurrency,
      logRetention: config.logRetentionDays as logs.RetentionDays,
      // A start still queued behind a running cycle is worthless once the next one is due.
      maxEventAge: Duration.seconds(config.scheduleMaxEventAgeSeconds),
      environment: monitorEnvironment(config, {
        tableName: this.table.tableName,
        alertTopicArn: this.alertTopic.topicArn,
        stackName: this.stackName,
      }),
    });
    const monitorFn = this.monitor.function;
    this.table.grant(monitorFn, ...MONITOR_TABLE_ACTIONS);
    // Also grants kms:GenerateDataKey*/Decrypt on the topic key, which SNS needs to encrypt.
    this.alertTopic.grantPublish(monitorFn);

    this.deadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'newsmon: starts one monitor cycle',
      schedule: scheduler.ScheduleExpression.expression(
        config.schedule,
        TimeZone.of(config.scheduleTimeZone),
      ),
      enabled: config.scheduleEnabled,
      target: new schedulerTargets.LambdaInvoke(monitorFn, {
        retryAttempts: config.scheduleRetryAttempts,
        maxEventAge: Duration.seconds(config.scheduleMaxEventAgeSeconds),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    this.addAlarms(config);
    this.addOutputs();
    this.acknowledgeNagFindings();
  }

  private subscribeAlertEmail(subscriber: AlertEmail): void {
    const filterPolicy = subscriber.filterPolicy
      ? Object.fromEntries(
          Object.entries(subscriber.filterPolicy).map(([attribute, conditions]) => [
            attribute,
            new sns.SubscriptionFilter(conditions),
          ]),
        )
      : undefined;
    this.alertTopic.addSubscription(
      new subscriptions.EmailSubscription(subscriber.email, { filterPolicy }),
    );
  }

  private addAlarms(config: StackConfig): void {
    const notifyOps = new cloudwatchActions.SnsAction(this.opsTopic);

    const errors = new cloudwatch.Alarm(this, 'MonitorErrorsAlarm', {
      alarmDescription: 'newsmon: a monitor cycle failed; see the function log group',
      metric: this.monitor.function.metricErrors({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const deadLetters = new cloudwatch.Alarm(this, 'ScheduleDeadLettersAlarm', {
      alarmDescription:
        'newsmon: the scheduler could not start the monitor; inspect and purge the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // N hourly periods that must all be breaching: the same as "Sum over N hours < 1", but valid
    // up to 7 days (a single alarm period longer than a day is not).
    const hours = config.staleAfterHours;
    const stale = new cloudwatch.Alarm(this, 'NoNewArticlesAlarm', {
      alarmDescription: `newsmon: no new article stored for ${hours} hours (site layout change, blocking, or a stopped schedule)`,
      metric: new cloudwatch.Metric({
        namespace: this.metricIdentity.namespace,
        dimensionsMap: this.metricIdentity.dimensionsMap,
        metricName: METRIC_NAMES.articlesNew,
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data at all means no cycle ran: that is exactly what this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    const alarms = [errors, deadLetters, stale];
    for (const alarm of alarms) {
      alarm.addAlarmAction(notifyOps);
      alarm.addOkAction(notifyOps);
    }
    // The TLS-only topic policy replaces SNS's default one, which let CloudWatch publish for the
    // account; without this statement alarm actions fail with "not authorized to perform SNS:Publish".
    this.opsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowNewsmonAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.opsTopic.topicArn],
        conditions: { ArnLike: { 'aws:SourceArn': alarms.map((alarm) => alarm.alarmArn) } },
      }),
    );
  }

  private addOutputs(): void {
    const fromOutput = (key: string) =>
      `"$(aws cloudformation describe-stacks --stack-name ${this.stackName} --query 'Stacks[0].Outputs[?OutputKey==\`${key}\`].OutputValue' --output text)"`;

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: `DynamoDB table with articles and metrics. Newest 10 articles: aws dynamodb query --table-name ${fromOutput('TableName')} --index-name byFeed --key-condition-expression 'feedPk = :feed' --expression-attribute-values '{":feed":{"S":"FEED"}}' --no-scan-index-forward --limit 10`,
    });
    new CfnOutput(this, 'AlertTopicArn', {
      value: this.alertTopic.topicArn,
      description: `SNS topic with one message per new report. Subscribe: aws sns subscribe --topic-arn ${fromOutput('AlertTopicArn')} --protocol email --notification-endpoint you@example.com`,
    });
    new CfnOutput(this, 'OpsTopicArn', {
      value: this.opsTopic.topicArn,
      description: `SNS topic for newsmon alarms. Subscribe: aws sns subscribe --topic-arn ${fromOutput('OpsTopicArn')} --protocol email --notification-endpoint ops@example.com`,
    });
    new CfnOutput(this, 'FunctionName', {
      value: this.monitor.function.functionName,
      description: `Monitor function. Run one cycle now: aws lambda invoke --function-name ${fromOutput('FunctionName')} --payload '{}' --cli-binary-format raw-in-base64-out /dev/stdout`,
    });
  }

  /** Each acknowledgement names the exact finding and why it is acceptable here. */
  private acknowledgeNagFindings(): void {
    const tableLogicalId = this.getLogicalId(this.table.node.defaultChild as CfnElement);
    const fnLogicalId = this.getLogicalId(this.monitor.function.node.defaultChild as CfnElement);

    Validations.of(this.monitor.role).acknowledge(
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
        reason: `The monitor queries the GSIs of its own table (${GLOBAL_INDEXES.map((index) => index.indexName).join(', ')}); index/* is scoped to that one table.`,
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Publishing to an SSE-KMS topic needs kms:GenerateDataKey and kms:Decrypt; CDK grants them as GenerateDataKey*, on the topic key alone.',
      },
    );
    // LambdaInvoke creates its role at stack level (shared by schedules with the same target).
    const schedulerRoles = this.node.children.filter((child) =>
      child.node.id.startsWith('SchedulerRoleForTarget'),
    );
    for (const role of schedulerRoles) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
        reason:
          'The EventBridge Scheduler role may invoke the monitor function and its versions/aliases (<arn>:*), no other function.',
      });
    }
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the EventBridge Scheduler target; a dead-letter queue of a dead-letter queue adds nothing.',
    });
  }
}

/**
 * Where this stack's metrics live: the namespace and the `service` dimension that Powertools adds.
 * The service is the stack name, so two stacks in one account never share a metric (and a dead
 * copy's alarm is never kept green by a healthy one).
 */
export function metricIdentity(stackName: string): {
  serviceName: string;
  namespace: string;
  dimensionsMap: Record<string, string>;
} {
  const serviceName = stackName;
  return {
    serviceName,
    namespace: DEFAULT_METRICS_NAMESPACE,
    dimensionsMap: { [SERVICE_DIMENSION]: serviceName },
  };
}

/** The Lambda environment agreed with functions/monitor/config.ts. */
export function monitorEnvironment(
  config: StackConfig,
  resources: { tableName: string; alertTopicArn: string; stackName: string },
): Record<string, string> {
  const identity = metricIdentity(resources.stackName);
  // Every tunable that is both a context key and a variable travels the same way.
  const tunables = Object.values(TUNABLES as Record<string, Tunable>).flatMap((row) =>
    row.env && row.contextKey
      ? [[row.env, String(config[row.contextKey as keyof StackConfig])] as const]
      : [],
  );
  return {
    TABLE_NAME: resources.tableName,
    ALERT_TOPIC_ARN: resources.alertTopicArn,
    ...(config.sources ? { SOURCES_JSON: JSON.stringify(config.sources) } : {}),
    ALERT_WINDOW: config.alertWindow,
    ...Object.fromEntries(tunables),
    POWERTOOLS_SERVICE_NAME: identity.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: identity.namespace,
    POWERTOOLS_LOG_LEVEL: config.logLevel,
  };
}
