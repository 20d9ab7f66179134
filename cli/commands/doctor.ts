import { promises as dns } from 'node:dns';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SourceConfig } from '../../functions/monitor/ports.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import { ConfigFileError, type LoadedConfig, loadConfig, resolveDbDir } from '../config-file.js';
import { resolveSources } from '../cycle-settings.js';
import { EXIT_FAILURE, EXIT_OK, errorCode, errorMessage } from '../errors.js';
import { type CliIo, count, writeLine } from '../io.js';
import { packagePath } from '../paths.js';
import { displayPath } from '../store-context.js';
import { groupFailures } from '../summary.js';
import { terminalColumns } from '../terminal-size.js';
import { truncateToWidth } from '../text-width.js';

export const HELP = `Usage: newsmon doctor [--aws] [--stack NAME]

Checks what newsmon needs, one line per check (✓ ok, ! warning, ✗ problem), with short timeouts
and never a stack trace:
  node          the Node.js version against package.json's engines
  config        which newsmon.config.json is in force, and whether it is valid
  database      where the embedded database is (and why), whether it can be written, its lock
  sources       each source's DNS name and an HTTP request to its page (3 s / 5 s timeouts)
With --aws also:
  credentials   who the default credential chain signs in as (STS GetCallerIdentity)
  region        the region in use
  bootstrap     the CDK bootstrap stack (CDKToolkit) that 'npm run deploy' needs
  stack         the deployed stack (default Newsmon, or --stack NAME) and its outputs
  concurrency   the account's Lambda concurrency quota (GetAccountSettings)

Exit codes: 0 when nothing is a problem (warnings allowed), 1 otherwise.`;

const OPTIONS = { aws: { type: 'boolean' }, stack: { type: 'string' } } as const;

const DNS_TIMEOUT_MS = 3_000;
const HTTP_TIMEOUT_MS = 5_000;
const AWS_TIMEOUT_MS = 8_000;

type Level = 'ok' | 'warn' | 'fail';

interface Check {
  name: string;
  level: Level;
  detail: string;
}

const MARK: Record<Level, string> = { ok: '✓', warn: '!', fail: '✗' };

/** `newsmon doctor`: resolves to the exit code; every check reports, none throws. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('doctor', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  expectPositionals('doctor', positionals, []);
  const width = terminalColumns(io.stdout);
  const checks: Check[] = [];
  const report = (check: Check): void => {
    checks.push(check);
    const line = `${MARK[check.level]} ${check.name.padEnd(12)} ${check.detail}`;
    writeLine(io.stdout, width === undefined ? line : truncateToWidth(line, width));
  };
  report(checkNode());
  const { check: configCheck, config } = checkConfig(io);
  report(configCheck);
  report(checkDatabase(config, io));
  for (const check of await checkSources(resolveSources(undefined, config))) report(check);
  if (values.aws) {
    const { checkAws } = await import('../aws-checks.js');
    for (const check of await checkAws(values.stack ?? 'Newsmon', AWS_TIMEOUT_MS)) report(check);
  }
  const problems = checks.filter((check) => check.level === 'fail').length;
  const warnings = checks.filter((check) => check.level === 'warn').length;
  writeLine(
    io.stderr,
    `newsmon: doctor: ${count(problems, 'problem')}, ${count(warnings, 'warning')}${values.aws ? '' : ' (add --aws to check the AWS side)'}`,
  );
  return problems > 0 ? EXIT_FAILURE : EXIT_OK;
}

function checkNode(): Check {
  let wanted = '>=20.19';
  try {
    const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as {
      engines?: { node?: string };
    };
    wanted = pkg.engines?.node ?? wanted;
  } catch {
    // The default range stands in.
  }
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const match = /^>=\s*(\d+)(?:\.(\d+))?/.exec(wanted);
  const needMajor = Number(match?.[1] ?? 20);
  const needMinor = Number(match?.[2] ?? 0);
  const ok = major > needMajor || (major === needMajor && minor >= needMinor);
  return {
    name: 'node',
    level: ok ? 'ok' : 'fail',
    detail: `${process.versions.node} (needs ${wanted})${ok ? '' : ': install a newer Node.js'}`,
  };
}

function checkConfig(io: CliIo): { check: Check; config: LoadedConfig } {
  try {
    const config = loadConfig(io.cwd, io.configPath);
    if (config.path === null) {
      return {
        config,
        check: {
          name: 'config',
          level: 'ok',
          detail: "no newsmon.config.json: built-in defaults ('newsmon init' writes one)",
        },
      };
    }
    const sources = config.file.sources?.length;
    return {
      config,
      check: {
        name: 'config',
        level: 'ok',
        detail: `${displayPath(config.path, io.cwd)}${sources ? ` (${count(sources, 'source')})` : ''}`,
      },
    };
  } catch (error) {
    const detail = error instanceof ConfigFileError ? error.message : errorMessage(error);
    return {
      config: { path: null, file: {} },
      check: { name: 'config', level: 'fail', detail: `${detail} (built-in defaults used below)` },
    };
  }
}

function checkDatabase(config: LoadedConfig, io: CliIo): Check {
  const { dir, from } = resolveDbDir(undefined, config, io.env, io.cwd);
  const where = `${displayPath(dir, io.cwd)} (from ${from === config.path ? displayPath(from, io.cwd) : from})`;
  if (!existsSync(dir)) {
    let parent = dirname(dir);
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    try {
      accessSync(parent, constants.W_OK);
      return {
        name: 'database',
        level: 'ok',
        detail: `${where}: not created yet ('newsmon run' creates it)`,
      };
    } catch {
      return {
        name: 'database',
        level: 'fail',
        detail: `${where}: cannot be created (${parent} is not writable)`,
      };
    }
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return { name: 'database', level: 'fail', detail: `${where}: not writable` };
  }
  const lock = lockHolder(dir);
  if (lock !== null) {
    return {
      name: 'database',
      level: 'warn',
      detail: `${where}: in use by pid ${lock} (a running newsmon)`,
    };
  }
  return { name: 'database', level: 'ok', detail: where };
}

function lockHolder(dir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(`${dir}/newsmon.pid`, 'utf8'), 10);
    if (!Number.isSafeInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return errorCode(error) === 'EPERM' ? -1 : null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s (${what})`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** DNS then one HTTP GET per source; identical failures of several sources share one line. */
