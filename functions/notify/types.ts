import type { Metric } from '../metrics/types.js';
import type { Article } from '../rednet/types.js';

/** Where a notification can go. */
export const NOTIFY_KINDS = ['wecom', 'dingtalk', 'feishu', 'slack', 'webhook'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export function isNotifyKind(value: string): value is NotifyKind {
  return (NOTIFY_KINDS as readonly string[]).includes(value);
}

/** A parsed `--notify` spec: the webhook URL without its `secret` parameter, and that secret. */
export interface NotifyTarget {
  kind: NotifyKind;
  /** Webhook URL (contains the robot's token: never log it, use `redactUrl`). */
  url: string;
  /** Signing secret (DingTalk 加签, Feishu 签名校验), or null. */
  secret: string | null;
}

/** A destination: a target with a stable id (idempotency records, logs, metrics). */
export interface NotifyDestination extends NotifyTarget {
  id: string;
}

/**
 * What one chat message says, vendor-neutral. Renderers turn it into each robot's payload and
 * cut `lines` (never the title or link) to the vendor's size limit, adding `more(n)`.
 */
export interface MessageDoc {
  /** Headline (one line, already cleaned). */
  title: string;
  /** Where the headline links, or null. */
  link: string | null;
  /** Short facts under the title: time, source and site. */
  meta: string[];
  /** Groups of lines (figures of a report; reports of a site in a digest). */
  sections: MessageSection[];
  /** Lines left out before rendering (beyond the message's figure count). */
  omitted: number;
  /** The line that replaces `n` lines cut for size: "… 3 more figures". */
  more: (n: number) => string;
}

interface MessageSection {
  heading: string | null;
  lines: MessageLine[];
}

export interface MessageLine {
  text: string;
  /** Link for the line (a report in a digest), or null. */
  link: string | null;
}

/** A notification: the readable document plus the machine JSON the generic webhook posts. */
export interface Notification {
  /** Idempotency item: `ART#<id>` for a report, `DIGEST#<date>` for a digest. */
  itemId: string;
  doc: MessageDoc;
  /** Generic webhook body: `{ article, metrics }` (the `extract --json` shape) or the digest. */
  json: unknown;
}

/** The `{ article, metrics }` shape of `newsmon extract --json` and of the alert JSON. */
export interface ReportJson {
  article: Article;
  metrics: Metric[];
  truncated?: unknown;
}

/** What a robot's answer means. */
export type Verdict =
  | { status: 'ok' }
  | { status: 'retry'; reason: string; retryAfterMs: number | null }
  | { status: 'permanent'; reason: string };

/** Outcome of sending one notification to one destination (after paced, bounded retries). */
export type SendResult =
  | { status: 'delivered'; attempts: number }
  | { status: 'retryable'; attempts: number; reason: string; retryAfterMs: number | null }
  | { status: 'permanent'; attempts: number; reason: string };
