import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/monitor/config.js';
import { GLOBAL_INDEXES } from '../../functions/store/table-design.js';
import {
  MONITOR_TABLE_ACTIONS,
  monitorEnvironment,
  NewsmonStack,
} from '../../lib/newsmon-stack.js';
import { parseStackConfig } from '../../lib/stack-config.js';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

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
};

// One app, two stacks, one synth (each synth costs seconds): house defaults, and every context key
// set the way the CDK CLI passes them. cdk-nag has its own test file so that a nag finding does not
// hide these assertions.
let defaults: Template;
let custom: Template;
let defaultsStack: NewsmonStack;

beforeAll(() => {
  const app = new App({ context: customContext });
  defaultsStack = new NewsmonStack(app, 'Defaults', { config: parseStackConfig({}) });
  const customStack = new NewsmonStack(app, 'Custom');
  const assembly = app.synth();
  defaults = Template.fromJSON(assembly.getStackByName(defaultsStack.stackName).template);
  custom = Template.fromJSON(assembly.getStackByName(customStack.stackName).template);
});

const logicalId = (template: Template, type: string): string => {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};
const ref = (template: Template, type: string) => ({ Ref: logicalId(template, type) });
const topicId = (template: Template, displayName: string): string => {
  const id = Object.entries(template.findResources('AWS::SNS::Topic')).find(
    ([, topic]) => topic.Properties.DisplayName === displayName,
  )?.[0];
  expect(id).toBeDefined();
  return id as string;
};
const arnOf = (template: Template, type: string) => ({
  'Fn::GetAtt': [logicalId(template, type), 'Arn'],
});

describe('NewsmonStack: article table', () => {
  it('uses on-demand billing, PITR, KMS encryption and string pk/sk keys', () => {
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
        }),
      ],
    });
  });

  it('creates every GSI of the table design with string keys and ALL projection', () => {
    const table = Object.values(defaults.findResources('AWS::DynamoDB::GlobalTable'))[0] as {
      Properties: {
        GlobalSecondaryIndexes: unknown[];
        AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
      };
    };
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      GLOBAL_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(table.Properties.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
    expect(table.Properties.AttributeDefinitions).toHaveLength(2 + 2 * GLOBAL_INDEXES.length);
  });

  it('has no TTL attribute', () => {
    defaults.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: Match.absent(),
    });
  });

  it('is retained when the stack is deleted, unless context says destroy', () => {
    defaults.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    custom.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });

  it('has no hard-coded physical name', () => {
    defaults.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: Match.absent() });
    defaults.hasResourceProperties('AWS::Lambda::Function', { FunctionName: Match.absent() });
    defaults.hasResourceProperties('AWS::SNS::Topic', { TopicName: Match.absent() });
  });
});

describe('NewsmonStack: topics', () => {
  it('encrypts both topics with one rotating customer-managed key', () => {
    defaults.resourceCountIs('AWS::SNS::Topic', 2);
    defaults.resourceCountIs('AWS::KMS::Key', 1);
    defaults.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const key = arnOf(defaults, 'AWS::KMS::Key');
    const topics = Object.values(defaults.findResources('AWS::SNS::Topic'));
    expect(topics.map((t) => t.Properties.KmsMasterKeyId)).toEqual([key, key]);
  });

  it('lets CloudWatch alarms use the topic key', () => {
    defaults.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('denies publishing over plain HTTP on both topics', () => {
    const policies = Object.values(defaults.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('subscribes no email by default', () => {
    defaults.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribes alert emails from context, with their filter policy', () => {
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'all@example.com',
      TopicArn: { Ref: topicId(custom, 'newsmon alerts') },
      FilterPolicy: Match.absent(),
    });
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'hy@example.com',
      FilterPolicy: { site: ['hy'], metricCount: [{ numeric: ['>', 0] }] },
    });
  });

  it('subscribes operations emails to the operations topic', () => {
    custom.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId(custom, 'newsmon operations') },
    });
    custom.resourceCountIs('AWS::SNS::Subscription', 3);
  });
});

