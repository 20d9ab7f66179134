import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
} from '../../functions/shared/metric-names.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * esbuild options of the Lambda bundle. Exported so tests and docs can name them; the bundle helper
 * still synthesizes the stack so a mistake here shows up as a broken bundle.
 */
const MONITOR_BUNDLING: nodejs.BundlingOptions = {
  // Docker is neither needed nor available on most laptops and CI runners; esbuild is a devDependency.
  forceDockerBundling: false,
  minify: true,
  // Source maps would triple the asset; stack traces name functions well enough with minify.
  sourceMap: false,
  target: 'node22',
  format: nodejs.OutputFormat.CJS,
  // The Lambda Node.js runtimes ship AWS SDK v3.
  externalModules: ['@aws-sdk/*'],
  // ESM entry points first: esbuild tree-shakes them (cheerio, entities, Powertools), CJS ones it cannot.
  mainFields: ['module', 'main'],
  // Chinese literals stay UTF-8 instead of \uXXXX escapes (-12 % bundle size). Passed as a raw
  // flag because aws-cdk-lib 2.276 accepts `charset` but never hands it to esbuild.
  esbuildArgs: { '--charset': 'utf8' },
};

/** Properties of {@link MonitorFunction}; everything but `entry` has a house default. */
export interface MonitorFunctionProps {
  /** Absolute path of the handler module. */
  readonly entry: string;
  /** @default 'handler' */
  readonly handler?: string;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /**
   * Concurrent executions reserved for (and capped at) this function; `undefined` = unreserved.
   * @default undefined (unreserved: a reservation fails to deploy in accounts whose concurrency
   * quota is not above 100 + N, and overlapping cycles are safe anyway)
   */
  readonly reservedConcurrentExecutions?: number;
  /** Retries of a failed asynchronous invocation. @default 0 */
  readonly retryAttempts?: number;
  /** Where an asynchronous invocation goes once its retries are spent. @default none */
  readonly onFailure?: lambda.IDestination;
  /**
   * How long Lambda keeps an asynchronous invocation queued (e.g. throttled by the reserved
   * concurrency) before dropping it. @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Removal policy of the log group. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Merged over the house defaults (POWERTOOLS_*); caller values win. */
  readonly environment?: Record<string, string>;
  /** Merged over {@link MONITOR_BUNDLING}; caller values win. */
  readonly bundling?: nodejs.BundlingOptions;
  readonly description?: string;
}

/**
 * A Node.js Lambda function with the project's defaults: arm64, latest Node.js runtime, local
 * esbuild bundling, its own log group with retention, and a role that can write only to that log
 * group (no AWSLambdaBasicExecutionRole with its account-wide `logs:*` resources).
 */
export class MonitorFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MonitorFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'newsmon function: writes its own logs; data grants are added by the stack',
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.minutes(5),
      memorySize: props.memorySize ?? 512,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      // A scheduled job: the next cycle is the retry, and an immediate one would hit the same
      // failing site again. Failures still count in `Errors`, which the stack alarms on.
      retryAttempts: props.retryAttempts ?? 0,
      maxEventAge: props.maxEventAge,
      onFailure: props.onFailure,
      role: this.role,
      logGroup: this.logGroup,
      description: props.description,
      environment: {
        POWERTOOLS_SERVICE_NAME: DEFAULT_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: DEFAULT_METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: { ...MONITOR_BUNDLING, ...props.bundling },
    });
  }
}
