import type { Node } from 'constructs';
import * as z from 'zod';
import {
  ALERT_ATTRIBUTE_NAMES,
  isAlertAttributeName,
} from '../functions/alerts/alert-attributes.js';
import { parseAlertWindow } from '../functions/monitor/config.js';
import { NOTIFY_KINDS } from '../functions/notify/types.js';
import { DEFAULT_ALERT_WINDOW } from '../functions/shared/duration.js';
import { TUNABLES, type Tunable } from '../functions/shared/tunables.js';

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** Lambda caps all environment variables of a function at 4 KB together; leave room for the rest. */
const MAX_SOURCES_JSON_BYTES = 3000;

// `cdk deploy -c key=value` always delivers strings, cdk.json delivers parsed JSON: accept both.
const parseJsonString = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

const parseNumberString = (value: unknown): unknown =>
  typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

const parseBooleanString = (value: unknown): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** A whole number with the default and bounds of its row in the tunables table. */
const integer = ({ min, max, default: fallback }: Tunable) =>
  z.preprocess(
    parseNumberString,
    z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

type TunableRows = typeof TUNABLES;
/** Context key → schema, for every tunable that is a deploy-time setting. */
type TunableContextShape = {
  [K in keyof TunableRows as TunableRows[K] extends { contextKey: infer C extends string }
    ? C
    : never]: ReturnType<typeof integer>;
};
const tunableContextShape = Object.fromEntries(
  Object.values(TUNABLES as Record<string, Tunable>)
    .filter((row) => row.contextKey !== undefined)
    .map((row) => [row.contextKey, integer(row)]),
) as TunableContextShape;

// `-c opsEmails=a@x.org,b@y.org` is the natural CLI spelling; JSON arrays work everywhere.
const parseList = (value: unknown): unknown =>
  typeof value === 'string' && !value.trim().startsWith('[')
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : parseJsonString(value);

const jsonList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    parseList,
    z.array(item, { error: 'must be a JSON array, e.g. ["me@example.com"]' }).default([]),
  );

const email = z.email({ error: 'must be an email address' });

const filterCondition = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.record(z.string(), z.unknown()),
]);

