import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/monitor/config.js';
import { GLOBAL_INDEXES } from '../../functions/store/table-design.js';
import { monitorEnvironment, NewsmonStack } from '../../lib/newsmon-stack.js';
import { parseStackConfig } from '../../lib/stack-config.js';
import { TABLE_ACCESS } from '../../lib/table-access.js';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
};
type Resources = Record<string, Resource>;

const customContext = {
  removalPolicy: 'destroy',
  // As `cdk deploy -c key=value` delivers them: strings.
  alertEmails:
    '["all@example.com", {"email": "hy@example.com", "filterPolicy": {"site": ["hy"], "metricCount": [{"numeric": [">", 0]}]}}]',
  opsEmails: 'ops@example.com',
  sources: '[{"url": "https://hy.rednet.cn/channel/7805.html", "name": "衡阳"}]',
  alertWindow: '6h',
  maxPagesPerSource: '5',
  functionTimeoutSeconds: '600',
  functionMemoryMb: '1024',
  reservedConcurrency: '2',
  logRetentionDays: '90',
  logLevel: 'DEBUG',
  schedule: 'cron(0/30 0-14 ? * * *)',
  scheduleTimeZone: 'Asia/Shanghai',
  scheduleEnabled: 'false',
  staleAfterHours: '48',
  opsTopicEncryption: 'cmk',
  notify: JSON.stringify([
    { kind: 'dingtalk', secret: 'newsmon/dingtalk', filterPolicy: { site: ['hy'] } },
    { kind: 'wecom', secret: '/newsmon/wecom' },
  ]),
  digestSchedule: 'cron(0 9 * * ? *)',
  digestEmails: 'digest@example.com',
};

// One app, three stacks, one synth without bundling (the bundle has its own test): house
// defaults, every context key set the way the CDK CLI passes them, and a second default stack
// under another name. cdk-nag has its own test file so that a finding does not hide these.
let defaults: Template;
let custom: Template;
let staging: Template;

beforeAll(() => {
  const app = new App({ context: { ...customContext, 'aws:cdk:bundling-stacks': [] } });
  const defaultsStack = new NewsmonStack(app, 'Defaults', { config: parseStackConfig({}) });
  const customStack = new NewsmonStack(app, 'Custom');
  const stagingStack = new NewsmonStack(app, 'NewsmonStaging', {
    config: parseStackConfig({ stackName: 'NewsmonStaging' }),
  });
  const assembly = app.synth();
  const template = (name: string) => Template.fromJSON(assembly.getStackByName(name).template);
  defaults = template(defaultsStack.stackName);
  custom = template(customStack.stackName);
  staging = template(stagingStack.stackName);
});

const resources = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type) as Resources);
const only = (template: Template, type: string): string => {
  const ids = resources(template, type).map(([id]) => id);
  expect(ids, type).toHaveLength(1);
  return ids[0] as string;
};
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const topicId = (template: Template, displayName: string): string => {
  const id = resources(template, 'AWS::SNS::Topic').find(
    ([, topic]) => topic.Properties.DisplayName === displayName,
  )?.[0];
  expect(id, displayName).toBeDefined();
  return id as string;
};
/** A function by the first words of its description: monitor, notifier, digest. */
const FUNCTION_DESCRIPTIONS = {
  monitor: 'newsmon: one monitor cycle',
  notifier: 'newsmon: posts alerts',
  digest: 'newsmon: the daily digest',
} as const;
const fn = (template: Template, which: keyof typeof FUNCTION_DESCRIPTIONS): [string, Resource] => {
  const found = resources(template, 'AWS::Lambda::Function').find(([, f]) =>
    String(f.Properties.Description).startsWith(FUNCTION_DESCRIPTIONS[which]),
  );
  expect(found, which).toBeDefined();
  return found as [string, Resource];
};
const env = (template: Template, which: keyof typeof FUNCTION_DESCRIPTIONS) =>
  (fn(template, which)[1].Properties.Environment as { Variables: Record<string, unknown> })
    .Variables;
