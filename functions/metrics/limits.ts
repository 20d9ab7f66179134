/**
 * Caps on what the extractor reads from one article. Article text comes from outside (any page a
 * source serves), so every per-article quantity is bounded here; whatever a cap cuts is reported by
 * `extractMetricsReport` as `partial: true` with a warning, never dropped silently.
 */

/**
 * Figures reported per article. The busiest real 红网 reports carry about 150 figures; a page with more
 * than this is a table dump or a hostile page, and each figure becomes one stored item.
 */
export const MAX_FIGURES_PER_ARTICLE = 1_000;

/**
 * Figures read (before restatements are dropped) per article. Reading stops here, so the context work
 * done per article is bounded whatever the page holds; restatements make this larger than the cap on
 * figures reported.
 */
const MAX_MENTIONS_PER_ARTICLE = 4 * MAX_FIGURES_PER_ARTICLE;

/**
 * Characters of the sentence kept on a metric (`Metric.sentence`). A longer sentence (a page without
 * punctuation) is cut to a window around the figure, marked with `…` on each cut side.
 */
const MAX_SENTENCE_CHARS = 600;

/** The caps one extraction runs with; tests raise them to measure the algorithm itself. */
export interface ExtractLimits {
  maxFigures: number;
  maxMentions: number;
  maxSentenceChars: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxFigures: MAX_FIGURES_PER_ARTICLE,
  maxMentions: MAX_MENTIONS_PER_ARTICLE,
  maxSentenceChars: MAX_SENTENCE_CHARS,
};