describe('NewsmonStack: monitor function', () => {
  it('runs the bundled handler on the latest Node.js runtime on arm64', () => {
    defaults.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  // Overlapping cycles are safe without a reservation: the claim protocol alerts each article
  // once (test/integration/fault-injection.test.ts, "two invocations overlap"). A reservation
  // would only make the first deploy fail in accounts with a concurrency quota of 100 or less.
  it('is sized for one cycle and reserves no concurrency by default', () => {
    defaults.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 300,
      MemorySize: 512,
      ReservedConcurrentExecutions: Match.absent(),
    });
  });

  it('takes timeout, memory and an opt-in reservation from context', () => {
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 600,
      MemorySize: 1024,
      ReservedConcurrentExecutions: 2,
    });
  });

  it('does not retry or keep queued a start once the next cycle is due', () => {
    defaults.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 900,
      Qualifier: '$LATEST',
    });
  });

  it('passes the agreed environment variables with their defaults', () => {
    defaults.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          TABLE_NAME: ref(defaults, 'AWS::DynamoDB::GlobalTable'),
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
        },
      },
    });
  });

  it('leaves SOURCES_JSON unset by default so the built-in sources apply', () => {
    const fn = Object.values(defaults.findResources('AWS::Lambda::Function'))[0];
    expect(Object.keys(fn?.Properties.Environment.Variables)).not.toContain('SOURCES_JSON');
  });

  it('passes sources, alert window and tunables from context', () => {
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SOURCES_JSON: JSON.stringify([
            { url: 'https://hy.rednet.cn/channel/7805.html', name: '衡阳' },
          ]),
          ALERT_WINDOW: '6h',
          MAX_PAGES_PER_SOURCE: '5',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
        }),
      },
    });
  });

  it.each([
    ['defaults', {}],
    [
      'every tunable set',
      {
        sources: customContext.sources,
        alertWindow: '30m',
        maxPagesPerSource: 50,
        articleConcurrency: 16,
        fetchMaxConcurrencyPerHost: 8,
        fetchMinIntervalMs: 0,
      },
    ],
  ])('passes an environment the function accepts at cold start (%s)', (_name, context) => {
    const config = parseStackConfig(context);
    const env = monitorEnvironment(config, {
      tableName: 'Newsmon-Articles47CFF050-1A2B3C4D5E6F',
      alertTopicArn: 'arn:aws:sns:ap-east-1:123456789012:Newsmon-AlertTopic2720D535-AbCdEf123456',
      stackName: 'Newsmon',
    });
    const loaded = loadConfig(env);
    expect(loaded).toMatchObject({
      maxPagesPerSource: config.maxPagesPerSource,
      articleConcurrency: config.articleConcurrency,
      fetchMaxConcurrencyPerHost: config.fetchMaxConcurrencyPerHost,
      fetchMinIntervalMs: config.fetchMinIntervalMs,
    });
    if (config.sources) expect(loaded.sources).toEqual(config.sources);
  });

  it('logs to its own log group with retention from context', () => {
    defaults.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    custom.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    defaults.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: ref(defaults, 'AWS::Logs::LogGroup') },
    });
  });
});

describe('NewsmonStack: least-privilege grants', () => {
  const monitorPolicy = (template: Template) => {
    const role = Object.entries(template.findResources('AWS::IAM::Role')).find(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'),
    )?.[0];
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${role}"`),
    );
    return policy?.Properties.PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];
  };

  it('gives the function no managed policy', () => {
    defaults.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
  });

  it('scopes every statement of the function role to its own resources', () => {
    const table = arnOf(defaults, 'AWS::DynamoDB::GlobalTable');
    const statements = monitorPolicy(defaults);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: arnOf(defaults, 'AWS::Logs::LogGroup'),
      },
      {
        Effect: 'Allow',
        Action: [...MONITOR_TABLE_ACTIONS],
        Resource: [table, { 'Fn::Join': ['', [table, '/index/*']] }],
      },
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: { Ref: topicId(defaults, 'newsmon alerts') },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: arnOf(defaults, 'AWS::KMS::Key'),
      },
    ]);
  });

  it('grants every DynamoDB command the store adapter sends', () => {
    const source = readFileSync(
      new URL('../../functions/store/dynamodb-article-store.ts', import.meta.url),
      'utf8',
    );
    const commands = new Set([...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]));
    const action: Record<string, string> = {
      Get: 'dynamodb:GetItem',
      BatchGet: 'dynamodb:BatchGetItem',
      Query: 'dynamodb:Query',
      Put: 'dynamodb:PutItem',
      Update: 'dynamodb:UpdateItem',
      BatchWrite: 'dynamodb:BatchWriteItem',
      Delete: 'dynamodb:DeleteItem',
      Scan: 'dynamodb:Scan',
      TransactWrite: 'dynamodb:TransactWriteItems',
      TransactGet: 'dynamodb:TransactGetItems',
    };
    expect(commands.size).toBeGreaterThan(0);
    for (const command of commands) {
      expect(MONITOR_TABLE_ACTIONS, `${command}Command`).toContain(
        action[command as string] ?? `unmapped ${command}Command`,
      );
    }
  });

  it('lets the scheduler invoke only the monitor function and write only to its queue', () => {
    const fn = arnOf(defaults, 'AWS::Lambda::Function');
    defaults.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: [fn, { 'Fn::Join': ['', [fn, ':*']] }],
          },
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: arnOf(defaults, 'AWS::SQS::Queue'),
          },
        ],
      },
    });
  });
});

