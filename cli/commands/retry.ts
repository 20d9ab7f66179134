import { UnknownArticleError } from '../../functions/monitor/errors.js';
import { retryArticle } from '../../functions/monitor/retry-article.js';
import type { MonitorDeps } from '../../functions/monitor/run-monitor.js';
import { safeTerminalText } from '../../functions/shared/safe-text.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import { commandContext } from '../context.js';
import { fetchTuning, resolveAlertWindow } from '../cycle-settings.js';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { extractMetrics } from '../extractor.js';
import { type CliIo, isDebug, writeLine } from '../io.js';
import { createFetching } from '../monitor-setup.js';
import { openStore } from '../store-context.js';
import { ignoredMetrics, terminalLog } from '../terminal.js';

export const HELP = `Usage: newsmon retry <id> [options]

Fetches a quarantined (or failing) article again now instead of after its backoff, and stores it
with its figures. Its alert, if it is recent enough, is sent by the next monitor cycle. A new
failure is recorded and keeps the article quarantined. 'newsmon query failures' lists them.

Options:
  --db DIR              embedded database directory (default .newsmon/db)
  --table NAME          use a DynamoDB table in AWS instead (default credential chain)
  --alert-window W      the alert window the stored article is judged by (6h, 48h, 7d or 'all';
                        default: the configuration file's alertWindow, else 48h, as 'newsmon run')
  -h, --help            show this help

Exit codes: 0 stored (or already stored), 1 it failed again or the id is unknown, 2 bad usage.`;

const OPTIONS = {
  db: { type: 'string' },
  table: { type: 'string' },
  'alert-window': { type: 'string' },
} as const;

/** `newsmon retry <id>`: wires the store and fetcher to the retry use case and prints the outcome. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('retry', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  const [id = ''] = expectPositionals('retry', positionals, ['id']);
  const context = commandContext(values, io);
  const alertWindowMs = resolveAlertWindow(values['alert-window'], context.config);
  const opened = await openStore(context.store, io.cwd, { mustExist: true, home: context.home });
  try {
    const failure = (await opened.store.getFailures([id])).get(id);
    const { http, fetcher } = createFetching(
      failure ? [{ url: failure.sourceUrl, name: failure.sourceUrl }] : [],
      fetchTuning(io.env, context.config),
    );
    try {
      const deps: MonitorDeps = {
        fetcher,
        store: opened.store,
        alerts: { publish: async () => {} },
        extract: extractMetrics,
        log: terminalLog((line) => writeLine(io.stderr, line), { verbose: isDebug(io.env) }),
        metrics: ignoredMetrics,
        now: () => new Date(),
      };
      const outcome = await retryArticle(deps, id, { alertWindowMs });
      const shown = safeTerminalText(id);
      if (outcome.status === 'already-stored') {
        writeLine(io.stderr, `newsmon: article ${shown} is already stored`);
        return EXIT_OK;
      }
      if (outcome.status === 'stored') {
        writeLine(
          io.stderr,
          `newsmon: article ${shown} stored with ${outcome.metrics} figures (failed ${outcome.failure.attempts} times before)`,
        );
        return EXIT_OK;
      }
      writeLine(
        io.stderr,
        `newsmon: article ${shown} failed again (${outcome.failure.attempts} attempts): ${safeTerminalText(outcome.reason)}`,
      );
      return EXIT_FAILURE;
    } finally {
      http.close();
    }
  } catch (error) {
    if (error instanceof UnknownArticleError) throw new CliError(error.message);
    throw error;
  } finally {
    await opened.close();
  }
}
