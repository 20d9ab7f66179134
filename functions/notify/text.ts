import { safeTerminalText } from '../shared/safe-text.js';

/**
 * Text from pages goes into chat messages read by people: control characters, bidirectional
 * overrides, zero-width characters and line separators are removed (safe-text, strip mode) and
 * whitespace squeezed, so a title cannot fake lines, reorder what a reader sees or break markup.
 */
export function cleanLine(value: string): string {
  return safeTerminalText(value, { mode: 'strip' }).replace(/\s+/g, ' ').trim();
}

/** Markdown-significant ASCII in page text, shown as the full-width forms readers see the same. */
const MARKDOWN_LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '＊',
  _: '＿',
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '#': '＃',
  '`': '｀',
  '~': '～',
  '|': '｜',
  '\\': '＼',
};

/**
 * Page text inside WeCom/DingTalk/Feishu markdown: no markup of its own, no links (without `[ ]`
 * a `( )` is plain text, so parentheses stay), no tags.
 */
export function markdownText(value: string): string {
  return value.replace(/[*_[\]<>#`~|\\]/g, (char) => MARKDOWN_LOOKALIKES[char] ?? char);
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
