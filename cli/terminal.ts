import { formatAlert } from '../functions/alerts/format-alert.js';
import type {
  AlertPublisher,
  LogPort,
  MetricsPort,
  StoredReport,
} from '../functions/monitor/ports.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';

/** Prints each alert readably (the text SNS email subscribers get), separated by a rule. */
export class TerminalAlertPublisher implements AlertPublisher {
  published = 0;

  constructor(private readonly out: CliIo['stdout']) {}

  async publish(report: StoredReport): Promise<void> {
    const { text } = formatAlert(report);
    writeLine(this.out, `${this.published > 0 ? '\n' : ''}── new report ${'─'.repeat(40)}`);
    writeLine(this.out, text);
    this.published += 1;
  }
}

/** One JSON object per alert per line: `{ "article", "metrics" }`, as `extract --json` prints. */
export class JsonLinesAlertPublisher implements AlertPublisher {
  constructor(private readonly out: CliIo['stdout']) {}

  async publish(report: StoredReport): Promise<void> {
    writeLine(this.out, JSON.stringify({ article: report.article, metrics: report.metrics }));
  }
}

/**
 * The monitor's structured log as terminal lines on stderr: errors always; each kind of warning
 * once (the run summary counts every failure by cause), every warning and info only when asked
 * (`--verbose` or NEWSMON_DEBUG=1). `newsmon: warn: source not read source=… reason=…`.
 */
export function terminalLog(
  write: (line: string) => void,
  { verbose }: { verbose: boolean },
): LogPort {
  const line = (level: string, message: string, fields?: object, note = ''): void => {
    write(`newsmon: ${level}: ${message}${formatFields(fields)}${note}`);
  };
  const warned = new Set<string>();
  return {
    info: (message, fields) => {
      if (verbose) line('info', message, fields);
    },
    warn: (message, fields) => {
      if (verbose) return line('warn', message, fields);
      if (warned.has(message)) return;
      warned.add(message);
      line('warn', message, fields, ' (further ones alike: --verbose)');
    },
    error: (message, fields) => line('error', message, fields),
  };
}

function formatFields(fields: object | undefined): string {
  if (!fields) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${key}=${/\s/.test(text) ? JSON.stringify(text) : text}`);
  }
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

/** CloudWatch metrics have no meaning locally: the cycle summary carries the same counts. */
export const ignoredMetrics: MetricsPort = { count: () => {} };

/** Keeps the counts a use case reports, for a command that acts on one (e.g. its exit code). */
export class CountingMetrics implements MetricsPort {
  private readonly totals = new Map<string, number>();

  count(name: string, value: number): void {
    this.totals.set(name, (this.totals.get(name) ?? 0) + value);
  }

  total(name: string): number {
    return this.totals.get(name) ?? 0;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
