#!/usr/bin/env node
// The CLI ships as TypeScript source and runs through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

// Library notices (the AWS SDK's Node-version notice, dynalite's DEP0066) are noise for CLI
// users; NEWSMON_DEBUG=1 shows them again.
if (!process.env.NEWSMON_DEBUG) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.noDeprecation = true;
}

register();
await import('./main.ts');
