/**
 * The message attributes the monitor sets on every alert: the one definition the publisher
 * (format-alert.ts), the CDK filter-policy validation (lib/stack-config.ts) and docs/alerts.md
 * follow. A filter policy may name only these; a typo (`sites`) would silently drop every alert.
 */
export const ALERT_ATTRIBUTES = {
  site: {
    dataType: 'String',
    doc: 'Sub-site code of the article (`hn`, `hy`, `cs` …); always present.',
  },
  channel: {
    dataType: 'String',
    doc: 'Channel id from the article URL; omitted when the URL has none.',
  },
  metricCount: {
    dataType: 'Number',
    doc: 'How many figures were extracted; always present (0 when none).',
  },
  hasChange: {
    dataType: 'String',
    doc: '`true` when at least one figure carries a change (同比/环比, up or down), else `false`.',
  },
  keywords: {
    dataType: 'String.Array',
    doc: 'Lexicon words found in the title (公安, 事故, 投资 …); omitted when none matched.',
  },
  maxMoneyWan: {
    dataType: 'Number',
    doc: 'Largest money figure in 万元 (SNS numeric filters stop at ±1e9); omitted without money.',
  },
} as const satisfies Record<
  string,
  { dataType: 'String' | 'Number' | 'String.Array'; doc: string }
>;

export type AlertAttributeName = keyof typeof ALERT_ATTRIBUTES;

/** The attribute names, in definition order. */
export const ALERT_ATTRIBUTE_NAMES = Object.keys(ALERT_ATTRIBUTES) as readonly AlertAttributeName[];

export function isAlertAttributeName(name: string): name is AlertAttributeName {
  return Object.hasOwn(ALERT_ATTRIBUTES, name);
}