const policyOf = (template: Template, roleId: string) =>
  resources(template, 'AWS::IAM::Policy').find(([, p]) =>
    JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
  );
const statementsOfPolicy = (template: Template, roleId: string): unknown[] => {
  const policy = policyOf(template, roleId);
  expect(policy, `policy of ${roleId}`).toBeDefined();
  return ((policy as [string, Resource])[1].Properties.PolicyDocument as { Statement: unknown[] })
    .Statement;
};
const statementsOf = (template: Template, which: keyof typeof FUNCTION_DESCRIPTIONS) => {
  const role = (fn(template, which)[1].Properties.Role as { 'Fn::GetAtt': [string] })[
    'Fn::GetAtt'
  ][0];
  return statementsOfPolicy(template, role);
};
const logGroupOf = (template: Template, which: keyof typeof FUNCTION_DESCRIPTIONS) =>
  (fn(template, which)[1].Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
const queueByRetention = (template: Template, days: number) =>
  resources(template, 'AWS::SQS::Queue').filter(
    ([, q]) => q.Properties.MessageRetentionPeriod === days * 86_400,
  );

describe('NewsmonStack: article table', () => {
  it('uses on-demand billing, PITR, the AWS-managed key and string pk/sk keys', () => {
    defaults.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: Match.absent(),
        }),
      ],
    });
  });

  it('creates every GSI of the table design with string keys and ALL projection', () => {
    const table = resources(defaults, 'AWS::DynamoDB::GlobalTable')[0]?.[1].Properties as {
      GlobalSecondaryIndexes: unknown[];
    };
    expect(table.GlobalSecondaryIndexes).toEqual(
      GLOBAL_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('is kept on delete or replacement, but not after a failed first create, and deletion-protected', () => {
    defaults.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
      }),
    });
  });

  it('is deleted with the stack and unprotected when context says destroy', () => {
    custom.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
      }),
    });
  });
});

describe('NewsmonStack: topics and encryption', () => {
  it('encrypts the alert and digest topics with the AWS-managed SNS key and creates no key', () => {
    defaults.resourceCountIs('AWS::KMS::Key', 0);
    for (const name of ['newsmon alerts', 'newsmon daily digest']) {
      const topic = defaults.findResources('AWS::SNS::Topic')[topicId(defaults, name)];
      expect(topic?.Properties.KmsMasterKeyId, name).toBe('alias/aws/sns');
    }
  });

  it('leaves the operations topic, which carries only alarm states, unencrypted by default', () => {
    const topic =
      defaults.findResources('AWS::SNS::Topic')[topicId(defaults, 'newsmon operations')];
    expect(topic?.Properties.KmsMasterKeyId).toBeUndefined();
  });

  it('encrypts the operations topic with a rotating key only this stack’s alarms may use, on request', () => {
    const key = only(custom, 'AWS::KMS::Key');
    custom.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowThisStacksAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':cloudwatch:',
                      { Ref: 'AWS::Region' },
                      ':',
                      { Ref: 'AWS::AccountId' },
                      ':alarm:Custom-*',
                    ],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
    const topic = custom.findResources('AWS::SNS::Topic')[topicId(custom, 'newsmon operations')];
    expect(topic?.Properties.KmsMasterKeyId).toEqual(arn(key));
  });

  it('denies publishing over plain HTTP on every topic', () => {
    const policies = resources(defaults, 'AWS::SNS::TopicPolicy');
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      expect(
        (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement,
      ).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('lets CloudWatch publish to the operations topic only for this account and this stack’s alarms', () => {
    defaults.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId(defaults, 'newsmon operations') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('subscribes no email by default', () => {
    defaults.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribes alert, operations and digest emails from context, with filter policies', () => {
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'hy@example.com',
      TopicArn: { Ref: topicId(custom, 'newsmon alerts') },
      FilterPolicy: { site: ['hy'], metricCount: [{ numeric: ['>', 0] }] },
    });
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId(custom, 'newsmon operations') },
    });
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'digest@example.com',
      TopicArn: { Ref: topicId(custom, 'newsmon daily digest') },
    });
  });
});

