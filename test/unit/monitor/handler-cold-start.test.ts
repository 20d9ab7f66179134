import { afterEach, describe, expect, it, vi } from 'vitest';

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
});

describe('monitor handler cold start', () => {
  it('refuses to load with one message naming every bad variable', async () => {
    delete process.env.TABLE_NAME;
    process.env.ALERT_TOPIC_ARN = 'not-an-arn';
    process.env.ALERT_WINDOW = 'forever';
    vi.resetModules();
    const loading = import('../../../functions/monitor/handler.js');
    await expect(loading).rejects.toThrow(
      /invalid newsmon configuration: TABLE_NAME: required[^;]*; ALERT_TOPIC_ARN: .*; ALERT_WINDOW: /,
    );
  });
});
