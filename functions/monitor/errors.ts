/**
 * Errors that cross the boundary between the monitor's use cases and its adapters. Adapters throw
 * these classes; use cases tell them apart with `instanceof`, never by `name` or message.
 * Every class carries a short machine `reason`, so summaries and logs can group failures.
 */
import { FetchError } from '../http/errors.js';

/** Base of the monitor's own errors: a message for people and a `reason` code for grouping. */
export class MonitorError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MonitorError';
  }
}

/** A page was fetched but could not be read as what was expected (`list-…` / `article-…` reasons). */
export class PageParseError extends MonitorError {
  constructor(
    readonly url: string,
    reason: string,
    message: string,
  ) {
    super(reason, `${url}: ${message}`);
    this.name = 'PageParseError';
  }
}

/** `markAlerted` found the alert claim taken over by another invocation after it expired. */
export class ClaimLostError extends MonitorError {
  constructor(readonly articleId: string) {
    super('claim-lost', `alert claim on article ${articleId} was lost before it was marked sent`);
    this.name = 'ClaimLostError';
  }
}

/** The cycle's deadline passed (or its signal was aborted) before this piece of work started. */
export class CycleDeadlineError extends MonitorError {
  constructor(what: string) {
    super('deadline', `cycle deadline reached before ${what}`);
    this.name = 'CycleDeadlineError';
  }
}

/** A link was refused before any request: its id or URL cannot be an article of the site. */
export class InvalidLinkError extends MonitorError {
  constructor(
    readonly url: string,
    reason: string,
    message: string,
  ) {
    super(reason, `${url.slice(0, 200)}: ${message}`);
    this.name = 'InvalidLinkError';
  }
}

/** An article id the store does not know (e.g. `newsmon retry <id>` with a typo). */
export class UnknownArticleError extends MonitorError {
  constructor(readonly articleId: string) {
    super('unknown-article', `no quarantined or stored article with id ${articleId}`);
    this.name = 'UnknownArticleError';
  }
}

/**
 * A one-line reason for an unknown thrown value. Errors with a machine `reason` (FetchError and
 * the classes above) lead with it: `timeout-headers: GET … failed …`.
 */
export function errorReason(error: unknown): string {
  if (error instanceof FetchError || error instanceof MonitorError) {
    return `${error.reason}: ${error.message}`;
  }
  if (!(error instanceof Error)) return String(error);
  return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}
