import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_KINDS, type NotifyKind } from '../../functions/notify/types.js';
import { type FixtureSite, startFixtureSite } from '../support/fixture-site.js';
import { notifySpec, type Robot, startRobot } from '../support/robots/robot-server.js';
import { lines, makeTempDir, runCli } from './cli-harness.js';

const TOKEN = 'e2e0123456789abcdefTOKEN';
const SECRET = 'SECe2e0123456789abcdef';
const SIGNED: readonly NotifyKind[] = ['dingtalk', 'feishu', 'webhook'];
/** Fast pacing and backoff against local robots; the vendors' real pace is the default. */
const ENV = { NOTIFY_MESSAGES_PER_MINUTE: '6000', NOTIFY_RETRY_BASE_MS: '50' };

/** The article id each robot's messages name (report link or webhook JSON). */
function articleIds(robot: Robot): string[] {
  return robot.messages.map((message) => {
    if (robot.kind === 'webhook') return (message as { article: { id: string } }).article.id;
    const ids = JSON.stringify(message).match(/\/(\d{6,})\.html/);
    return ids?.[1] ?? '?';
  });
}

describe('newsmon run --notify against the fixture site and local robots', () => {
  let site: FixtureSite;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const robots: Robot[] = [];
  let args: string[];

  beforeAll(async () => {
    site = await startFixtureSite();
    temp = await makeTempDir('notify');
    for (const kind of NOTIFY_KINDS) {
      const secret = SIGNED.includes(kind) ? SECRET : undefined;
      robots.push(
        await startRobot(kind, {
          token: TOKEN,
          perMinute: Infinity,
          ...(secret ? { secret } : {}),
        }),
      );
    }
    args = [
      'run',
      '--source',
      site.url('/channel/7417.html'),
      '--source',
      site.url('/channel/7399.html'),
      '--alert-window',
      'all',
      '--json',
      '--db',
      temp.dir,
      ...robots.flatMap((robot) => [
        '--notify',
        notifySpec(robot, SIGNED.includes(robot.kind) ? SECRET : undefined),
      ]),
    ];
  });

  afterAll(async () => {
    await Promise.all([site?.close(), temp?.remove(), ...robots.map((robot) => robot.close())]);
  });

  it('delivers exactly one message per new report to each destination, also after a rate-limit answer, and a repeated cycle delivers none', async () => {
    const wecom = robots.find((robot) => robot.kind === 'wecom');
    wecom?.rateLimitNext(1);
    const first = await runCli(args, { cwd: temp.dir, env: ENV });
    expect(first.stderr).not.toContain(TOKEN);
    expect(first.stderr).not.toContain(SECRET);
    expect(first.code).toBe(0);
    const alerted = lines(first.stdout).map(
      (line) => (JSON.parse(line) as { article: { id: string } }).article.id,
    );
    expect(alerted.length).toBeGreaterThanOrEqual(4);
    for (const robot of robots) {
      expect([robot.kind, articleIds(robot).sort()]).toEqual([robot.kind, [...alerted].sort()]);
    }
    expect(wecom?.requests.filter((request) => request.verdict === 'rate-limited')).toHaveLength(1);

    const second = await runCli(args, { cwd: temp.dir, env: ENV });
    expect(second.code).toBe(0);
    expect(lines(second.stdout)).toHaveLength(0);
    for (const robot of robots) expect(robot.messages).toHaveLength(alerted.length);
  });

  it('newsmon digest --notify sends one digest message to each destination', async () => {
    const before = robots.map((robot) => robot.messages.length);
    const result = await runCli(
      [
        'digest',
        '--since',
        '3650d',
        '--db',
        temp.dir,
        ...robots.flatMap((robot) => [
          '--notify',
          notifySpec(robot, SIGNED.includes(robot.kind) ? SECRET : undefined),
        ]),
      ],
      { cwd: temp.dir, env: ENV },
    );
    expect(result.stderr).toContain('digest delivered to 5 of 5 destinations');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Daily digest');
    robots.forEach((robot, i) => {
      expect(robot.messages.length - (before[i] ?? 0)).toBe(1);
    });
  });

  it('a destination that refuses the token makes newsmon run exit 1 and say the deliveries will not be retried', async () => {
    const wecom = robots.find((robot) => robot.kind === 'wecom');
    if (!wecom) throw new Error('no wecom robot');
    const fresh = await makeTempDir('notify-refused');
    try {
      const result = await runCli(
        [
          'run',
          '--source',
          site.url('/channel/7417.html'),
          '--alert-window',
          'all',
          '--db',
          fresh.dir,
          '--notify',
          notifySpec(wecom, undefined, wecom.wrongTokenUrl),
        ],
        { cwd: fresh.dir, env: ENV },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/✗ \d+ --notify deliver(y was|ies were) refused/);
      expect(wecom.requests.some((request) => request.verdict === 'bad-token')).toBe(true);
    } finally {
      await fresh.remove();
    }
  });

  it('a bad --notify value is a usage error that shows no token', async () => {
    const result = await runCli(
      ['run', '--notify', `https://example.org/hook?token=${TOKEN}`, '--db', temp.dir],
      {
        cwd: temp.dir,
        env: ENV,
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot tell the kind/);
    expect(result.stderr).not.toContain(TOKEN);
  });
});
