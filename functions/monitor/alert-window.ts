import type { Article, ArticleRef } from '../rednet/types.js';
import type { StoredReport } from './ports.js';

export type AlertMode = 'window' | 'all' | 'none';

/**
 * Whether a newly stored article is owed an alert. In `window` mode only articles published
 * within `windowMs` before `now` are alerted (a newly watched source must not flood subscribers
 * with its back catalogue); an article with no date at all is not alerted, since its age is unknown.
 */
export function initialAlertState(
  mode: AlertMode,
  article: Pick<Article, 'publishedAt'>,
  ref: Pick<ArticleRef, 'listedAt'> | null,
  now: Date,
  windowMs: number | 'all',
): StoredReport['alertState'] {
  if (mode === 'none') return 'suppressed';
  if (mode === 'all' || windowMs === 'all') return 'pending';
  const when = Date.parse(article.publishedAt ?? ref?.listedAt ?? '');
  if (Number.isNaN(when)) return 'suppressed';
  return now.getTime() - when <= windowMs ? 'pending' : 'suppressed';
}