async function checkSources(sources: readonly SourceConfig[]): Promise<Check[]> {
  const results = await Promise.all(
    sources.map(
      async (source): Promise<{ source: SourceConfig; problem: string | null; detail: string }> => {
        const url = new URL(source.url);
        try {
          await withTimeout(dns.lookup(url.hostname), DNS_TIMEOUT_MS, 'DNS');
        } catch (error) {
          return { source, problem: `DNS: ${errorCode(error) ?? errorMessage(error)}`, detail: '' };
        }
        try {
          const response = await fetch(source.url, {
            signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
            redirect: 'follow',
            headers: { 'user-agent': 'newsmon-doctor' },
          });
          await response.body?.cancel();
          if (!response.ok) return { source, problem: `HTTP ${response.status}`, detail: '' };
          return { source, problem: null, detail: `HTTP ${response.status}` };
        } catch (error) {
          const cause = (error as { cause?: unknown }).cause;
          const reason =
            error instanceof Error && error.name === 'TimeoutError'
              ? `no answer within ${HTTP_TIMEOUT_MS / 1000} s`
              : (errorCode(cause) ?? errorMessage(cause ?? error));
          return { source, problem: `HTTP: ${reason}`, detail: '' };
        }
      },
    ),
  );
  const failed = results.filter((result) => result.problem !== null);
  const checks: Check[] = results
    .filter((result) => result.problem === null)
    .map((result) => ({
      name: 'source',
      level: 'ok',
      detail: `${result.source.name} ${result.source.url}: DNS ok, ${result.detail}`,
    }));
  for (const line of groupFailures(
    failed.map((result) => ({ url: result.source.url, reason: result.problem ?? '' })),
  )) {
    checks.push({
      name: 'source',
      level: failed.length === results.length ? 'fail' : 'warn',
      detail: line.replace(/^✗ /, ''),
    });
  }
  if (
    results.length > 1 &&
    failed.length === results.length &&
    failed.every((r) => r.problem?.startsWith('DNS'))
  ) {
    checks.push({
      name: 'network',
      level: 'fail',
      detail:
        'no source host resolves: this machine looks offline (newsmon demo works without a network)',
    });
  }
  return checks;
}
