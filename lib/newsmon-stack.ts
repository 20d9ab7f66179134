import { fileURLToPath } from 'node:url';
import {
  ArnFormat,
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
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
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
import { grantSecretReads, Notifier } from './constructs/notifier.js';
import { type AlertEmail, readStackConfig, type StackConfig } from './stack-config.js';
import { grantTableAccess, TABLE_ACCESS } from './table-access.js';

const entry = (path: string) => fileURLToPath(new URL(`../functions/${path}`, import.meta.url));
const MONITOR_ENTRY = entry('monitor/handler.ts');
const NOTIFIER_ENTRY = entry('notify/notifier-handler.ts');
const DIGEST_ENTRY = entry('notify/digest-handler.ts');

/** The AWS-managed SNS key: no monthly fee, usable by account principals through SNS only. */
const AWS_MANAGED_SNS_KEY = 'alias/aws/sns';

export interface NewsmonStackProps extends StackProps {
  /** Already validated configuration; read from CDK context when omitted. */
  readonly config?: StackConfig;
}

/**
 * Everything newsmon needs in one account: the article table, the alert, digest and operations
 * topics, the scheduled monitor function, the notifier and digest functions, dead-letter queues
 * and alarms.
 */
export class NewsmonStack extends Stack {
  readonly config: StackConfig;
  readonly table: dynamodb.TableV2;
  readonly alertTopic: sns.Topic;
  readonly opsTopic: sns.Topic;
  readonly digestTopic: sns.Topic | undefined;
  readonly monitor: MonitorFunction;
  readonly notifier: Notifier | undefined;
  readonly digest: MonitorFunction | undefined;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedulerRole: iam.Role;
  readonly schedule: scheduler.Schedule;
  readonly digestSchedule: scheduler.Schedule | undefined;
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
    const retain = config.removalPolicy === 'retain';

    this.table = new dynamodb.TableV2(this, 'Articles', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // aws/dynamodb: no monthly key fee, key use visible in CloudTrail.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      globalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      // The collected archive is the product. RETAIN_ON_UPDATE_OR_DELETE keeps it when the stack is
      // deleted or the table replaced, but lets a failed first create roll back cleanly instead of
      // leaving an orphan table that blocks the next attempt.
      removalPolicy: retain ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY,
      deletionProtection: retain,
    });

    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'newsmon alerts',
      enforceSSL: true,
    });
    // Only IAM principals of this account publish here (the monitor), so the AWS-managed key
    // works: SNS encrypts at rest with no key to pay for and no key policy to maintain.
    encryptWithAwsManagedKey(this.alertTopic);
    for (const subscriber of config.alertEmails) this.subscribeAlertEmail(subscriber);

    this.opsTopic = this.createOpsTopic(config);

    const sharedEnvironment = observabilityEnvironment(this.metricIdentity, config);
    this.monitor = new MonitorFunction(this, 'Monitor', {
      entry: MONITOR_ENTRY,
      description: 'newsmon: one monitor cycle over the configured rednet.cn sources',
      timeout: Duration.seconds(config.functionTimeoutSeconds),
      memorySize: config.functionMemoryMb,
      // No reservation by default: overlapping cycles are safe (each alert is claimed once), and a
      // reservation fails to deploy unless the account's concurrency quota exceeds 100 + N.
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
    grantTableAccess(monitorFn, this.table, TABLE_ACCESS.monitor);
    this.alertTopic.grantPublish(monitorFn);

    this.deadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // One role for both schedules, assumable by EventBridge Scheduler for this account only.
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'newsmon: lets EventBridge Scheduler start the newsmon functions',
    });
    this.schedule = this.createSchedule('Schedule', {
      description: 'newsmon: starts one monitor cycle',
      expression: config.schedule,
      timeZone: config.scheduleTimeZone,
      enabled: config.scheduleEnabled,
      fn: this.monitor,
    });

    if (config.notify.length > 0) {
      this.notifier = new Notifier(this, 'Notifier', {
        entry: NOTIFIER_ENTRY,
        destinations: config.notify,
        alertTopic: this.alertTopic,
        table: this.table,
        tableAccess: TABLE_ACCESS.notifier,
        logRetention: config.logRetentionDays as logs.RetentionDays,
        environment: { ...sharedEnvironment, TABLE_NAME: this.table.tableName },
      });
    }

    if (config.digestSchedule !== '') {
      this.digestTopic = new sns.Topic(this, 'DigestTopic', {
        displayName: 'newsmon daily digest',
        enforceSSL: true,
      });
      encryptWithAwsManagedKey(this.digestTopic);
      for (const email of config.digestEmails) {
        this.digestTopic.addSubscription(new subscriptions.EmailSubscription(email));
      }
      this.digest = new MonitorFunction(this, 'Digest', {
        entry: DIGEST_ENTRY,
        description: 'newsmon: the daily digest to chat destinations and the digest topic',
        timeout: Duration.minutes(5),
        memorySize: 256,
        logRetention: config.logRetentionDays as logs.RetentionDays,
        // The handler throws when a destination should be retried; Lambda retries twice, then
        // the event lands in the schedule dead-letter queue, which is alarmed.
        retryAttempts: 2,
        onFailure: new lambdaDestinations.SqsDestination(this.deadLetterQueue),
        environment: {
          ...sharedEnvironment,
          TABLE_NAME: this.table.tableName,
          NOTIFY_DESTINATIONS: JSON.stringify(
            config.notify.map(({ id, kind, secret }) => ({ id, kind, secret })),
          ),
          DIGEST_TOPIC_ARN: this.digestTopic.topicArn,
        },
      });
      grantTableAccess(this.digest.function, this.table, TABLE_ACCESS.digest);
      grantSecretReads(
        this.digest.role,
        config.notify.map((destination) => destination.secret),
      );
      this.digestTopic.grantPublish(this.digest.function);
      this.digestSchedule = this.createSchedule('DigestSchedule', {
        description: 'newsmon: sends the daily digest',
        expression: config.digestSchedule,
        timeZone: config.digestScheduleTimeZone,
        enabled: true,
        fn: this.digest,
      });
    }

    this.addAlarms(config);
    this.addOutputs();
    this.acknowledgeNagFindings(config);
  }

  private createSchedule(
    id: string,
    options: {
      description: string;
      expression: string;
      timeZone: string;
      enabled: boolean;
      fn: MonitorFunction;
    },
  ): scheduler.Schedule {
    const schedule = new scheduler.Schedule(this, id, {
      description: options.description,
      schedule: scheduler.ScheduleExpression.expression(
        options.expression,
        TimeZone.of(options.timeZone),
      ),
      enabled: options.enabled,
      target: new schedulerTargets.LambdaInvoke(options.fn.function, {
        role: this.schedulerRole,
        retryAttempts: this.config.scheduleRetryAttempts,
        maxEventAge: Duration.seconds(this.config.scheduleMaxEventAgeSeconds),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
    // The role's policy is a separate resource: without this, the first fire can come before
    // the policy exists, be denied, and land in the dead-letter queue.
    schedule.node.addDependency(this.schedulerRole);
    return schedule;
  }

  /**
   * The operations topic receives CloudWatch alarm notifications. CloudWatch cannot use the
   * AWS-managed aws/sns key (its policy cannot name the service), so the choice is a
   * customer-managed key (US$1/month, `opsTopicEncryption: cmk`) or no encryption at rest for a
   * topic that carries only alarm names and states, never article data (the default).
   */
  private createOpsTopic(config: StackConfig): sns.Topic {
    let masterKey: kms.Key | undefined;
    if (config.opsTopicEncryption === 'cmk') {
      masterKey = new kms.Key(this, 'OpsTopicKey', {
        description: 'newsmon: encrypts the operations topic',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.DESTROY,
        pendingWindow: Duration.days(7),
      });
      masterKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowThisStacksAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: this.alarmSourceConditions(),
        }),
      );
    }
    const topic = new sns.Topic(this, 'OpsTopic', {
      displayName: 'newsmon operations',
      enforceSSL: true,
      masterKey,
    });
    for (const email of config.opsEmails) {
      topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    // The TLS-only topic policy replaces SNS's default one, which let CloudWatch publish for the
    // account; without this statement alarm actions fail with "not authorized to perform SNS:Publish".
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisStacksAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: this.alarmSourceConditions(),
      }),
    );
    return topic;
  }

  /** Every alarm is named `<stack>-…`, so one ARN pattern names them without a reference cycle. */
  private alarmName(suffix: string): string {
    return `${this.stackName}-${suffix}`;
  }

  private alarmSourceConditions(): Record<string, Record<string, string>> {
    return {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: {
        'aws:SourceArn': this.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${this.stackName}-*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
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

  /** A metric this stack's functions emit, with the stack's own namespace and service. */
  private newsmonMetric(
    metricName: string,
    statistic: string,
    period: Duration,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.metricIdentity.namespace,
      dimensionsMap: this.metricIdentity.dimensionsMap,
      metricName,
      statistic,
      period,
    });
  }

  private addAlarms(config: StackConfig): void {
    const notifyOps = new cloudwatchActions.SnsAction(this.opsTopic);
    const atLeastOne = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };

    const errors = new cloudwatch.Alarm(this, 'MonitorErrorsAlarm', {
      alarmName: this.alarmName('MonitorErrors'),
      alarmDescription: 'newsmon: a monitor cycle failed; see the function log group',
      metric: this.monitor.function.metricErrors({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      ...atLeastOne,
    });

    const deadLetters = new cloudwatch.Alarm(this, 'ScheduleDeadLettersAlarm', {
      alarmName: this.alarmName('ScheduleDeadLetters'),
      alarmDescription:
        'newsmon: a scheduled start (monitor or digest) failed for good; inspect and purge the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      ...atLeastOne,
    });

    // N hourly periods that must all be breaching: the same as "Sum over N hours < 1", but valid
    // up to 7 days (a single alarm period longer than a day is not).
    const hours = config.staleAfterHours;
    const stale = new cloudwatch.Alarm(this, 'NoNewArticlesAlarm', {
      alarmName: this.alarmName('NoNewArticles'),
      alarmDescription: `newsmon: no article stored for ${hours} hours (site layout change, blocking, or a stopped schedule)`,
      metric: this.newsmonMetric(
        METRIC_NAMES.articlesStored,
        cloudwatch.Stats.SUM,
        Duration.hours(1),
      ),
      threshold: 1,
      evaluationPeriods: hours,
      datapointsToAlarm: hours,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data at all means no cycle ran: that is exactly what this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    // Articles set aside after repeated failures, or a source unread for sourceFailingAfterHours.
    const health = new cloudwatch.Alarm(this, 'ArticlesOrSourcesFailingAlarm', {
      alarmName: this.alarmName('ArticlesOrSourcesFailing'),
      alarmDescription: `newsmon: an article was quarantined after repeated failures, or a source has not been read for ${config.sourceFailingAfterHours} hours; \`newsmon query failures\` lists them`,
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(quarantined, 0) + FILL(failing, 0)',
        usingMetrics: {
          quarantined: this.newsmonMetric(
            METRIC_NAMES.articlesQuarantined,
            cloudwatch.Stats.SUM,
            Duration.minutes(15),
          ),
          failing: this.newsmonMetric(
            METRIC_NAMES.sourcesFailing,
            cloudwatch.Stats.MAXIMUM,
            Duration.minutes(15),
          ),
        },
        period: Duration.minutes(15),
        label: 'quarantined articles + failing sources',
      }),
      ...atLeastOne,
    });

    const alarms = [errors, deadLetters, stale, health];
    if (this.notifier) {
      alarms.push(...this.notifier.deadLetterAlarms(this, (suffix) => this.alarmName(suffix)));
      alarms.push(
        new cloudwatch.Alarm(this, 'NotifyPermanentFailuresAlarm', {
          alarmName: this.alarmName('NotifyPermanentFailures'),
          alarmDescription:
            'newsmon: a chat robot or webhook rejected a message for good (invalid token or signature, rejected payload); fix the destination secret',
          metric: this.newsmonMetric(
            METRIC_NAMES.notifyPermanentFailures,
            cloudwatch.Stats.SUM,
            Duration.minutes(5),
          ),
          ...atLeastOne,
        }),
      );
    }
    for (const alarm of alarms) {
      alarm.addAlarmAction(notifyOps);
      alarm.addOkAction(notifyOps);
    }
  }

  private addOutputs(): void {
    const fromOutput = (key: string) =>
      `"$(aws cloudformation describe-stacks --stack-name ${this.stackName} --query 'Stacks[0].Outputs[?OutputKey==\`${key}\`].OutputValue' --output text)"`;

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: `DynamoDB table with articles and metrics. Newest articles: newsmon query --table ${fromOutput('TableName')}`,
    });
    new CfnOutput(this, 'AlertTopicArn', {
      value: this.alertTopic.topicArn,
      description: `SNS topic with one message per new report. Subscribe: aws sns subscribe --topic-arn ${fromOutput('AlertTopicArn')} --protocol email --notification-endpoint you@example.com`,
    });
    new CfnOutput(this, 'OpsTopicArn', {
      value: this.opsTopic.topicArn,
      description: `SNS topic for newsmon alarms. Subscribe: aws sns subscribe --topic-arn ${fromOutput('OpsTopicArn')} --protocol email --notification-endpoint ops@example.com`,
    });
    if (this.digestTopic) {
      new CfnOutput(this, 'DigestTopicArn', {
        value: this.digestTopic.topicArn,
        description: `SNS topic with the daily digest. Subscribe: aws sns subscribe --topic-arn ${fromOutput('DigestTopicArn')} --protocol email --notification-endpoint you@example.com`,
      });
    }
    new CfnOutput(this, 'LogGroupName', {
      value: this.monitor.logGroup.logGroupName,
      description: `Monitor log group. Follow it: aws logs tail ${fromOutput('LogGroupName')} --follow`,
    });
    // Asynchronous: a first cycle can outlast the AWS CLI's 60 s read timeout, and a synchronous
    // invoke would then be retried by the CLI and run twice.
    new CfnOutput(this, 'FunctionName', {
      value: this.monitor.function.functionName,
      description: `Monitor function. Start one cycle now (returns at once, status 202): aws lambda invoke --function-name ${fromOutput('FunctionName')} --invocation-type Event --cli-binary-format raw-in-base64-out --payload '{}' /dev/null, then follow it: aws logs tail ${fromOutput('LogGroupName')} --follow`,
    });
  }

  /** Each acknowledgement names the exact finding and why it is acceptable here. */
  private acknowledgeNagFindings(config: StackConfig): void {
    const logicalId = (construct: Construct) =>
      this.getLogicalId(construct.node.defaultChild as CfnElement);
    const targets = [this.monitor, ...(this.digest ? [this.digest] : [])];
    Validations.of(this.schedulerRole).acknowledge(
      ...targets.map((target) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(target.function)}.Arn>:*]`,
        reason:
          'EventBridge Scheduler may invoke this one newsmon function and its versions/aliases (<arn>:*, as the LambdaInvoke target grants it), no other function.',
      })),
    );
    const queues = [
      this.deadLetterQueue,
      ...(this.notifier?.routes.map((route) => route.deadLetterQueue) ?? []),
    ];
    for (const queue of queues) {
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue (of a schedule target or a notifier queue); a dead-letter queue of a dead-letter queue adds nothing.',
      });
    }
    if (config.opsTopicEncryption === 'none') {
      Validations.of(this.opsTopic).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SNS2',
        reason:
          'The operations topic carries only CloudWatch alarm state changes (alarm name, state, threshold), never article data; CloudWatch cannot publish with the AWS-managed aws/sns key, and a customer-managed key would cost US$1/month, the whole budget. Opt in with -c opsTopicEncryption=cmk.',
      });
    }
    const secretRoles = [
      ...(this.notifier ? [this.notifier.fn.role] : []),
      ...(this.digest ? [this.digest.role] : []),
    ];
    const hasParameters = config.notify.some((destination) => destination.secret.startsWith('/'));
    const namedSecrets = config.notify.filter(
      (destination) =>
        !destination.secret.startsWith('/') && !destination.secret.startsWith('arn:'),
    );
    for (const role of secretRoles) {
      const acks = namedSecrets.map((destination) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${destination.secret}-??????]`,
        reason:
          'Secrets Manager appends "-" and six random characters to a secret ARN; "-??????" matches exactly those six, so the function can read only the secret named in the notify context.',
      }));
      if (hasParameters) {
        acks.push({
          id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
          reason:
            'kms:Decrypt for SecureString parameters under the AWS-managed aws/ssm key, whose id is not known at synth: allowed only through SSM (kms:ViaService) and only for the named parameters (kms:EncryptionContext:PARAMETER_ARN).',
        });
      }
      if (acks.length > 0) Validations.of(role).acknowledge(...acks);
    }
  }
}

/** Sets SSE on a topic with the AWS-managed SNS key (CDK's masterKey wants a key construct). */
function encryptWithAwsManagedKey(topic: sns.Topic): void {
  (topic.node.defaultChild as sns.CfnTopic).kmsMasterKeyId = AWS_MANAGED_SNS_KEY;
}

/**
 * Where a stack's metrics live: the namespace and the `service` dimension that Powertools adds.
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

/** POWERTOOLS_* for every function of a stack: one service and namespace, the alarms' own. */
function observabilityEnvironment(
  identity: ReturnType<typeof metricIdentity>,
  config: Pick<StackConfig, 'logLevel'>,
): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: identity.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: identity.namespace,
    POWERTOOLS_LOG_LEVEL: config.logLevel,
  };
}

/** The Lambda environment agreed with functions/monitor/config.ts. */
export function monitorEnvironment(
  config: StackConfig,
  resources: { tableName: string; alertTopicArn: string; stackName: string },
): Record<string, string> {
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
    ...observabilityEnvironment(metricIdentity(resources.stackName), config),
  };
}