/** An SNS filter policy on message attributes: attribute name → list of conditions. */
const filterPolicy = z
  .record(
    z.string(),
    z.array(filterCondition).min(1, 'each attribute needs at least one condition'),
    {
      error: 'must be an SNS filter policy object, e.g. {"site":["hy"]}',
    },
  )
  .superRefine((policy, ctx) => {
    const names = Object.keys(policy);
    const unknown = names.filter((name) => !isAlertAttributeName(name));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown alert attribute ${unknown.join(', ')}; use ${ALERT_ATTRIBUTE_NAMES.join(', ')}`,
      });
    }
    if (names.length === 0)
      ctx.addIssue({ code: 'custom', message: 'must name at least one attribute' });
    if (names.length > 5)
      ctx.addIssue({ code: 'custom', message: 'SNS allows at most 5 attributes' });
  });

// A bare string is shorthand for an unfiltered subscription; normalise to one shape.
const alertEmail = z.preprocess(
  (value) => (typeof value === 'string' ? { email: value } : value),
  z.strictObject(
    { email, filterPolicy: filterPolicy.optional() },
    { error: 'each entry must be an email or {"email": "...", "filterPolicy": {...}}' },
  ),
);

const source = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .refine((url) => url.length > 0),
  name: z.string().trim().min(1, 'must not be empty'),
});

const sources = z.preprocess(
  parseJsonString,
  z
    .array(source, { error: 'must be a JSON array of {"url", "name"}' })
    .min(1, 'must list at least one source (omit the key for the built-in sources)')
    .refine(
      (list) => new Set(list.map((s) => s.url)).size === list.length,
      'must not list a URL twice',
    )
    .refine(
      (list) => Buffer.byteLength(JSON.stringify(list)) <= MAX_SOURCES_JSON_BYTES,
      `must fit in ${MAX_SOURCES_JSON_BYTES} bytes of JSON (Lambda environment limit)`,
    )
    .optional(),
);

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((\S+ ){5}\S+\)$/;
const MINUTES_PER_UNIT: Record<string, number> = {
  minute: 1,
  minutes: 1,
  hour: 60,
  hours: 60,
  day: 1440,
  days: 1440,
};
/** Politeness towards rednet.cn: a cycle fetches up to a few dozen pages. */
const MIN_RATE_MINUTES = 5;

/** EventBridge Scheduler's rate()/cron() grammar, no more often than every MIN_RATE_MINUTES. */
const checkSchedule = (value: string, ctx: z.RefinementCtx): void => {
  const rate = RATE.exec(value);
  if (rate) {
    const amount = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (amount === 1 && unit.endsWith('s')) {
      ctx.addIssue({
        code: 'custom',
        message: `use the singular unit for 1: rate(1 ${unit.slice(0, -1)})`,
      });
    } else if (amount !== 1 && !unit.endsWith('s')) {
      ctx.addIssue({ code: 'custom', message: `use the plural unit: rate(${amount} ${unit}s)` });
    } else if (amount * (MINUTES_PER_UNIT[unit] ?? 0) < MIN_RATE_MINUTES) {
      ctx.addIssue({
        code: 'custom',
        message: `must not run more often than every ${MIN_RATE_MINUTES} minutes`,
      });
    }
    return;
  }
  if (CRON.test(value)) {
    const fields = value.slice('cron('.length, -1).split(' ');
    if (fields[2] !== '?' && fields[4] !== '?') {
      ctx.addIssue({
        code: 'custom',
        message: 'cron needs `?` in the day-of-month or day-of-week field',
      });
    }
    return;
  }
  ctx.addIssue({
    code: 'custom',
    message:
      'must be rate(N minutes|hours|days) or cron(min hour day-of-month month day-of-week year)',
  });
};

const schedule = z.string().default('rate(15 minutes)').superRefine(checkSchedule);

const timeZone = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone, e.g. Asia/Shanghai');

/** Chat robots and webhooks the notifier can post to (functions/notify has one sender each). */
export { NOTIFY_KINDS };

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:[\w-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const PARAMETER_NAME = /^\/[A-Za-z0-9/_.-]{1,1010}$/;

/**
 * Where a destination's webhook URL (and signing secret) lives: a Secrets Manager secret name or
 * ARN, or an SSM SecureString parameter name, which always starts with `/`.
 */
const secretRef = z
  .string({ error: 'must be a Secrets Manager name or ARN, or an SSM parameter name (/…)' })
  .trim()
  .refine(
    (value) =>
      value.startsWith('/')
        ? PARAMETER_NAME.test(value)
        : value.startsWith('arn:')
          ? SECRET_ARN.test(value)
          : SECRET_NAME.test(value),
    'must be a Secrets Manager name or ARN, or an SSM parameter name (/…)',
  );

const notifyDestination = z.strictObject(
  {
    id: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,40}$/, 'must be 1-40 letters, digits or -')
      .optional(),
    kind: z.enum(NOTIFY_KINDS, { error: `must be one of ${NOTIFY_KINDS.join(', ')}` }),
    secret: secretRef,
    filterPolicy: filterPolicy.optional(),
  },
  { error: 'each entry must be {"kind": "...", "secret": "...", "filterPolicy": {...}}' },
);

/** At most 10 destinations: each is a queue, a dead-letter queue and an alarm. */
export const MAX_NOTIFY_DESTINATIONS = 10;

const notify = z.preprocess(
  parseJsonString,
  z
    .array(notifyDestination, { error: 'must be a JSON array of {"kind", "secret"}' })
    .max(MAX_NOTIFY_DESTINATIONS, `must list at most ${MAX_NOTIFY_DESTINATIONS} destinations`)
    .default([])
    .transform((list, ctx) => {
      const counts = new Map<string, number>();
      const withIds = list.map((entry) => {
        const n = (counts.get(entry.kind) ?? 0) + 1;
        counts.set(entry.kind, n);
        return { ...entry, id: entry.id ?? `${entry.kind}-${n}` };
      });
      const ids = withIds.map((entry) => entry.id);
      if (new Set(ids).size !== ids.length) {
        ctx.addIssue({ code: 'custom', message: 'must not repeat a destination id' });
      }
      return withIds;
    }),
);

/** The digest schedule: a rate()/cron() expression, or the empty string for no digest. */
const digestSchedule = z
  .string()
  .default('cron(0 18 * * ? *)')
  .superRefine((value, ctx) => {
    if (value.trim() !== '') checkSchedule(value.trim(), ctx);
  })
  .transform((value) => value.trim());

export const stackConfigSchema = z.object({
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name')
    .default('Newsmon'),
  removalPolicy: z
    .enum(['retain', 'destroy'], { error: 'must be "retain" or "destroy"' })
    .default('retain'),
  alertEmails: jsonList(alertEmail),
  opsEmails: jsonList(email),
  sources,
  // The function's own parser, so the stack never passes a window the function rejects.
  alertWindow: z
    .string()
    .refine(
      (window) => parseAlertWindow(window) !== null,
      'must be minutes, hours or days such as 30m, 6h or 7d, or "all"',
    )
    .default(DEFAULT_ALERT_WINDOW),
  logLevel: z
    .enum(['DEBUG', 'INFO', 'WARN', 'ERROR'], { error: 'must be DEBUG, INFO, WARN or ERROR' })
    .default('INFO'),
  logRetentionDays: z.preprocess(
    parseNumberString,
    z
      .number({ error: 'must be a number' })
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
  ),
  schedule,
  scheduleTimeZone: timeZone('UTC'),
  scheduleEnabled: z.preprocess(
    parseBooleanString,
    z.boolean({ error: 'must be true or false' }).default(true),
  ),
  /**
   * `none`: the operations topic, which carries only alarm state changes, is not encrypted at rest
   * (CloudWatch cannot publish to a topic under the AWS-managed aws/sns key). `cmk`: a
   * customer-managed key for it (US$1/month), usable by CloudWatch only for this stack's alarms.
   */
  opsTopicEncryption: z.enum(['none', 'cmk'], { error: 'must be "none" or "cmk"' }).default('none'),
  notify,
  digestSchedule,
  digestScheduleTimeZone: timeZone('Asia/Shanghai'),
  digestEmails: jsonList(email),
  ...tunableContextShape,
});

export type StackConfig = z.output<typeof stackConfigSchema>;
export type AlertEmail = StackConfig['alertEmails'][number];
export type NotifyDestinationConfig = StackConfig['notify'][number];

/** Every context key the stack reads; anything else under these names is ignored by CDK itself. */
export const CONTEXT_KEYS = Object.keys(stackConfigSchema.shape) as (keyof StackConfig)[];

/** Thrown at synth when CDK context is invalid; the one-line message names every bad key. */
export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
}

/**
 * Validates raw context values (from cdk.json or `-c key=value`).
 *
 * @throws StackConfigError `invalid newsmon context: key: reason; key: reason`
 */
export function parseStackConfig(raw: Record<string, unknown>): StackConfig {
  const result = stackConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path
      .map((part, index) =>
        typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
      )
      .join('');
    return `${key || '(context)'}: ${issue.message}`;
  });
  throw new StackConfigError(`invalid newsmon context: ${problems.join('; ')}`);
}

/** Reads every newsmon context key from the construct tree and validates them together. */
export function readStackConfig(node: Node): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }
  return parseStackConfig(raw);
}