describe('NewsmonStack: monitor function', () => {
  it('runs the handler on the latest Node.js runtime on arm64', () => {
    expect(fn(defaults, 'monitor')[1].Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  // Overlapping cycles are safe without a reservation: the claim protocol alerts each article
  // once (test/integration/fault-injection.test.ts, "two invocations overlap"). A reservation
  // would only make the first deploy fail in accounts with a concurrency quota of 100 or less.
  it('is sized for one cycle and reserves no concurrency by default', () => {
    const props = fn(defaults, 'monitor')[1].Properties;
    expect(props).toMatchObject({ Timeout: 300, MemorySize: 512 });
    expect(props.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('takes timeout, memory and an opt-in reservation from context', () => {
    expect(fn(custom, 'monitor')[1].Properties).toMatchObject({
      Timeout: 600,
      MemorySize: 1024,
      ReservedConcurrentExecutions: 2,
    });
  });

  it('does not retry or keep queued a start once the next cycle is due', () => {
    defaults.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn(defaults, 'monitor')[0] },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 900,
    });
  });

  it('passes the agreed environment variables with their defaults', () => {
    expect(env(defaults, 'monitor')).toEqual({
      TABLE_NAME: { Ref: only(defaults, 'AWS::DynamoDB::GlobalTable') },
      ALERT_TOPIC_ARN: { Ref: topicId(defaults, 'newsmon alerts') },
      ALERT_WINDOW: '48h',
      MAX_PAGES_PER_SOURCE: '3',
      ARTICLE_CONCURRENCY: '4',
      FETCH_MAX_CONCURRENCY_PER_HOST: '2',
      FETCH_MIN_INTERVAL_MS: '500',
      SOURCE_FAILING_AFTER_HOURS: '6',
      POWERTOOLS_SERVICE_NAME: 'Defaults',
      POWERTOOLS_METRICS_NAMESPACE: 'Newsmon',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('passes sources, alert window and tunables from context', () => {
    expect(env(custom, 'monitor')).toMatchObject({
      SOURCES_JSON: JSON.stringify([
        { url: 'https://hy.rednet.cn/channel/7805.html', name: '衡阳' },
      ]),
      ALERT_WINDOW: '6h',
      MAX_PAGES_PER_SOURCE: '5',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
  });

  it.each([
    ['defaults', {}],
    [
      'every tunable at its bound',
      {
        sources: customContext.sources,
        alertWindow: '30m',
        maxPagesPerSource: 50,
        articleConcurrency: 16,
        fetchMaxConcurrencyPerHost: 8,
        fetchMinIntervalMs: 0,
        sourceFailingAfterHours: 168,
      },
    ],
  ])('passes an environment the function accepts at cold start (%s)', (_name, context) => {
    const config = parseStackConfig(context);
    const loaded = loadConfig(
      monitorEnvironment(config, {
        tableName: 'Newsmon-Articles47CFF050-1A2B3C4D5E6F',
        alertTopicArn: 'arn:aws:sns:ap-east-1:123456789012:Newsmon-AlertTopic2720D535-AbCdEf123456',
        stackName: 'Newsmon',
      }),
    );
    expect(loaded).toMatchObject({
      maxPagesPerSource: config.maxPagesPerSource,
      articleConcurrency: config.articleConcurrency,
      fetchMaxConcurrencyPerHost: config.fetchMaxConcurrencyPerHost,
      fetchMinIntervalMs: config.fetchMinIntervalMs,
      sourceFailingAfterHours: config.sourceFailingAfterHours,
    });
  });

  it('logs to its own log group with retention from context', () => {
    defaults.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    custom.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    expect(logGroupOf(defaults, 'monitor')).not.toBe(logGroupOf(defaults, 'digest'));
  });
});

describe('NewsmonStack: one metric identity per stack', () => {
  const identityOf = (template: Template) => {
    const services = new Set(
      resources(template, 'AWS::Lambda::Function').map(
        ([, f]) =>
          (f.Properties.Environment as { Variables: Record<string, string> }).Variables
            .POWERTOOLS_SERVICE_NAME,
      ),
    );
    const alarmMetrics = resources(template, 'AWS::CloudWatch::Alarm').flatMap(([, alarm]) => {
      const props = alarm.Properties as {
        Namespace?: string;
        MetricName?: string;
        Dimensions?: unknown;
        Metrics?: { MetricStat?: { Metric: { Namespace: string; Dimensions: unknown } } }[];
      };
      const single =
        props.Namespace === 'Newsmon'
          ? [{ namespace: props.Namespace, dimensions: props.Dimensions }]
          : [];
      const math = (props.Metrics ?? []).flatMap((m) =>
        m.MetricStat
          ? [
              {
                namespace: m.MetricStat.Metric.Namespace,
                dimensions: m.MetricStat.Metric.Dimensions,
              },
            ]
          : [],
      );
      return [...single, ...math];
    });
    return { services, alarmMetrics };
  };

  it('sets one service name, the stack name, on every function, and the alarms read that service', () => {
    for (const [template, name] of [
      [defaults, 'Defaults'],
      [staging, 'NewsmonStaging'],
    ] as const) {
      const { services, alarmMetrics } = identityOf(template);
      expect([...services]).toEqual([name]);
      expect(alarmMetrics.length).toBeGreaterThanOrEqual(3);
      for (const metric of alarmMetrics) {
        expect(metric).toEqual({
          namespace: 'Newsmon',
          dimensions: [{ Name: 'service', Value: name }],
        });
      }
    }
  });

  it('shares no metric identity between two stacks with different names', () => {
    const a = identityOf(defaults);
    const b = identityOf(staging);
    const keys = (identity: ReturnType<typeof identityOf>) =>
      new Set(identity.alarmMetrics.map((metric) => JSON.stringify(metric)));
    const shared = [...keys(a)].filter((key) => keys(b).has(key));
    expect(shared).toEqual([]);
    expect([...a.services].filter((service) => b.services.has(service))).toEqual([]);
  });
});

describe('NewsmonStack: least-privilege grants', () => {
  const table = () => arn(only(defaults, 'AWS::DynamoDB::GlobalTable'));
  const tableResources = (indexes: readonly string[]) => {
    const tableArn = table();
    return indexes.length === 0
      ? tableArn
      : [
          tableArn,
          ...indexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] })),
        ];
  };

  it('gives no function a managed policy', () => {
    for (const [, role] of resources(defaults, 'AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('lets the monitor write its logs, use exactly its DynamoDB actions and index, and publish alerts', () => {
    expect(statementsOf(defaults, 'monitor')).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: arn(logGroupOf(defaults, 'monitor')),
      },
      {
        Effect: 'Allow',
        Action: [...TABLE_ACCESS.monitor.actions],
        Resource: tableResources(TABLE_ACCESS.monitor.indexes),
      },
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: { Ref: topicId(defaults, 'newsmon alerts') },
      },
    ]);
  });

  it('lets the digest read reports and its ledger and publish the digest, nothing more', () => {
    expect(statementsOf(defaults, 'digest')).toEqual([
      expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
      // Lambda's on-failure destination: a digest that failed its retries lands in the DLQ.
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Resource: arn(only(defaults, 'AWS::SQS::Queue')),
      },
      {
        Effect: 'Allow',
        Action: [...TABLE_ACCESS.digest.actions],
        Resource: tableResources(TABLE_ACCESS.digest.indexes),
      },
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: { Ref: topicId(defaults, 'newsmon daily digest') },
      },
    ]);
  });

  it('lets the notifier read exactly the named secrets and parameters', () => {
    const partition = (service: string, resource: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          `:${service}:`,
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          resource,
        ],
      ],
    });
    const parameter = partition('ssm', ':parameter/newsmon/wecom');
    const statements = statementsOf(custom, 'notifier');
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: partition('secretsmanager', ':secret:newsmon/dingtalk-??????'),
    });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: parameter,
    });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: partition('kms', ':key/*'),
      Condition: {
        StringEquals: {
          'kms:ViaService': {
            'Fn::Join': ['', ['ssm.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
          },
          'kms:EncryptionContext:PARAMETER_ARN': [parameter],
        },
      },
    });
    const actions = statements.flatMap((s) => [(s as { Action: string | string[] }).Action].flat());
    expect(actions.filter((a) => a.startsWith('secretsmanager:') || a.startsWith('ssm:'))).toEqual([
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
    ]);
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: [...TABLE_ACCESS.notifier.actions],
      Resource: arn(only(custom, 'AWS::DynamoDB::GlobalTable')),
    });
  });

  it('lets the scheduler, and only it in this account, invoke the two scheduled functions and write to their DLQ', () => {
    const [roleId, role] = resources(defaults, 'AWS::IAM::Role').find(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    ) as [string, Resource];
    expect(
      (role.Properties.AssumeRolePolicyDocument as { Statement: unknown[] }).Statement,
    ).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const invoke = (id: string) => ({
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: [arn(id), { 'Fn::Join': ['', [arn(id), ':*']] }],
    });
    const statements = statementsOfPolicy(defaults, roleId);
    expect(statements).toHaveLength(3);
    expect(statements).toContainEqual(invoke(fn(defaults, 'monitor')[0]));
    expect(statements).toContainEqual(invoke(fn(defaults, 'digest')[0]));
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: arn(only(defaults, 'AWS::SQS::Queue')),
    });
  });
});

