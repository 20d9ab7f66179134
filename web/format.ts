import { normalizedText } from '../cli/printers.js';
import type { Metric } from '../functions/metrics/types.js';
import { shanghaiMinute } from '../functions/shared/shanghai-time.js';

/** `2021-08-26 10:05` in Asia/Shanghai whatever offset the ISO time carries; '' when absent or unparsable. */
export function shanghaiTime(iso: string | null | undefined): string {
  return shanghaiMinute(iso) ?? '';
}

const BOUND_WORD: Record<Metric['bound'], string> = {
  exact: '',
  lower: 'at least',
  upper: 'at most',
  approx: 'about',
  range: 'range',
};

const CHANGE_WORD = { up: 'up', down: 'down' } as const;

/** `up (year on year)`, `down`, or '' when the figure states no change. */
export function changeWords(metric: Metric): string {
  if (!metric.change) return '';
  const basis =
    metric.change.basis === 'yoy'
      ? ' (year on year)'
      : metric.change.basis === 'mom'
        ? ' (month on month)'
        : '';
  return `${CHANGE_WORD[metric.change.direction]}${basis}`;
}

export function boundWord(metric: Metric): string {
  return BOUND_WORD[metric.bound];
}

/** One line a hover shows: value and unit, subject, change. */
export function figureTip(metric: Metric): string {
  return [
    `${boundWord(metric) ? `${boundWord(metric)} ` : ''}${normalizedText(metric)}`,
    metric.subject ? `subject: ${metric.subject}` : 'no subject',
    changeWords(metric) ? `change: ${changeWords(metric)}` : null,
    metric.period ? `period: ${metric.period}` : null,
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

export { normalizedText };
