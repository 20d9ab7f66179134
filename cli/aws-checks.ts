import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { errorMessage } from './errors.js';

export interface AwsCheck {
  name: string;
  level: 'ok' | 'warn' | 'fail';
  detail: string;
}

/** Lambda concurrency the stack's functions can count on; below it the account needs a quota increase. */
const COMFORTABLE_CONCURRENCY = 50;

function oneLine(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = errorMessage(error).replace(/\s+/g, ' ').slice(0, 160);
  return name && name !== 'Error' && !message.startsWith(name) ? `${name}: ${message}` : message;
}

/**
 * The AWS side, in the order a deployment needs it; a failed step makes the later ones
 * "skipped" instead of repeating the same credential error.
 */
export async function checkAws(stackName: string, timeoutMs: number): Promise<AwsCheck[]> {
  const checks: AwsCheck[] = [];
  const options = {
    maxAttempts: 1,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs },
  };
  const sts = new STSClient(options);
  let region: string | undefined;
  try {
    region = await sts.config.region();
  } catch {
    region = undefined;
  }
  checks.push(
    region
      ? { name: 'region', level: 'ok', detail: region }
      : { name: 'region', level: 'fail', detail: 'no region: set AWS_REGION or a profile region' },
  );
  if (!region) {
    sts.destroy();
    return [...checks, { name: 'credentials', level: 'fail', detail: 'skipped: no region' }];
  }
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    checks.unshift({
      name: 'credentials',
      level: 'ok',
      detail: `${identity.Arn} (account ${identity.Account})`,
    });
  } catch (error) {
    const unreachable = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|timeout/i.test(oneLine(error));
    checks.unshift({
      name: 'credentials',
      level: 'fail',
      detail: unreachable
        ? `cannot reach AWS STS in ${region} (offline?): ${oneLine(error)}`
        : `${oneLine(error)} (configure a profile or AWS_* variables)`,
    });
    sts.destroy();
    return [
      ...checks,
      { name: 'bootstrap', level: 'fail', detail: 'skipped: no working credentials' },
    ];
  } finally {
    sts.destroy();
  }
  const cfn = new CloudFormationClient({ ...options, region });
  try {
    const bootstrap = await describeStack(cfn, 'CDKToolkit');
    checks.push(
      bootstrap
        ? { name: 'bootstrap', level: 'ok', detail: `CDKToolkit ${bootstrap.StackStatus}` }
        : {
            name: 'bootstrap',
            level: 'fail',
            detail: `no CDKToolkit stack in ${region}: run 'npx cdk bootstrap'`,
          },
    );
    const stack = await describeStack(cfn, stackName);
    if (!stack) {
      checks.push({
        name: 'stack',
        level: 'warn',
        detail: `${stackName} not deployed in ${region} ('npm run deploy')`,
      });
    } else {
      checks.push({ name: 'stack', level: 'ok', detail: `${stackName} ${stack.StackStatus}` });
      for (const output of stack.Outputs ?? []) {
        checks.push({
          name: 'output',
          level: 'ok',
          detail: `${output.OutputKey} = ${output.OutputValue}`,
        });
      }
    }
  } catch (error) {
    checks.push({ name: 'cloudformation', level: 'fail', detail: oneLine(error) });
  } finally {
    cfn.destroy();
  }
  const lambda = new LambdaClient({ ...options, region });
  try {
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    const limit = settings.AccountLimit?.ConcurrentExecutions ?? 0;
    const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0;
    checks.push({
      name: 'concurrency',
      level: limit < COMFORTABLE_CONCURRENCY ? 'warn' : 'ok',
      detail: `account limit ${limit}, unreserved ${unreserved}${limit < COMFORTABLE_CONCURRENCY ? ' (a new account: reserved concurrency may be refused; ask for a quota increase)' : ''}`,
    });
  } catch (error) {
    checks.push({ name: 'concurrency', level: 'fail', detail: oneLine(error) });
  } finally {
    lambda.destroy();
  }
  return checks;
}

async function describeStack(client: CloudFormationClient, name: string) {
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: name }));
    return result.Stacks?.[0] ?? null;
  } catch (error) {
    if (/does not exist/.test(errorMessage(error))) return null;
    throw error;
  }
}
