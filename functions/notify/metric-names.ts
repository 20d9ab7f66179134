/** CloudWatch metric names the notification module emits (namespace Newsmon). */
export const NOTIFY_METRICS = {
  /** Messages a robot accepted. */
  delivered: 'NotificationsDelivered',
  /** Messages skipped because the idempotency record says they were delivered before. */
  duplicates: 'NotificationsSkippedDuplicate',
  /** Rate limits, 5xx and network errors after the last in-process attempt (retried later). */
  retryable: 'NotifyRetryableFailures',
  /** Invalid token or signature, rejected payload: not retried; alarmed. */
  permanent: 'NotifyPermanentFailures',
} as const;
