/**
 * Text from pages goes into chat messages read by people: control characters, bidirectional
 * overrides and line separators are dropped or turned into spaces, so a title cannot fake
 * lines, reorder what a reader sees or break a message's markup.
 */
export function cleanLine(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Markdown-significant ASCII in page text, shown as the full-width forms readers see the same. */
const MARKDOWN_LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '＊',
  _: '＿',
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '<': '＜',
  '>': '＞',
  '#': '＃',
  '`': '｀',
  '~': '～',
  '|': '｜',
  '\\': '＼',
};

/** Page text inside WeCom/DingTalk/Feishu markdown: no markup of its own, no links, no tags. */
export function markdownText(value: string): string {
  return value.replace(/[*_[\]()<>#`~|\\]/g, (char) => MARKDOWN_LOOKALIKES[char] ?? char);
}

/** A URL inside a markdown link `(…)`: parentheses and spaces percent-encoded. */
export function markdownUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (char) => encodeURIComponent(char));
}

/** Slack mrkdwn: `&`, `<` and `>` must be escaped (Slack's documented rule); the rest kept. */
export function slackText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside a Slack link `<url|text>`: `|`, `<`, `>` and spaces percent-encoded. */
export function slackUrl(url: string): string {
  return url.replace(/[|<>\s]/g, (char) => encodeURIComponent(char));
}

export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}
