import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_ATTRIBUTES } from '../../../functions/alerts/alert-attributes.js';
import { OFFICIAL_HOSTS } from '../../../functions/notify/notify-spec.js';
import { NOTIFY_KINDS } from '../../../functions/notify/types.js';
import { TUNABLE_LIST } from '../../../functions/shared/tunables.js';

const doc = readFileSync(new URL('../../../docs/alerts.md', import.meta.url), 'utf8');

describe('docs/alerts.md', () => {
  it('documents every alert attribute with its SNS type', () => {
    for (const [name, { dataType }] of Object.entries(ALERT_ATTRIBUTES)) {
      expect(doc).toMatch(new RegExp(`\\| \`${name}\`\\s+\\| \`${dataType}\``));
    }
  });

  it('covers every notification kind, official host and notify tunable', () => {
    for (const kind of NOTIFY_KINDS) expect(doc).toContain(`\`${kind}\``);
    for (const host of Object.keys(OFFICIAL_HOSTS)) expect(doc).toContain(host);
    for (const row of TUNABLE_LIST.filter((r) => r.readBy === 'notify')) {
      expect(doc).toMatch(
        new RegExp(`\`${row.env}\`\\s+\\| ${row.default}\\s+\\| ${row.min}–${row.max}`),
      );
    }
  });
});
