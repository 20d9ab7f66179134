import { App } from 'aws-cdk-lib';
import { addNagChecks } from '../lib/nag.js';
import { NewsmonStack } from '../lib/newsmon-stack.js';
import { readStackConfig, type StackConfig, StackConfigError } from '../lib/stack-config.js';

const app = new App();

let config: StackConfig;
try {
  config = readStackConfig(app.node);
} catch (error) {
  // A user typo, not a bug: the message names each key; a stack trace would only bury it.
  if (!(error instanceof StackConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

new NewsmonStack(app, config.stackName, { config });
addNagChecks(app);
