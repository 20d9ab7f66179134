import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotifyKind } from '../../../functions/notify/types.js';

/**
 * Local robots (127.0.0.1 only) that implement each vendor's documented webhook contract, for
 * tests: the token check, signature and timestamp window, size limits, the rate limit of 20
 * messages a minute, and the vendor's own error codes and HTTP statuses. Written from the
 * vendors' documentation, independently of the code under test.
 */

export interface RobotOptions {
  /** Token the robot's URL must carry. @default 'TOKEN' */
  token?: string;
  /** Signing secret the robot verifies (DingTalk, Feishu, generic webhook); none when omitted. */
  secret?: string;
  /** Messages accepted per sliding minute before the rate-limit answer; Infinity turns it off. */
  perMinute?: number;
  /** The robot's clock (ms), for timestamp windows and the rate window. */
  now?: () => number;
}

interface RobotRequest {
  at: number;
  /** What the robot answered: `ok`, `rate-limited`, `bad-token`, `bad-sign`, `too-large`, `bad-body`. */
  verdict: string;
  status: number;
}

export interface Robot {
  kind: NotifyKind;
  /** The webhook URL with the right token (no secret parameter). */
  url: string;
  /** The same robot with a wrong token. */
  wrongTokenUrl: string;
  /** Accepted message bodies, in order. */
  messages: unknown[];
  requests: RobotRequest[];
  /** The next `times` requests get the vendor's rate-limit answer whatever the window says. */
  rateLimitNext(times: number): void;
  close(): Promise<void>;
}

type Answer = { status: number; body: string; headers?: Record<string, string>; verdict: string };

const MAX_BODY_BYTES = 1024 * 1024;
const HOUR_MS = 3_600_000;