describe('NewsmonStack: schedules', () => {
  const schedules = (template: Template) => resources(template, 'AWS::Scheduler::Schedule');

  it('invokes the monitor every 15 minutes with a bounded retry policy and a DLQ', () => {
    defaults.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: arn(fn(defaults, 'monitor')[0]),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: { Arn: arn(only(defaults, 'AWS::SQS::Queue')) },
        RoleArn: Match.anyValue(),
      },
    });
  });

  it('sends the digest at 18:00 Shanghai time by default, at the context time otherwise', () => {
    defaults.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 18 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({ Arn: arn(fn(defaults, 'digest')[0]) }),
    });
    custom.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 * * ? *)',
    });
  });

  it('creates each schedule only after its role policy exists', () => {
    const policy = policyOf(
      defaults,
      resources(defaults, 'AWS::IAM::Role').find(([, r]) =>
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
      )?.[0] as string,
    )?.[0];
    expect(schedules(defaults)).toHaveLength(2);
    for (const [, schedule] of schedules(defaults)) expect(schedule.DependsOn).toContain(policy);
  });

  it('takes a cron expression, time zone and paused state from context', () => {
    custom.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/30 0-14 ? * * *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'DISABLED',
    });
  });

  it('sends a digest that failed all its retries to the dead-letter queue', () => {
    defaults.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn(defaults, 'digest')[0] },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: arn(only(defaults, 'AWS::SQS::Queue')) } },
    });
  });

  it('passes the digest its table, destinations without queues and topic', () => {
    expect(env(custom, 'digest')).toMatchObject({
      TABLE_NAME: { Ref: only(custom, 'AWS::DynamoDB::GlobalTable') },
      NOTIFY_DESTINATIONS: JSON.stringify([
        { id: 'dingtalk-1', kind: 'dingtalk', secret: 'newsmon/dingtalk' },
        { id: 'wecom-1', kind: 'wecom', secret: '/newsmon/wecom' },
      ]),
      DIGEST_TOPIC_ARN: { Ref: topicId(custom, 'newsmon daily digest') },
      POWERTOOLS_SERVICE_NAME: 'Custom',
    });
  });

  it('keeps dead letters 14 days in an encrypted queue that requires TLS', () => {
    defaults.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    defaults.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('NewsmonStack: notifier', () => {
  it('creates no notifier without destinations', () => {
    const descriptions = resources(defaults, 'AWS::Lambda::Function').map(([, f]) =>
      String(f.Properties.Description),
    );
    expect(descriptions.some((d) => d.startsWith(FUNCTION_DESCRIPTIONS.notifier))).toBe(false);
    defaults.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  });

  it('gives each destination an encrypted TLS-only queue with its own dead-letter queue', () => {
    const queues = queueByRetention(custom, 4);
    const deadLetters = queueByRetention(custom, 14);
    expect(queues).toHaveLength(2);
    expect(deadLetters).toHaveLength(3); // the schedules' and one per destination
    for (const [, queue] of queues) {
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: 720,
        RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: expect.anything() },
      });
    }
    for (const [id] of queues) {
      custom.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('subscribes each queue to the alert topic with raw delivery and the destination filter policy', () => {
    const [dingtalk, wecom] = queueByRetention(custom, 4).map(([id]) => id);
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      TopicArn: { Ref: topicId(custom, 'newsmon alerts') },
      Endpoint: arn(dingtalk as string),
      RawMessageDelivery: true,
      FilterPolicy: { site: ['hy'] },
    });
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      Endpoint: arn(wecom as string),
      RawMessageDelivery: true,
      FilterPolicy: Match.absent(),
    });
  });

  it('reads each queue in small batches, at most two at a time, reporting failed items', () => {
    const mappings = resources(custom, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(2);
    for (const [, mapping] of mappings) {
      expect(mapping.Properties).toMatchObject({
        FunctionName: { Ref: fn(custom, 'notifier')[0] },
        BatchSize: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      });
    }
  });

  it('passes each destination with its queue and no secret value', () => {
    const [dingtalk, wecom] = queueByRetention(custom, 4).map(([id]) => id);
    const variables = env(custom, 'notifier');
    expect(variables).toMatchObject({
      TABLE_NAME: { Ref: only(custom, 'AWS::DynamoDB::GlobalTable') },
      POWERTOOLS_SERVICE_NAME: 'Custom',
    });
    const json = JSON.stringify(variables.NOTIFY_DESTINATIONS);
    expect(json).toContain(JSON.stringify(dingtalk));
    expect(json).toContain(JSON.stringify(wecom));
    expect(json).toContain(
      '"id\\":\\"dingtalk-1\\",\\"kind\\":\\"dingtalk\\",\\"secret\\":\\"newsmon/dingtalk\\"',
    );
  });
});

