#!/usr/bin/env node
// The CLI ships as TypeScript source and runs through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
