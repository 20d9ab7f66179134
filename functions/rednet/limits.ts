/**
 * Caps on what a fetched page may make the parsers do or produce. Each bounds work or output
 * size on hostile input and sits far above anything a real 红网 page needs; whatever is cut is
 * flagged `partial` with a warning on the parsed result, never dropped silently.
 */

/**
 * Characters of a page that are parsed; the rest is cut. A real article or list page is well
 * under 300 KB of HTML; the HTTP client's own byte cap applies before this.
 */
export const MAX_PAGE_CHARS = 4 * 1024 * 1024;

/**
 * Element nesting depth the DOM is built to; an element that would nest deeper becomes a sibling
 * of the deepest open one (its text kept), as browsers' HTML parsers also stop nesting at 512.
 * Real pages nest under 40.
 */
export const MAX_NESTING_DEPTH = 512;

/** Article links read from one list page; a real column page shows 20 to 60. */
export const MAX_LIST_LINKS = 500;

/**
 * Digits in a content number. The site's numbers are a site-wide sequence of 8 digits (16 M in
 * 2026); a longer number is not an article link and is dropped with a warning, never fetched.
 */
export const MAX_CONTENT_ID_DIGITS = 12;

/** Characters of an article or list link URL; a longer link is dropped with a warning. */
export const MAX_URL_CHARS = 2048;

/** Characters of a title (article or listed); a real title is under 100. */
export const MAX_TITLE_CHARS = 300;

/** Characters of a source, author, editor or channel value. */
export const MAX_FIELD_CHARS = 200;

/** Images kept per article; a real article has at most a few dozen. */
export const MAX_IMAGES = 100;

/** Characters of body text kept per article (paragraphs after the cap are cut); real ones are under 30,000. */
export const MAX_BODY_CHARS = 200_000;
