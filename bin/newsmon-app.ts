import { App } from 'aws-cdk-lib';
import { addNagChecks } from '../lib/nag.js';
import { NewsmonStack } from '../lib/newsmon-stack.js';
import { readStackConfig } from '../lib/stack-config.js';

const app = new App();
const config = readStackConfig(app.node);
new NewsmonStack(app, config.stackName, { config });
addNagChecks(app);
