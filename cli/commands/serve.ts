import { isLoopbackHost, startWebServer } from '../../web/server.js';
import { createSite } from '../../web/site.js';
import { expectPositionals, parseCommandArgs, parseCount } from '../args.js';
import { commandContext } from '../context.js';
import { resolveSources } from '../cycle-settings.js';
import { CliError, EXIT_OK, errorCode, errorMessage, UsageError } from '../errors.js';
import { type CliIo, isDebug, writeLine } from '../io.js';
import { openStore } from '../store-context.js';

export const HELP = `Usage: newsmon serve [options]

A read-only local web view of the stored reports: Reports (/), one report with its figures marked
(/reports/<id>), Series charts (/series?subject=刑事案件), Sources (/sources), an Atom feed
(/feed.atom, same filters as Reports) and the same data as JSON under /api/.

Options:
  --port P          port to listen on (default 8080; 0 picks a free one)
  --host H          address to listen on (default 127.0.0.1: this machine only)
  --source URL      a watched source to list on /sources (repeatable; default: the built-in channels)
  --db DIR          embedded database directory (default .newsmon/db)
  --table NAME      read a DynamoDB table in AWS instead (default credential chain)
  -h, --help        show this help

The embedded database is held while serving: stop the server before 'newsmon run' on the same --db.

Examples:
  newsmon serve
  newsmon serve --port 9000
  open 'http://127.0.0.1:8080/feed.atom?site=hy&keyword=诈骗&hasFigures=1'`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  source: { type: 'string', multiple: true },
  db: { type: 'string' },
  table: { type: 'string' },
} as const;

/** `newsmon serve`: opens the store, serves until interrupted (Ctrl-C), then closes both. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  expectPositionals('serve', positionals, []);
  const port = parseCount(values.port, '--port', 8080, { min: 0, max: 65_535 });
  const host = values.host?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host)) {
    throw new UsageError(`--host expects an address or host name, got '${values.host}'`);
  }
  const context = commandContext(values, io);
  const sources = resolveSources(values.source, context.config);
  const opened = await openStore(context.store, io.cwd, { mustExist: true, home: context.home });
  try {
    const site = createSite({ store: opened.store, sources });
    const server = await startWebServer({
      site,
      host,
      port,
      onError: (error) =>
        writeLine(
          io.stderr,
          `newsmon: request failed: ${isDebug(io.env) ? String(error) : errorMessage(error)}`,
        ),
    }).catch((error: unknown) => {
      const code = errorCode(error);
      if (code === 'EADDRINUSE')
        throw new CliError(`port ${port} is in use (--port P picks another)`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
        throw new CliError(`cannot listen on ${host} (--host expects an address of this machine)`);
      throw error;
    });
    writeLine(io.stderr, `newsmon: serving ${opened.label} at ${server.origin}/ (Ctrl-C stops)`);
    if (!isLoopbackHost(host)) {
      writeLine(io.stderr, `newsmon: listening on ${host}: reachable from other machines`);
    }
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return EXIT_OK;
  } finally {
    await opened.close();
  }
}
