import { errorReason, UnknownArticleError } from './errors.js';
import { QUARANTINE_AFTER_FAILURES, QUARANTINE_BACKOFF_MS } from './limits.js';
import type { ArticleFailure, QuarantinePolicy } from './ports.js';
import { ingestArticles, type MonitorDeps } from './run-monitor.js';

export type RetryOutcome =
  | { status: 'stored'; failure: ArticleFailure; metrics: number }
  | { status: 'already-stored' }
  | { status: 'failed'; failure: ArticleFailure; reason: string };

/**
 * `newsmon retry <id>`: the user asks for a quarantined (or failing) article now instead of after
 * its backoff. Fetched and stored like in a cycle; its alert, when its age is within the window,
 * is left pending so the next monitor cycle publishes it to the usual subscribers. A new failure
 * is recorded again (and quarantines it again at once: its count is past the threshold).
 */
export async function retryArticle(
  deps: MonitorDeps,
  articleId: string,
  options: { alertWindowMs: number | 'all'; quarantine?: QuarantinePolicy },
): Promise<RetryOutcome> {
  const failure = (await deps.store.getFailures([articleId])).get(articleId);
  if (!failure) {
    if ((await deps.store.findStoredIds([articleId])).has(articleId)) {
      return { status: 'already-stored' };
    }
    throw new UnknownArticleError(articleId);
  }
  const deferAlert = {
    publish: async (): Promise<void> => {
      // Not published here: the claim is released and the alert stays pending for the cycle.
      throw new Error('alert left to the next monitor cycle');
    },
  };
  const result = await ingestArticles({ ...deps, alerts: deferAlert }, [failure.ref], {
    sourceUrl: failure.sourceUrl,
    alert: 'window',
    alertWindowMs: options.alertWindowMs,
    concurrency: 1,
  });
  const failed = result.failedRefs[0];
  if (failed) {
    const record = await deps.store.recordFailure(
      failure,
      {
        ref: failure.ref,
        sourceUrl: failure.sourceUrl,
        reason: errorReason(failed.error),
        at: deps.now(),
      },
      options.quarantine ?? {
        afterFailures: QUARANTINE_AFTER_FAILURES,
        backoffMs: QUARANTINE_BACKOFF_MS,
      },
    );
    return { status: 'failed', failure: record, reason: record.reason };
  }
  await deps.store.clearFailure(articleId);
  return { status: 'stored', failure, metrics: result.metrics };
}