describe('NewsmonStack: schedule', () => {
  it('invokes the function every 15 minutes with a bounded retry policy and a DLQ', () => {
    defaults.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: arnOf(defaults, 'AWS::Lambda::Function'),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: { Arn: arnOf(defaults, 'AWS::SQS::Queue') },
        RoleArn: Match.anyValue(),
      },
    });
  });

  it('takes a cron expression, time zone and paused state from context', () => {
    custom.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/30 0-14 ? * * *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'DISABLED',
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

describe('NewsmonStack: alarms', () => {
  const opsTopic = (template: Template) => topicId(template, 'newsmon operations');

  it('alarms on any function error', () => {
    defaults.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(defaults, 'AWS::Lambda::Function') }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: opsTopic(defaults) }],
    });
  });

  it('alarms on any message in the dead-letter queue', () => {
    defaults.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(defaults, 'AWS::SQS::Queue'), 'QueueName'] },
        },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: opsTopic(defaults) }],
    });
  });

  it('alarms when no new article was found for 24 hours, counting silence as breaching', () => {
    defaults.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Newsmon',
      MetricName: 'ArticlesNew',
      Dimensions: [{ Name: 'service', Value: 'Defaults' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 24,
      DatapointsToAlarm: 24,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: opsTopic(defaults) }],
      OKActions: [{ Ref: opsTopic(defaults) }],
    });
  });

  it('takes the staleness window from context', () => {
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ArticlesNew',
      EvaluationPeriods: 48,
      DatapointsToAlarm: 48,
    });
  });

  it('lets only these alarms publish to the operations topic', () => {
    const alarmArns = Object.keys(defaults.findResources('AWS::CloudWatch::Alarm')).map((id) => ({
      'Fn::GetAtt': [id, 'Arn'],
    }));
    defaults.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: opsTopic(defaults) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowNewsmonAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: opsTopic(defaults) },
            Condition: { ArnLike: { 'aws:SourceArn': alarmArns } },
          },
        ]),
      },
    });
  });

  it('sends every alarm to the operations topic only', () => {
    const alarms = Object.values(defaults.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(3);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: opsTopic(defaults) }]);
    }
  });
});

describe('NewsmonStack: outputs', () => {
  const outputs: [string, () => string, string][] = [
    ['TableName', () => logicalId(defaults, 'AWS::DynamoDB::GlobalTable'), 'aws dynamodb query'],
    ['AlertTopicArn', () => topicId(defaults, 'newsmon alerts'), 'aws sns subscribe'],
    ['OpsTopicArn', () => topicId(defaults, 'newsmon operations'), 'aws sns subscribe'],
    ['FunctionName', () => logicalId(defaults, 'AWS::Lambda::Function'), 'aws lambda invoke'],
  ];

  it.each(outputs)(
    'exports %s with a copyable command in its description',
    (key, resource, command) => {
      const output = defaults.findOutputs(key)[key] as { Value: unknown; Description: string };
      expect(output.Value).toEqual({ Ref: resource() });
      expect(output.Description).toContain(command);
      expect(output.Description).toContain(
        `--stack-name ${defaultsStack.stackName} --query 'Stacks[0].Outputs[?OutputKey==\`${key}\`].OutputValue'`,
      );
    },
  );
});

describe('NewsmonStack: template shape', () => {
  it('contains exactly the expected resources', () => {
    const counts: Record<string, number> = {};
    for (const resource of Object.values(defaults.toJSON().Resources as Resources)) {
      counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
    }
    expect(counts).toEqual({
      'AWS::DynamoDB::GlobalTable': 1,
      'AWS::KMS::Key': 1,
      'AWS::SNS::Topic': 2,
      'AWS::SNS::TopicPolicy': 2,
      'AWS::Logs::LogGroup': 1,
      'AWS::IAM::Role': 2,
      'AWS::IAM::Policy': 2,
      'AWS::Lambda::Function': 1,
      'AWS::Lambda::EventInvokeConfig': 1,
      'AWS::SQS::Queue': 1,
      'AWS::SQS::QueuePolicy': 1,
      'AWS::Scheduler::Schedule': 1,
      'AWS::CloudWatch::Alarm': 3,
    });
  });
});

describe('NewsmonStack: approved template', () => {
  // Asset hashes change with every edit of the function code; everything else must not change
  // unnoticed. After an intended change: `npx vitest run test/infra -u`, and review the diff.
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
