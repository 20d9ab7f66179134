/** Public API of the 红网 site module: pure functions, strings in, typed results out. */

export {
  articleFromPlainText,
  type ParseError,
  type ParseErrorCode,
  type ParseOptions,
  type ParseResult,
  parseArticlePage,
} from './article-page.js';
export {
  type ArticleUrlEra,
  type ArticleUrlInfo,
  type ArticleUrlVariant,
  decodeDateDigits,
  encodeDateDigits,
  isRednetHost,
  parseArticleUrl,
  rednetSiteLabel,
} from './article-url.js';
export {
  type HrefKind,
  hrefKind,
  type ListParseErrorCode,
  type ListParseResult,
  nextListPageUrl,
  parseListApi,
  parseListPage,
  parseListResponse,
} from './list-page.js';
export { type ParsedTime, parseShanghaiTime } from './time.js';
export type { Article, ArticleRef, ListPage } from './types.js';
