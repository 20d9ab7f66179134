import {
  CliError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  errorCode,
  errorMessage,
  UsageError,
} from './errors.js';
import { type CliIo, isDebug, writeLine } from './io.js';
import { ambiguousWideFromEnv, configureWidth } from './text-width.js';

const HELP = `newsmon — watch 红网 (rednet.cn) and turn each new report into typed figures and an alert

Usage: newsmon <command> [options]

Start here:
  demo                 a complete offline tour on a built-in mirror of 红网 (no flags, no network)
  init                 write a starting newsmon.config.json (sources, alert window, politeness)
  doctor [--aws]       check Node, configuration, database, each source's reachability (and AWS)

Commands:
  run                  one monitor cycle (or --watch to keep cycling) on a local or AWS table
  query <what>         read stored reports: reports, report <id>, series <subject>, subjects,
                       metrics, failures
  digest               one digest of the last day's reports (--since, --notify, --json)
  backfill --pages N   walk each source's older list pages and store what they link to
  retry <id>           fetch a quarantined article again now (see 'query failures')
  migrate series       move stored figures to the current series index (resumable, idempotent)
  sources <action>     list | add | remove | check | discover <url>: the pages to watch
  extract <file|url>   parse one saved article page and print its metadata and figures
  serve                a read-only local web view, charts and Atom feeds of the stored reports
  export-site DIR      write the same pages and feeds as static files

Options:
  --config FILE        read this configuration instead of the nearest newsmon.config.json
  -h, --help           show help (also: newsmon <command> --help)
  -v, --version        print the version

Examples:
  newsmon demo
  newsmon run --watch 15m
  newsmon query reports --since 7d
  newsmon sources discover https://hn.rednet.cn/

Data: the embedded database is --db DIR, else the configuration file's "db", else
$NEWSMON_HOME/db, else ~/.newsmon/db.
Exit codes: 0 ok, 1 failure, 2 bad usage. Set NEWSMON_DEBUG=1 for stack traces and debug logs.`;

type CommandModule = { runCommand: (args: string[], io: CliIo) => Promise<number> };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  extract: () => import('./commands/extract.js'),
  run: () => import('./commands/run.js'),
  query: () => import('./commands/query.js'),
  backfill: () => import('./commands/backfill.js'),
  digest: () => import('./commands/digest.js'),
  demo: () => import('./commands/demo.js'),
  doctor: () => import('./commands/doctor.js'),
  init: () => import('./commands/init.js'),
  sources: () => import('./commands/sources.js'),
  retry: () => import('./commands/retry.js'),
  migrate: () => import('./commands/migrate.js'),
  serve: () => import('./commands/serve.js'),
  'export-site': () => import('./commands/export-site.js'),
};

/** Runs one CLI invocation and resolves to its exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  configureWidth({ ambiguousWide: ambiguousWideFromEnv(io.env) });
  try {
    const { args, configPath } = takeConfigOption(argv);
    if (configPath !== undefined) io.configPath = configPath;
    const [command, ...rest] = args;
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

/**
 * `--config FILE` (or `--config=FILE`) is global: taken out wherever it stands before `--`, so
 * every command reads the same file without declaring the option.
 */
function takeConfigOption(argv: readonly string[]): { args: string[]; configPath?: string } {
  const args: string[] = [];
  let configPath: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      args.push(...argv.slice(index));
      break;
    }
    if (arg === '--config') {
      configPath = argv[index + 1];
      if (configPath === undefined || configPath.startsWith('-')) {
        throw new UsageError("option '--config' needs a file (see 'newsmon --help')");
      }
      index += 1;
    } else if (arg.startsWith('--config=')) {
      configPath = arg.slice('--config='.length);
    } else args.push(arg);
  }
  return configPath === undefined ? { args } : { args, configPath };
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
