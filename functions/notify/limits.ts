import { TUNABLES } from '../shared/tunables.js';

/**
 * Caps of the notification module: each vendor's documented limit, and newsmon's own pacing and
 * retry bounds. One place, so the docs' limits table and the code agree.
 */

/** WeCom (企业微信) group robot: `markdown.content` at most 4,096 bytes of UTF-8 (errcode 40058 beyond). */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

/**
 * DingTalk (钉钉) custom robot: the request body is capped by the platform (20,000 bytes is the
 * documented text limit); the markdown text is kept within this many UTF-8 bytes.
 */
export const DINGTALK_MARKDOWN_MAX_BYTES = 20_000;

/** Feishu/Lark (飞书) custom bot: the whole request body at most 20 KB (code 9499 beyond). */
export const FEISHU_BODY_MAX_BYTES = 20 * 1024;

/** Slack Block Kit: at most 50 blocks per message. */
export const SLACK_MAX_BLOCKS = 50;
/** Slack Block Kit: a section's text at most 3,000 characters. */
export const SLACK_SECTION_MAX_CHARS = 3000;
/** Slack Block Kit: a header's plain text at most 150 characters. */
export const SLACK_HEADER_MAX_CHARS = 150;
/** Slack: the top-level `text` (notification fallback) is kept this short; Slack cuts at 40,000. */
export const SLACK_FALLBACK_MAX_CHARS = 3000;

/** Generic webhook: the JSON body at most this many bytes (the alert JSON is already ≤ 240 KB). */
export const WEBHOOK_BODY_MAX_BYTES = 256 * 1024;

/** Figures listed in one report message; the rest are counted as "N more figures". */
export const MESSAGE_MAX_FIGURES = 8;
/** A title longer than this many characters is cut (with `…`) in chat messages. */
export const MESSAGE_TITLE_MAX_CHARS = 120;
/** One figure line longer than this many characters is cut (with `…`). */
export const MESSAGE_LINE_MAX_CHARS = 200;

/** Digest: reports read for one digest at most (newest first); the count says when more existed. */
export const DIGEST_MAX_REPORTS = 500;
/** Digest: figures shown per report (figures with a change first). */
export const DIGEST_FIGURES_PER_REPORT = 3;

/**
 * Robots accept about 20 messages a minute per robot (WeCom and DingTalk document 20; DingTalk
 * then blocks the robot for 10 minutes): sends to one destination are paced to this many per
 * sliding minute. Tunable with `NOTIFY_MESSAGES_PER_MINUTE`.
 */
export const DEFAULT_MESSAGES_PER_MINUTE: number = TUNABLES.notifyMessagesPerMinute.default;
/** Slack allows about one message a second per webhook; Feishu 5 a second: never send faster. */
export const MIN_SEND_GAP_MS = 1000;

/**
 * Batches of one destination's queue the notifier function handles at once (Lambda's minimum
 * for an SQS event source). Each batch's process paces on its own, so each keeps to this share
 * of the destination's pace and the robot never sees more than the pace in total.
 */
export const NOTIFIER_BATCHES_IN_FLIGHT = 2;

/** Attempts per message and destination (first try included) before giving up as retryable. */
export const DEFAULT_MAX_ATTEMPTS: number = TUNABLES.notifyMaxAttempts.default;
/** First backoff after a retryable answer; doubles per attempt. Tunable with `NOTIFY_RETRY_BASE_MS`. */
export const DEFAULT_RETRY_BASE_MS: number = TUNABLES.notifyRetryBaseMs.default;
/**
 * A retry due later than this (a `Retry-After` of minutes, DingTalk's 10-minute block) is not
 * waited for in-process: the message goes back to its queue (Lambda) or to the next cycle (CLI).
 */
export const RETRY_MAX_WAIT_MS = 30_000;

/** One HTTP request to a robot at most this long. */
export const SEND_TIMEOUT_MS = 10_000;
/** A robot's answer read at most this many bytes (they answer with a few hundred). */
export const RESPONSE_MAX_BYTES = 64 * 1024;

/**
 * An idempotency claim older than this is considered abandoned (a crash between send and record)
 * and may be taken over: longer than one message's attempts and pacing wait.
 */
export const DELIVERY_LEASE_MS = 5 * 60 * 1000;
