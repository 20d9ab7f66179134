import { existsSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { DEFAULT_SOURCES } from '../../functions/monitor/default-sources.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import { CONFIG_FILE_NAME, CONFIG_SCHEMA_NAME, type ConfigFile } from '../config-file.js';
import { FETCH_DEFAULTS } from '../cycle-settings.js';
import { CliError, EXIT_OK } from '../errors.js';
import { type CliIo, writeLine } from '../io.js';
import { packagePath } from '../paths.js';
import { siteOfUrl } from '../sites.js';
import { displayPath } from '../store-context.js';

export const HELP = `Usage: newsmon init [--force]

Writes a starting ${CONFIG_FILE_NAME} in the current directory (or the --config FILE given):
the built-in 红网 sources, the default alert window and politeness settings, and a "$schema"
reference so editors complete and check the keys. Every newsmon command run in this directory
or below reads it; command-line flags override it.

Options:
  --force       overwrite an existing file
  -h, --help    show this help

Next: newsmon sources list, newsmon sources check, newsmon run.`;

const OPTIONS = { force: { type: 'boolean' } } as const;

/** A starting configuration: everything a user may want to change, spelled out. */
export function startingConfig(schemaRef: string): ConfigFile {
  return {
    $schema: schemaRef,
    $comment:
      'newsmon configuration. Flags override it. "db" (relative to this file) is left out: the database is then $NEWSMON_HOME/db or ~/.newsmon/db. Six of the built-in prefecture hosts (xt, yy, zjj, cz, hh, ld) are inferred, not checked: `newsmon sources check` shows which answer.',
    sources: DEFAULT_SOURCES.map((source) => {
      const site = siteOfUrl(source.url);
      return site ? { url: source.url, name: source.name, site } : { ...source };
    }),
    alertWindow: '48h',
    notify: [],
    fetch: { ...FETCH_DEFAULTS },
  };
}

/** Writes a configuration file as people read it: two-space JSON, a final newline. */
export function writeConfigFile(path: string, file: ConfigFile): void {
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

/** `newsmon init`: resolves to the exit code. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('init', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  expectPositionals('init', positionals, []);
  const path = resolve(io.cwd, io.configPath ?? CONFIG_FILE_NAME);
  const shown = displayPath(path, io.cwd);
  if (existsSync(path) && !values.force) {
    throw new CliError(`${shown} already exists (--force overwrites it)`);
  }
  const schema = relative(dirname(path), packagePath(CONFIG_SCHEMA_NAME)).split('\\').join('/');
  const file = startingConfig(schema.startsWith('.') ? schema : `./${schema}`);
  try {
    writeConfigFile(path, file);
  } catch (error) {
    throw new CliError(`cannot write ${shown}: ${(error as Error).message}`, 1, { cause: error });
  }
  writeLine(io.stdout, `newsmon: wrote ${shown} with ${file.sources?.length ?? 0} sources`);
  writeLine(io.stdout, 'Next:');
  writeLine(io.stdout, '  newsmon sources check      which sources answer, and what they list');
  writeLine(io.stdout, '  newsmon sources discover https://hn.rednet.cn/   pick real columns');
  writeLine(io.stdout, '  newsmon run                one monitor cycle with this configuration');
  return EXIT_OK;
}