describe('NewsmonStack: alarms', () => {
  const opsTopic = (template: Template) => ({ Ref: topicId(template, 'newsmon operations') });
  const alarmNamed = (template: Template, name: string) => {
    const found = resources(template, 'AWS::CloudWatch::Alarm').find(
      ([, alarm]) => alarm.Properties.AlarmName === name,
    );
    expect(found, name).toBeDefined();
    return (found as [string, Resource])[1].Properties;
  };

  it('alarms on any monitor error', () => {
    expect(alarmNamed(defaults, 'Defaults-MonitorErrors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn(defaults, 'monitor')[0] } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms on any message in the schedules’ dead-letter queue', () => {
    expect(alarmNamed(defaults, 'Defaults-ScheduleDeadLetters')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it('alarms when no article was stored for 24 hours, counting silence as breaching', () => {
    expect(alarmNamed(defaults, 'Defaults-NoNewArticles')).toMatchObject({
      Namespace: 'Newsmon',
      MetricName: 'ArticlesStored',
      Dimensions: [{ Name: 'service', Value: 'Defaults' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 24,
      DatapointsToAlarm: 24,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(alarmNamed(custom, 'Custom-NoNewArticles')).toMatchObject({ EvaluationPeriods: 48 });
  });

  it('alarms when an article is quarantined or a source keeps failing', () => {
    const alarm = alarmNamed(defaults, 'Defaults-ArticlesOrSourcesFailing') as {
      Metrics: { Id: string; Expression?: string; MetricStat?: unknown }[];
    };
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.Metrics).toContainEqual(
      expect.objectContaining({ Expression: 'FILL(quarantined, 0) + FILL(failing, 0)' }),
    );
    expect(alarm.Metrics).toContainEqual(
      expect.objectContaining({
        Id: 'quarantined',
        MetricStat: expect.objectContaining({
          Metric: expect.objectContaining({ MetricName: 'ArticlesQuarantined' }),
          Stat: 'Sum',
        }),
      }),
    );
    expect(alarm.Metrics).toContainEqual(
      expect.objectContaining({
        Id: 'failing',
        MetricStat: expect.objectContaining({
          Metric: expect.objectContaining({ MetricName: 'SourcesFailing' }),
          Stat: 'Maximum',
        }),
      }),
    );
  });

  it('alarms per destination on its dead-letter queue and on permanent delivery failures', () => {
    const deadLetters = queueByRetention(custom, 14).map(([id]) => id);
    for (const id of ['dingtalk-1', 'wecom-1']) {
      const alarm = alarmNamed(custom, `Custom-Notify-${id}-DeadLetters`) as {
        Dimensions: [{ Value: { 'Fn::GetAtt': [string] } }];
      };
      expect(deadLetters).toContain(alarm.Dimensions[0].Value['Fn::GetAtt'][0]);
    }
    expect(alarmNamed(custom, 'Custom-NotifyPermanentFailures')).toMatchObject({
      Namespace: 'Newsmon',
      MetricName: 'NotifyPermanentFailures',
      Dimensions: [{ Name: 'service', Value: 'Custom' }],
      Threshold: 1,
    });
  });

  it('sends every alarm and its recovery to the operations topic only', () => {
    expect(resources(defaults, 'AWS::CloudWatch::Alarm')).toHaveLength(4);
    expect(resources(custom, 'AWS::CloudWatch::Alarm')).toHaveLength(7);
    for (const template of [defaults, custom]) {
      for (const [, alarm] of resources(template, 'AWS::CloudWatch::Alarm')) {
        expect(alarm.Properties.AlarmActions).toEqual([opsTopic(template)]);
        expect(alarm.Properties.OKActions).toEqual([opsTopic(template)]);
      }
    }
  });
});

describe('NewsmonStack: outputs', () => {
  it.each([
    ['TableName', 'newsmon query --table'],
    ['AlertTopicArn', 'aws sns subscribe'],
    ['OpsTopicArn', 'aws sns subscribe'],
    ['DigestTopicArn', 'aws sns subscribe'],
    ['LogGroupName', 'aws logs tail'],
  ])('exports %s with a copyable command in its description', (key, command) => {
    const output = defaults.findOutputs(key)[key] as { Description: string };
    expect(output.Description).toContain(command);
    expect(output.Description).toContain(
      `--stack-name Defaults --query 'Stacks[0].Outputs[?OutputKey==\`${key}\`].OutputValue'`,
    );
  });

  it('starts a cycle asynchronously and says how to follow its log', () => {
    const output = defaults.findOutputs('FunctionName').FunctionName as { Description: string };
    expect(output.Description).toContain('aws lambda invoke');
    expect(output.Description).toContain('--invocation-type Event');
    expect(output.Description).toMatch(/aws logs tail .*LogGroupName.* --follow$/);
  });
});

describe('NewsmonStack: approved template', () => {
  // Everything must not change unnoticed. After an intended change:
  // `npx vitest run test/infra -u`, and review the diff.
  const normalize = (template: unknown): unknown =>
    JSON.parse(
      JSON.stringify(template).replace(
        /[0-9a-f]{64}(\.zip)?/g,
        (_hash, zip) => `[asset hash]${zip ?? ''}`,
      ),
    );

  it('matches the approved template with default context', () => {
    expect(normalize(defaults.toJSON())).toMatchSnapshot();
  });
});
