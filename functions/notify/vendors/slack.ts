import {
  SLACK_FALLBACK_MAX_CHARS,
  SLACK_HEADER_MAX_CHARS,
  SLACK_MAX_BLOCKS,
  SLACK_SECTION_MAX_CHARS,
} from '../limits.js';
import { slackText, slackUrl } from '../text.js';
import type { MessageDoc, Notification, Verdict } from '../types.js';
import { excerpt, httpVerdict, JSON_HEADERS, type VendorContract } from './contract.js';
import { fitDoc } from './fit.js';

type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: false } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] };

interface SlackMessage {
  text: string;
  blocks: Block[];
}

const chars = (value: string) => [...value].length;
const cut = (value: string, max: number) =>
  chars(value) <= max ? value : `${[...value].slice(0, max - 1).join('')}…`;

function message(doc: MessageDoc): SlackMessage {
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: cut(doc.title, SLACK_HEADER_MAX_CHARS), emoji: false },
    },
  ];
  const meta = doc.meta.map(slackText);
  if (doc.link) meta.unshift(`<${slackUrl(doc.link)}|阅读原文 Read>`);
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: meta.join('\n') } });
  for (const section of doc.sections) {
    const lines = section.heading ? [`*${slackText(section.heading)}*`] : [];
    for (const line of section.lines) {
      const text = slackText(line.text);
      lines.push(line.link ? `• <${slackUrl(line.link)}|${text}>` : `• ${text}`);
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  if (doc.omitted > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: slackText(doc.more(doc.omitted)) }],
    });
  }
  // The fallback `text` is mrkdwn too (notifications, clients without blocks): escaped alike.
  const fallback = cut(slackText([doc.title, ...doc.meta].join(' · ')), SLACK_FALLBACK_MAX_CHARS);
  return { text: fallback, blocks };
}

function fits(payload: SlackMessage): boolean {
  if (payload.blocks.length > SLACK_MAX_BLOCKS) return false;
  return payload.blocks.every((block) =>
    block.type === 'section' ? chars(block.text.text) <= SLACK_SECTION_MAX_CHARS : true,
  );
}

/**
 * Slack incoming webhook: `{ text, blocks }` (header, sections ≤ 3,000 characters, ≤ 50 blocks).
 * Answers: 200 `ok`; 429 with Retry-After; 4xx with `invalid_token`, `no_service`,
 * `channel_is_archived`, `invalid_payload`… (permanent).
 */
export const slack: VendorContract = {
  kind: 'slack',
  render(notification: Notification): SlackMessage {
    return fitDoc(notification.doc, message, fits);
  },
  prepare(notification, target) {
    return {
      url: target.url,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify(this.render(notification)),
    };
  },
  interpret(answer): Verdict {
    const http = httpVerdict(answer);
    if (http) return http;
    if (answer.status >= 200 && answer.status < 300) return { status: 'ok' };
    return { status: 'permanent', reason: `HTTP ${answer.status}: ${excerpt(answer.body)}` };
  },
};
