import { markdownText, markdownUrl } from '../text.js';
import type { MessageDoc } from '../types.js';

/**
 * The markdown WeCom and DingTalk robots render (a shared subset: bold, links, quotes). Page text
 * is neutralised with `markdownText`; `lineBreak` is "\n" for WeCom and "\n\n" for DingTalk, whose
 * renderer joins single newlines.
 */
export function robotMarkdown(doc: MessageDoc, lineBreak: string): string {
  const lines: string[] = [];
  const title = markdownText(doc.title);
  lines.push(doc.link ? `**[${title}](${markdownUrl(doc.link)})**` : `**${title}**`);
  for (const meta of doc.meta) lines.push(`> ${markdownText(meta)}`);
  for (const section of doc.sections) {
    lines.push('');
    if (section.heading) lines.push(`**${markdownText(section.heading)}**`);
    for (const line of section.lines) {
      const text = markdownText(line.text);
      lines.push(line.link ? `• [${text}](${markdownUrl(line.link)})` : `• ${text}`);
    }
  }
  if (doc.omitted > 0) lines.push(markdownText(doc.more(doc.omitted)));
  return lines
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .join(lineBreak);
}
