import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpNotificationSender } from '../../functions/notify/adapters/http-notification-sender.js';
import {
  buildDigest,
  digestNotification,
  reportNotification,
} from '../../functions/notify/message.js';
import { localDestination, parseNotifySpec } from '../../functions/notify/notify-spec.js';
import type { Clock } from '../../functions/notify/ports.js';
import { NOTIFY_KINDS, type NotifyKind } from '../../functions/notify/types.js';
import { notifySpec, type Robot, startRobot } from '../support/robots/robot-server.js';
import { manyReports, sampleReport } from '../support/robots/sample-report.js';

const TOKEN = 'tok0123456789abcdefXYZ';
const SECRET = 'SEC5a3ecf88f2b3eb50db30ecfc00f5303';
const SIGNED: readonly NotifyKind[] = ['dingtalk', 'feishu', 'webhook'];
const FAST = { minGapMs: 0, retryBaseMs: 5, messagesPerMinute: 1000 };

function sender(spec: string, options = {}) {
  return new HttpNotificationSender(localDestination(parseNotifySpec(spec)), {
    ...FAST,
    ...options,
  });
}

/** A clock that only moves when someone sleeps: pacing measured without waiting. */
function virtualClock(start = Date.now()): Clock & { t: number } {
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

describe('senders against local robots that follow each vendor contract', () => {
  const robots = new Map<NotifyKind, Robot>();
  const report = reportNotification(sampleReport());

  beforeAll(async () => {
    for (const kind of NOTIFY_KINDS) {
      const secret = SIGNED.includes(kind) ? SECRET : undefined;
      robots.set(
        kind,
        await startRobot(kind, {
          token: TOKEN,
          ...(secret ? { secret } : {}),
          perMinute: Infinity,
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all([...robots.values()].map((robot) => robot.close()));
  });

  const robot = (kind: NotifyKind): Robot => {
    const found = robots.get(kind);
    if (!found) throw new Error(kind);
    return found;
  };
  const specOf = (kind: NotifyKind, url?: string) =>
    notifySpec(robot(kind), SIGNED.includes(kind) ? SECRET : undefined, url);

  it.each(NOTIFY_KINDS)(
    '%s: a report is accepted (signed where the robot verifies) and reads title, time, source, link and figures',
    async (kind) => {
      const before = robot(kind).messages.length;
      const result = await sender(specOf(kind)).send(report);
      expect(result).toEqual({ status: 'delivered', attempts: 1 });
      const body = JSON.stringify(robot(kind).messages.slice(before));
      expect(body).toContain('9850796');
      if (kind !== 'webhook') {
        expect(body).toContain('北京时间');
        expect(body).toContain('红网 · hn');
        expect(body).toMatch(/more figures/);
      } else {
        const posted = robot(kind).messages.at(-1) as {
          article: { id: string };
          metrics: unknown[];
        };
        expect(posted.article.id).toBe('9850796');
        expect(posted.metrics).toHaveLength(sampleReport().metrics.length);
      }
    },
  );

  // DingTalk blocks a robot for 10 minutes after its limit: handed back at once (tested below).
  const RETRIED_IN_PROCESS = NOTIFY_KINDS.filter((kind) => kind !== 'dingtalk');

  it.each(RETRIED_IN_PROCESS)(
    '%s: a rate-limit answer is retried after a backoff and the message arrives once',
    async (kind) => {
      const before = robot(kind).messages.length;
      robot(kind).rateLimitNext(2);
      const result = await sender(specOf(kind)).send(report);
      expect(result).toEqual({ status: 'delivered', attempts: 3 });
      expect(robot(kind).messages.length - before).toBe(1);
      expect(
        robot(kind)
          .requests.slice(-3)
          .map((r) => r.verdict),
      ).toEqual(['rate-limited', 'rate-limited', 'ok']);
    },
  );

  it.each(NOTIFY_KINDS)(
    '%s: an invalid token is a permanent failure after one attempt, with no token in the reason',
    async (kind) => {
      const requests = robot(kind).requests.length;
      const send = sender(specOf(kind, robot(kind).wrongTokenUrl));
      const result = await send.send(report);
      expect(result.status).toBe('permanent');
      expect(result.attempts).toBe(1);
      expect(robot(kind).requests.length - requests).toBe(1);
      const shown = JSON.stringify(result) + send.label;
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(SECRET);
    },
  );

  it.each(SIGNED)('%s: a wrong signing secret is permanent', async (kind) => {
    const result = await sender(notifySpec(robot(kind), 'SECwrong')).send(report);
    expect(result.status).toBe('permanent');
    expect(result.attempts).toBe(1);
    if (kind === 'dingtalk')
      expect(result).toMatchObject({ reason: expect.stringContaining('310000') });
    if (kind === 'feishu')
      expect(result).toMatchObject({ reason: expect.stringContaining('19021') });
  });

  it.each(['dingtalk', 'feishu'] as const)(
    '%s: a timestamp more than an hour off is rejected by the robot',
    async (kind) => {
      const twoHoursAgo = virtualClock(Date.now() - 2 * 3_600_000);
      const result = await sender(specOf(kind), { clock: twoHoursAgo }).send(report);
      expect(result.status).toBe('permanent');
    },
  );

  it('gives up as retryable after the bounded attempts, without waiting for a long Retry-After', async () => {
    const kind = 'wecom';
    const requests = robot(kind).requests.length;
    robot(kind).rateLimitNext(10);
    const result = await sender(specOf(kind), { maxAttempts: 3 }).send(report);
    expect(result).toMatchObject({
      status: 'retryable',
      attempts: 3,
      reason: expect.stringContaining('45009'),
    });
    expect(robot(kind).requests.length - requests).toBe(3);
    robot(kind).rateLimitNext(0);
    // DingTalk blocks for 10 minutes: not waited for in-process, handed back at once.
    robot('dingtalk').rateLimitNext(1);
    const blocked = await sender(specOf('dingtalk')).send(report);
    expect(blocked).toMatchObject({ status: 'retryable', attempts: 1 });
    expect(blocked.status === 'retryable' && blocked.retryAfterMs).toBe(600_000);
  });

  it('a network failure is retryable and names no token', async () => {
    const result = await sender(`wecom:http://127.0.0.1:9/cgi-bin/webhook/send?key=${TOKEN}`, {
      maxAttempts: 2,
    }).send(report);
    expect(result.status).toBe('retryable');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('paces one destination to 20 messages per sliding minute, so a robot limiting at 20 never refuses', async () => {
    const clock = virtualClock();
    const paced = await startRobot('wecom', { token: TOKEN, perMinute: 20, now: clock.now });
    try {
      const send = new HttpNotificationSender(
        localDestination(parseNotifySpec(notifySpec(paced))),
        { clock },
      );
      const start = clock.t;
      for (let i = 0; i < 45; i += 1) {
        const result = await send.send(reportNotification(sampleReport({ id: String(i) })));
        expect(result.status).toBe('delivered');
      }
      const times = paced.requests.map((request) => request.at - start);
      expect(paced.requests.every((request) => request.verdict === 'ok')).toBe(true);
      for (let i = 20; i < times.length; i += 1) {
        expect((times[i] ?? 0) - (times[i - 20] ?? 0)).toBeGreaterThanOrEqual(60_000);
      }
      for (let i = 1; i < times.length; i += 1)
        expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
      // 45 messages at 20 a minute: the last goes out after two full minutes, not before.
      expect(times.at(-1)).toBeGreaterThanOrEqual(120_000);
    } finally {
      await paced.close();
    }
  });

  it.each(NOTIFY_KINDS)(
    '%s: a digest of 400 reports is cut to the vendor limit with "N more reports" and accepted',
    async (kind) => {
      const reports = manyReports(400);
      const digest = digestNotification(
        buildDigest(reports, {
          since: new Date('2026-12-01T00:00:00Z'),
          until: new Date('2026-12-02T00:00:00Z'),
        }),
      );
      const before = robot(kind).messages.length;
      const result = await sender(specOf(kind)).send(digest);
      expect(result.status).toBe('delivered');
      const body = JSON.stringify(robot(kind).messages.slice(before));
      if (kind !== 'webhook') expect(body).toMatch(/\d+ more reports/);
    },
  );
});
