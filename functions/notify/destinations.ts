import { TUNABLES, type Tunable } from '../shared/tunables.js';
import { HttpNotificationSender, type SenderOptions } from './adapters/http-notification-sender.js';
import { DestinationConfigError, NotifySpecError } from './errors.js';
import { DEFAULT_MESSAGES_PER_MINUTE, MIN_SEND_GAP_MS } from './limits.js';
import { parseNotifySpec } from './notify-spec.js';
import type { NotificationSender, SecretReader } from './ports.js';
import { isNotifyKind, NOTIFY_KINDS, type NotifyKind, type NotifyTarget } from './types.js';

/** One entry of `NOTIFY_DESTINATIONS` (set by the stack): where the secret is, not the secret. */
export interface DestinationConfig {
  /** Stable id: idempotency records, logs, metrics. */
  id: string;
  kind: NotifyKind;
  /** Secrets Manager name or ARN, or an SSM SecureString parameter name starting with `/`. */
  secret: string;
  /** The SQS queue subscribed for this destination (notifier only). */
  queueArn: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads `NOTIFY_DESTINATIONS`: `[{ "id", "kind", "secret", "queueArn" }]`; an absent or empty
 * value is no destination.
 *
 * @throws DestinationConfigError naming every bad entry
 */
export function parseDestinationsEnv(value: string | undefined): DestinationConfig[] {
  if (value === undefined || value.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw new DestinationConfigError('NOTIFY_DESTINATIONS: not JSON');
  }
  if (!Array.isArray(raw))
    throw new DestinationConfigError('NOTIFY_DESTINATIONS: must be a JSON array');
  const problems: string[] = [];
  const configs: DestinationConfig[] = [];
  const ids = new Set<string>();
  raw.forEach((entry: unknown, index) => {
    const at = `NOTIFY_DESTINATIONS[${index}]`;
    if (entry === null || typeof entry !== 'object') {
      problems.push(`${at}: must be an object`);
      return;
    }
    const record = entry as Record<string, unknown>;
    const { id, kind, secret, queueArn } = record;
    if (typeof id !== 'string' || !ID.test(id))
      problems.push(`${at}.id: 1-64 letters, digits, - or _`);
    else if (ids.has(id)) problems.push(`${at}.id: '${id}' given twice`);
    if (typeof kind !== 'string' || !isNotifyKind(kind))
      problems.push(`${at}.kind: one of ${NOTIFY_KINDS.join(', ')}`);
    if (typeof secret !== 'string' || secret.trim() === '')
      problems.push(`${at}.secret: a secret name, ARN or /parameter`);
    if (
      queueArn !== undefined &&
      queueArn !== null &&
      (typeof queueArn !== 'string' || !queueArn.startsWith('arn:'))
    ) {
      problems.push(`${at}.queueArn: an SQS queue ARN`);
    }
    if (
      typeof id === 'string' &&
      typeof kind === 'string' &&
      isNotifyKind(kind) &&
      typeof secret === 'string'
    ) {
      ids.add(id);
      configs.push({
        id,
        kind,
        secret: secret.trim(),
        queueArn: typeof queueArn === 'string' ? queueArn : null,
      });
    }
  });
  if (problems.length > 0) throw new DestinationConfigError(problems.join('; '));
  return configs;
}

/**
 * The target a stored secret value describes: a `--notify` spec; a bare URL takes the configured
 * kind. A spec naming another kind than the configuration is refused.
 *
 * @throws DestinationConfigError (never quoting the value)
 */
function targetFromSecret(config: DestinationConfig, value: string): NotifyTarget {
  const trimmed = value.trim();
  const spec = /^https?:\/\//i.test(trimmed) ? `${config.kind}:${trimmed}` : trimmed;
  let target: NotifyTarget;
  try {
    target = parseNotifySpec(spec);
  } catch (error) {
    const reason = error instanceof NotifySpecError ? error.message : 'unreadable';
    throw new DestinationConfigError(`destination ${config.id}: secret value: ${reason}`);
  }
  if (target.kind !== config.kind) {
    throw new DestinationConfigError(
      `destination ${config.id}: configured as ${config.kind} but its secret is a ${target.kind} spec`,
    );
  }
  return target;
}

/**
 * Senders per destination, built on first use from the secret (read once per cold start and
 * cached; a failed read is retried on the next use).
 */
export class DestinationSenders {
  private readonly cache = new Map<string, Promise<NotificationSender>>();

  constructor(
    private readonly reader: SecretReader,
    private readonly options: SenderOptions = {},
  ) {}

  sender(config: DestinationConfig): Promise<NotificationSender> {
    const cached = this.cache.get(config.id);
    if (cached) return cached;
    const loading = this.reader.read(config.secret).then((value) => {
      const target = targetFromSecret(config, value);
      return new HttpNotificationSender({ ...target, id: config.id }, this.options);
    });
    loading.catch(() => this.cache.delete(config.id));
    this.cache.set(config.id, loading);
    return loading;
  }
}

/**
 * Sender tuning from the environment (Lambda and CLI share the names; bounds in the tunables table).
 * `sendersPerDestination`: how many processes may send to one destination at the same time; each
 * paces to an equal share, so together they stay within the destination's pace.
 */
export function senderOptionsFromEnv(
  env: Record<string, string | undefined>,
  { sendersPerDestination = 1 }: { sendersPerDestination?: number } = {},
): SenderOptions {
  const options: SenderOptions = {};
  const read = (tunable: Tunable): number | undefined => {
    const name = tunable.env ?? tunable.name;
    const value = env[name]?.trim();
    if (!value) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < tunable.min || number > tunable.max) {
      throw new DestinationConfigError(
        `${name}: a whole number from ${tunable.min} to ${tunable.max}`,
      );
    }
    return number;
  };
  const perMinute = read(TUNABLES.notifyMessagesPerMinute);
  const attempts = read(TUNABLES.notifyMaxAttempts);
  const base = read(TUNABLES.notifyRetryBaseMs);
  // Above the robots' documented pace (tests, a generic webhook) the gap shrinks with it.
  const gapMs =
    perMinute === undefined
      ? MIN_SEND_GAP_MS
      : Math.min(MIN_SEND_GAP_MS, Math.floor(60_000 / perMinute));
  if (perMinute !== undefined || sendersPerDestination > 1) {
    const pace = perMinute ?? DEFAULT_MESSAGES_PER_MINUTE;
    options.messagesPerMinute = Math.max(1, Math.floor(pace / sendersPerDestination));
    options.minGapMs = gapMs * sendersPerDestination;
  }
  if (attempts !== undefined) options.maxAttempts = attempts;
  if (base !== undefined) options.retryBaseMs = base;
  return options;
}
