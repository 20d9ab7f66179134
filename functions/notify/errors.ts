/** A `--notify` spec (or a stored secret value) that does not parse; the message names why. */
export class NotifySpecError extends Error {
  override readonly name = 'NotifySpecError';
}

/**
 * A delivery that may succeed later (rate limit, 5xx, network): thrown to the caller so the
 * message is retried by its queue (Lambda) or by the next cycle (CLI).
 */
export class RetryableDeliveryError extends Error {
  override readonly name = 'RetryableDeliveryError';
  constructor(
    message: string,
    readonly destinationId: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/** A destination's secret could not be read or does not hold a valid spec. */
export class DestinationConfigError extends Error {
  override readonly name = 'DestinationConfigError';
}
