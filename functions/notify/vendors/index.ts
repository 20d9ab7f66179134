import type { NotifyKind } from '../types.js';
import type { VendorContract } from './contract.js';
import { dingtalk } from './dingtalk.js';
import { feishu } from './feishu.js';
import { slack } from './slack.js';
import { webhook } from './webhook.js';
import { wecom } from './wecom.js';

/** Each kind's contract. */
export const VENDORS: Readonly<Record<NotifyKind, VendorContract>> = {
  wecom,
  dingtalk,
  feishu,
  slack,
  webhook,
};
