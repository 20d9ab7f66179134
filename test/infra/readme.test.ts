import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, parseStackConfig, stackConfigSchema } from '../../lib/stack-config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

const tableRow = (key: string): string | undefined =>
  readme.split('\n').find((line) => new RegExp(`^\\|\\s*\`${key}\`\\s*\\|`).test(line));

describe('README', () => {
  it.each(CONTEXT_KEYS)('documents the context key %s with its default', (key) => {
    const row = tableRow(key);
    expect(row, `no configuration table row for ${key}`).toBeDefined();
    const defaultValue = stackConfigSchema.shape[key].parse(undefined);
    if (defaultValue !== undefined && !Array.isArray(defaultValue)) {
      expect(row?.split('|')[3]).toContain(`\`${String(defaultValue)}\``);
    }
  });

  it('has no configuration row for a key the stack does not read', () => {
    const section = readme.slice(
      readme.indexOf('\n## Configuration\n'),
      readme.indexOf('\n## ', readme.indexOf('\n## Configuration\n') + 1),
    );
    const documented = [...section.matchAll(/^\|\s*`(\w+)`\s*\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...CONTEXT_KEYS].sort());
  });

  it('gives filter-policy recipes that the stack accepts for alertEmails', () => {
    const recipes = [...readme.matchAll(/"FilterPolicy": "((?:[^"\\]|\\.)*)"/g)].map((m) =>
      JSON.parse(JSON.parse(`"${m[1]}"`) as string),
    );
    expect(recipes.length).toBeGreaterThanOrEqual(5);
    for (const filterPolicy of recipes) {
      expect(() =>
        parseStackConfig({ alertEmails: [{ email: 'me@example.com', filterPolicy }] }),
      ).not.toThrow();
    }
  });

  it('keeps the sections the coordinator fills in', () => {
    for (const heading of ['## Local mode and the CLI', '## Data model', '## Benchmarks']) {
      expect(readme).toContain(`\n${heading}\n`);
    }
  });

  it('starts with the two quick-start commands', () => {
    expect(readme).toContain('```sh\nnpm ci && npm start\nnpm test\n```');
  });
});
