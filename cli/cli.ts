import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, errorCode, errorMessage } from './errors.js';
import { type CliIo, isDebug, writeLine } from './io.js';
import { ambiguousWideFromEnv, configureWidth } from './text-width.js';

const HELP = `newsmon — watch 红网 (rednet.cn) and turn each new report into typed figures and an alert

Usage: newsmon <command> [options]

Commands:
  extract <file|url>   parse one saved article page and print its metadata and figures
  run                  one monitor cycle (or --watch to keep cycling) on a local or AWS table
  query <what>         read stored reports: reports, report <id>, series <subject>, metrics
  backfill --pages N   walk each source's older list pages and store what they link to

Options:
  -h, --help           show help (also: newsmon <command> --help)
  -v, --version        print the version

Examples:
  newsmon extract --json page.html
  newsmon run --watch 15m
  newsmon query reports --since 7d
  newsmon backfill --pages 5

Exit codes: 0 ok, 1 failure, 2 bad usage. Set NEWSMON_DEBUG=1 for stack traces and debug logs.`;

type CommandModule = { runCommand: (args: string[], io: CliIo) => Promise<number> };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  extract: () => import('./commands/extract.js'),
  run: () => import('./commands/run.js'),
  query: () => import('./commands/query.js'),
  backfill: () => import('./commands/backfill.js'),
  digest: () => import('./commands/digest.js'),
};

/** Runs one CLI invocation and resolves to its exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  configureWidth({ ambiguousWide: ambiguousWideFromEnv(io.env) });
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined;
      if (topic && COMMANDS[topic]) return await main([topic, '--help'], io);
      writeLine(io.stdout, HELP);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (command === '-v' || command === '--version') {
      writeLine(io.stdout, await readVersion());
      return EXIT_OK;
    }
    const load = COMMANDS[command];
    if (!load) {
      throw new CliError(
        `unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')}; see 'newsmon --help')`,
        EXIT_USAGE,
      );
    }
    const module = await load();
    return await module.runCommand(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** Prints an error as one `newsmon: …` line (plus the stack under NEWSMON_DEBUG=1). */
export function reportError(error: unknown, io: CliIo): number {
  const debug = isDebug(io.env);
  if (error instanceof CliError) {
    writeLine(io.stderr, `newsmon: ${error.message}`);
    if (debug) writeLine(io.stderr, stackOf(error.cause ?? error));
    return error.exitCode;
  }
  const code = errorCode(error);
  if (code?.startsWith('LEVEL_')) {
    // dynalite surfaces a LevelDB it cannot open as an error deep inside a request.
    writeLine(
      io.stderr,
      'newsmon: database is locked (another newsmon is running?) or unreadable; see NEWSMON_DEBUG=1',
    );
  } else {
    writeLine(io.stderr, `newsmon: ${oneLine(errorMessage(error))}`);
  }
  if (debug) writeLine(io.stderr, stackOf(error));
  return EXIT_FAILURE;
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').slice(0, 500);
}

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const { packagePath } = await import('./paths.js');
  const pkg = JSON.parse(await readFile(packagePath('package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}