const json = (
  status: number,
  value: unknown,
  verdict: string,
  headers?: Record<string, string>,
): Answer => ({
  status,
  body: JSON.stringify(value),
  verdict,
  ...(headers ? { headers } : {}),
});

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseBody(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

interface Context {
  url: URL;
  raw: string;
  headers: http.IncomingHttpHeaders;
  token: string;
  secret: string | null;
  now: number;
  limited: boolean;
}

/** Each vendor: the URL path for a token, and the answer to one request. */
const CONTRACTS: Record<
  NotifyKind,
  { path: (token: string) => string; answer: (c: Context) => Answer }
> = {
  // 企业微信 group robot: key in the query; errcode 93000 bad key, 40058 too long, 45009 rate limit.
  wecom: {
    path: (token) => `/cgi-bin/webhook/send?key=${token}`,
    answer: (c) => {
      if (c.url.pathname !== '/cgi-bin/webhook/send' || c.url.searchParams.get('key') !== c.token) {
        return json(200, { errcode: 93000, errmsg: 'invalid webhook url' }, 'bad-token');
      }
      const body = parseBody(c.raw);
      const content = record(body?.markdown).content;
      if (body?.msgtype !== 'markdown' || typeof content !== 'string') {
        return json(200, { errcode: 40008, errmsg: 'invalid message type' }, 'bad-body');
      }
      if (Buffer.byteLength(content) > 4096) {
        return json(
          200,
          { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' },
          'too-large',
        );
      }
      if (c.limited)
        return json(200, { errcode: 45009, errmsg: 'api freq out of limit' }, 'rate-limited');
      return json(200, { errcode: 0, errmsg: 'ok' }, 'ok');
    },
  },
  // 钉钉 custom robot: access_token; 加签 timestamp (ms, ±1 h) and sign; 300001 token, 310000 sign,
  // 130101 more than 20 a minute.
  dingtalk: {
    path: (token) => `/robot/send?access_token=${token}`,
    answer: (c) => {
      if (c.url.searchParams.get('access_token') !== c.token) {
        return json(200, { errcode: 300001, errmsg: 'token is not exist' }, 'bad-token');
      }
      if (c.secret !== null) {
        const timestamp = Number(c.url.searchParams.get('timestamp'));
        const sign = c.url.searchParams.get('sign') ?? '';
        if (!Number.isFinite(timestamp) || Math.abs(c.now - timestamp) > HOUR_MS) {
          return json(200, { errcode: 310000, errmsg: 'invalid timestamp' }, 'bad-sign');
        }
        const expected = createHmac('sha256', c.secret)
          .update(`${timestamp}\n${c.secret}`)
          .digest('base64');
        if (!sameText(sign, expected))
          return json(200, { errcode: 310000, errmsg: 'sign not match' }, 'bad-sign');
      }
      const body = parseBody(c.raw);
      const markdown = record(body?.markdown);
      if (
        body?.msgtype !== 'markdown' ||
        typeof markdown.title !== 'string' ||
        typeof markdown.text !== 'string'
      ) {
        return json(200, { errcode: 400105, errmsg: 'msgtype or content missing' }, 'bad-body');
      }
      if (Buffer.byteLength(markdown.text) > 20_000) {
        return json(200, { errcode: 460101, errmsg: 'message too long' }, 'too-large');
      }
      if (c.limited) {
        return json(
          200,
          { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' },
          'rate-limited',
        );
      }
      return json(200, { errcode: 0, errmsg: 'ok' }, 'ok');
    },
  },
  // 飞书 custom bot: token in the path; signature in the body (seconds, ±1 h; key "ts\nsecret"
  // over an empty message); 19021 bad sign, 9499 body over 20 KB, 11232 rate limit.
  feishu: {
    path: (token) => `/open-apis/bot/v2/hook/${token}`,
    answer: (c) => {
      if (c.url.pathname !== `/open-apis/bot/v2/hook/${c.token}`) {
        return json(
          200,
          { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} },
          'bad-token',
        );
      }
      if (Buffer.byteLength(c.raw) > 20 * 1024)
        return json(400, { code: 9499, msg: 'Bad Request', data: {} }, 'too-large');
      const body = parseBody(c.raw);
      if (c.secret !== null) {
        const timestamp = Number(body?.timestamp);
        const expected = createHmac('sha256', `${body?.timestamp}\n${c.secret}`)
          .update('')
          .digest('base64');
        if (
          typeof body?.timestamp !== 'string' ||
          !Number.isFinite(timestamp) ||
          Math.abs(c.now / 1000 - timestamp) > 3600 ||
          typeof body.sign !== 'string' ||
          !sameText(body.sign, expected)
        ) {
          return json(
            200,
            {
              code: 19021,
              msg: 'sign match fail or timestamp is not within one hour from current time',
              data: {},
            },
            'bad-sign',
          );
        }
      }
      const card = record(body?.card);
      const okShape =
        (body?.msg_type === 'interactive' && Array.isArray(card.elements)) ||
        (body?.msg_type === 'post' && body.content !== undefined);
      if (!okShape) return json(400, { code: 9499, msg: 'Bad Request', data: {} }, 'bad-body');
      if (c.limited)
        return json(
          200,
          { code: 11232, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]', data: {} },
          'rate-limited',
        );
      return json(
        200,
        { StatusCode: 0, StatusMessage: 'success', code: 0, msg: 'success', data: {} },
        'ok',
      );
    },
  },
  // Slack incoming webhook: token in the path; 403 invalid_token, 404 no_service, 400 for bad
  // blocks, 429 rate_limited with Retry-After; 200 "ok".
  slack: {
    path: (token) => `/services/T0000/B0000/${token}`,
    answer: (c) => {
      const text = (
        status: number,
        body: string,
        verdict: string,
        headers?: Record<string, string>,
      ): Answer => ({
        status,
        body,
        verdict,
        ...(headers ? { headers } : {}),
      });
      const parts = c.url.pathname.split('/');
      if (parts[1] !== 'services' || parts.length !== 5)
        return text(404, 'no_service', 'bad-token');
      if (parts[4] !== c.token) return text(403, 'invalid_token', 'bad-token');
      const body = parseBody(c.raw);
      if (!body || (typeof body.text !== 'string' && !Array.isArray(body.blocks)))
        return text(400, 'invalid_payload', 'bad-body');
      const blocks = Array.isArray(body.blocks) ? body.blocks.map(record) : [];
      const tooBig =
        blocks.length > 50 ||
        blocks.some((block) => {
          const value = record(block.text).text;
          const chars = typeof value === 'string' ? [...value].length : 0;
          return block.type === 'header'
            ? chars > 150
            : block.type === 'section'
              ? chars > 3000
              : false;
        });
      if (tooBig) return text(400, 'invalid_blocks', 'too-large');
      if (c.limited) return text(429, 'rate_limited', 'rate-limited', { 'retry-after': '1' });
      return text(200, 'ok', 'ok');
    },
  },
  // A generic receiver: any path; verifies X-Newsmon-Signature when it knows a secret.
  webhook: {
    path: (token) => `/hooks/${token}`,
    answer: (c) => {
      if (c.url.pathname !== `/hooks/${c.token}`)
        return json(404, { error: 'not found' }, 'bad-token');
      if (c.secret !== null) {
        const expected = `sha256=${createHmac('sha256', c.secret).update(c.raw).digest('hex')}`;
        const given = String(c.headers['x-newsmon-signature'] ?? '');
        if (!sameText(given, expected)) return json(401, { error: 'bad signature' }, 'bad-sign');
      }
      if (!parseBody(c.raw)) return json(400, { error: 'not JSON' }, 'bad-body');
      if (c.limited)
        return json(429, { error: 'slow down' }, 'rate-limited', { 'retry-after': '1' });
      return json(202, { accepted: true }, 'ok');
    },
  },
};

/** Starts one robot of `kind` on 127.0.0.1 (a free port). */
export async function startRobot(kind: NotifyKind, options: RobotOptions = {}): Promise<Robot> {
  const token = options.token ?? 'TOKEN';
  const secret = options.secret ?? null;
  const perMinute = options.perMinute ?? 20;
  const now = options.now ?? (() => Date.now());
  const contract = CONTRACTS[kind];
  const accepted: number[] = [];
  const messages: unknown[] = [];
  const requests: RobotRequest[] = [];
  let forced = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const at = now();
      let answer: Answer;
      if (req.method !== 'POST') answer = { status: 405, body: 'POST only', verdict: 'bad-body' };
      else if (size > MAX_BODY_BYTES)
        answer = { status: 413, body: 'too large', verdict: 'too-large' };
      else {
        while (accepted.length > 0 && (accepted[0] ?? 0) <= at - 60_000) accepted.shift();
        const limited = forced > 0 || accepted.length >= perMinute;
        answer = contract.answer({
          url: new URL(req.url ?? '/', 'http://robot'),
          raw: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
          token,
          secret,
          now: at,
          limited,
        });
        if (answer.verdict === 'rate-limited' && forced > 0) forced -= 1;
        if (answer.verdict === 'ok') {
          accepted.push(at);
          messages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        }
      }
      requests.push({ at, verdict: answer.verdict, status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    kind,
    url: `${origin}${contract.path(token)}`,
    wrongTokenUrl: `${origin}${contract.path(`${token}-WRONG`)}`,
    messages,
    requests,
    rateLimitNext(times) {
      forced = times;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `--notify` spec of a robot: `kind:url`, with `secret=` when it verifies signatures. */
export function notifySpec(robot: Robot, secret?: string, url = robot.url): string {
  if (!secret) return `${robot.kind}:${url}`;
  return `${robot.kind}:${url}${url.includes('?') ? '&' : '?'}secret=${encodeURIComponent(secret)}`;
}
