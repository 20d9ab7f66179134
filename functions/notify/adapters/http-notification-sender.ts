import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MESSAGES_PER_MINUTE,
  DEFAULT_RETRY_BASE_MS,
  MIN_SEND_GAP_MS,
  RESPONSE_MAX_BYTES,
  RETRY_MAX_WAIT_MS,
  SEND_TIMEOUT_MS,
} from '../limits.js';
import { Pacer } from '../pacer.js';
import { type Clock, type NotificationSender, systemClock } from '../ports.js';
import { describeTarget, redactSecrets } from '../redact.js';
import type { Notification, NotifyDestination, SendResult, Verdict } from '../types.js';
import { VENDORS } from '../vendors/index.js';

export interface SenderOptions {
  messagesPerMinute?: number;
  minGapMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxWaitMs?: number;
  timeoutMs?: number;
  clock?: Clock;
}

/**
 * Sends to one robot webhook with Node's fetch: paced (sliding minute + minimum gap), retried
 * with exponential backoff (or the robot's Retry-After) on rate limits, 5xx and network errors,
 * up to `maxAttempts`; permanent answers (bad token, bad signature) return at once. Reasons
 * never contain the URL's token or the secret.
 */
export class HttpNotificationSender implements NotificationSender {
  readonly destinationId: string;
  readonly kind: NotifyDestination['kind'];
  readonly label: string;
  private readonly pacer: Pacer;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxWaitMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly destination: NotifyDestination,
    options: SenderOptions = {},
  ) {
    this.destinationId = destination.id;
    this.kind = destination.kind;
    this.label = describeTarget(destination);
    this.clock = options.clock ?? systemClock;
    this.pacer = new Pacer(
      options.messagesPerMinute ?? DEFAULT_MESSAGES_PER_MINUTE,
      options.minGapMs ?? MIN_SEND_GAP_MS,
      this.clock,
    );
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    this.retryMaxWaitMs = options.retryMaxWaitMs ?? RETRY_MAX_WAIT_MS;
    this.timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  }

  async send(notification: Notification): Promise<SendResult> {
    for (let attempt = 1; ; attempt += 1) {
      await this.pacer.acquire();
      const verdict = await this.attempt(notification);
      if (verdict.status === 'ok') return { status: 'delivered', attempts: attempt };
      const reason = redactSecrets(verdict.reason, this.destination);
      if (verdict.status === 'permanent') return { status: 'permanent', attempts: attempt, reason };
      const backoff = this.retryBaseMs * 2 ** (attempt - 1);
      const wait = Math.max(verdict.retryAfterMs ?? 0, backoff);
      if (attempt >= this.maxAttempts || wait > this.retryMaxWaitMs) {
        return {
          status: 'retryable',
          attempts: attempt,
          reason,
          retryAfterMs: verdict.retryAfterMs,
        };
      }
      await this.clock.sleep(wait);
    }
  }

  private async attempt(notification: Notification): Promise<Verdict> {
    const vendor = VENDORS[this.destination.kind];
    try {
      const request = vendor.prepare(notification, this.destination, this.clock.now());
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        // A redirect would carry the token elsewhere: an answer, not a place to follow.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = await readCapped(response, RESPONSE_MAX_BYTES);
      return vendor.interpret({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body,
      });
    } catch (error) {
      // Network errors and timeouts: the robot may be fine a moment later.
      return { status: 'retry', reason: networkReason(error), retryAfterMs: null };
    }
  }
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed';
  const cause = error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : null;
  if (error.name === 'TimeoutError') return 'timed out';
  return code ?? cause?.message ?? error.message;
}

/** The answer's text, at most `max` bytes (robots answer with a few hundred). */
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= max) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}
