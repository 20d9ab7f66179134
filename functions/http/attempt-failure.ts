import type { FetchErrorReason } from './errors.js';

/** A failed attempt, before the retry loop decides whether it becomes a FetchError. */
export class AttemptFailure extends Error {
  constructor(
    readonly reason: FetchErrorReason,
    readonly detail: string,
    readonly retryable: boolean,
    readonly extra: { status?: number; cause?: unknown; staleSocket?: boolean } = {},
  ) {
    super(detail);
    this.name = 'AttemptFailure';
  }
}

export function tooLarge(detail: string): AttemptFailure {
  return new AttemptFailure('too-large', detail, false);
}
