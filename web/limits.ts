/**
 * Bounds of the web view (`newsmon serve`, `newsmon export-site`): every query parameter and every
 * store read a request can cause is capped here, so no URL makes the server read without end.
 */

/** Longest request target accepted (path + query), in characters; longer answers 414. */
export const MAX_URL_LENGTH = 2_048;
/** Longest text parameter (keyword, title search, subject, site), in characters. */
export const MAX_PARAM_LENGTH = 100;
/** Reports per page when `limit` is not given. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest `limit` a Reports page, its API or its feed accepts. */
export const MAX_PAGE_SIZE = 200;
/** Entries in an Atom feed. */
export const FEED_SIZE = 50;
/** Stored reports one filtered request reads at most while looking for matches (newest first). */
export const MAX_SCAN_REPORTS = 2_000;
/** Reports read per store call while scanning. */
export const SCAN_BATCH = 100;
/** Article failure records the Sources page reads (most recent first). */
export const MAX_FAILURE_RECORDS = 1_000;
/** Subjects on one Series chart (`?subject=A&subject=B…`). */
export const MAX_SERIES_SUBJECTS = 5;
/** Points a Series page lists in its table (the chart draws them all). */
export const MAX_SERIES_TABLE_ROWS = 500;
/** Recent reports read to suggest subjects when the store has no subjects query. */
export const SUGGESTION_SCAN_REPORTS = 300;
/** How long the Series page reuses its subject suggestions, in milliseconds. */
export const SUGGESTION_CACHE_MS = 60_000;
/** Subjects suggested on the Series page. */
export const MAX_SUGGESTIONS = 50;
/** Figures quoted in each feed entry. */
export const FEED_FIGURES = 5;
/** Characters of article text quoted in each feed entry. */
export const FEED_EXCERPT_CHARS = 200;
/** Series pages `export-site` writes (the subjects with the most points first). */
export const MAX_EXPORTED_SERIES = 200;
/** Reports `export-site` writes as pages (newest first). */
export const MAX_EXPORTED_REPORTS = 2_000;
