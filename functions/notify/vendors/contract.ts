import type { Notification, NotifyKind, NotifyTarget, Verdict } from '../types.js';

/** The HTTP request for one notification to one robot. */
interface PreparedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A robot's answer, as much of it as the verdict needs. */
export interface RobotAnswer {
  status: number;
  /** The `Retry-After` header, when sent. */
  retryAfter: string | null;
  body: string;
}

/**
 * One vendor's documented contract, pure: the payload for a notification (within the vendor's
 * size limits), the signed request, and what an answer means (delivered, retry, give up).
 */
export interface VendorContract {
  kind: NotifyKind;
  /** The JSON payload before signing (what the tests check against the vendor's limits). */
  render(notification: Notification): unknown;
  prepare(notification: Notification, target: NotifyTarget, nowMs: number): PreparedRequest;
  interpret(answer: RobotAnswer): Verdict;
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date), or null. */
function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** HTTP-level answers every vendor shares: 429 and 5xx are worth retrying, with Retry-After. */
export function httpVerdict(answer: RobotAnswer): Verdict | null {
  if (answer.status === 429 || answer.status === 408 || answer.status >= 500) {
    return {
      status: 'retry',
      reason: `HTTP ${answer.status}`,
      retryAfterMs: retryAfterMs(answer.retryAfter, Date.now()),
    };
  }
  return null;
}

/** The JSON object a Chinese robot answers with, or null when the body is not one. */
export function answerJson(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A short, single-line excerpt of a vendor message for logs. */
export function excerpt(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return text.replace(/\s+/g, ' ').slice(0, 160);
}
