import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, stackConfigSchema } from '../../lib/stack-config.js';

const deploy = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
const section = deploy.slice(
  deploy.indexOf('\n## Context keys\n'),
  deploy.indexOf('\n## ', deploy.indexOf('\n## Context keys\n') + 1),
);
const row = (key: string): string | undefined =>
  section.split('\n').find((line) => new RegExp(`^\\|\\s*\`${key}\`\\s*\\|`).test(line));

describe('docs/deploy.md', () => {
  it.each(CONTEXT_KEYS)('documents the context key %s with its default', (key) => {
    const line = row(key);
    expect(line, `no context table row for ${key}`).toBeDefined();
    const fallback: unknown = stackConfigSchema.shape[key].parse(undefined);
    if (fallback !== undefined && !Array.isArray(fallback)) {
      expect(line?.split('|')[2]).toContain(`\`${String(fallback)}\``);
    }
  });

  it('documents no context key the stack does not read', () => {
    const documented = [...section.matchAll(/^\|\s*`(\w+)`\s*\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...CONTEXT_KEYS].sort());
  });
});
