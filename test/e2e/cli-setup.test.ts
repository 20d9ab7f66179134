import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/config-file.js';
import { stringWidth } from '../../cli/text-width.js';
import { type FixtureSite, startFixtureSite } from '../support/fixture-site.js';
import { CLI_BIN, cliEnv, lines, makeTempDir, runCli, runInProcess } from './cli-harness.js';

/** Every line a person sees on the terminal: no stack trace, whatever happened. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
}

/** A loopback port nothing listens on (it was free a moment ago): connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function writeConfig(dir: string, config: object): Promise<string> {
  const path = join(dir, 'newsmon.config.json');
  await mkdir(dir, { recursive: true });
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

/**
 * Runs the binary under a pseudo-terminal `columns` wide (util-linux `script`), the way a person
 * at an 80-column terminal sees it. Returns what the terminal received, without \r.
 */
function runInTerminal(args: string[], cwd: string, columns: number): Promise<string> {
  const quoted = [process.execPath, CLI_BIN, ...args]
    .map((arg) => `'${arg.replace(/'/g, "'\\''")}'`)
    .join(' ');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      'script',
      ['-qec', `stty cols ${columns} rows 50; ${quoted}`, '/dev/null'],
      {
        cwd,
        env: cliEnv({}, cwd),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.once('error', reject);
    child.once('close', () => resolvePromise(out.replace(/\r/g, '')));
  });
}

describe('newsmon demo', () => {
  it('alerts, finds nothing new the second time, queries, and says what to try, offline with no flags', async () => {
    const temp = await makeTempDir('demo');
    try {
      const result = await runCli(['demo'], { cwd: temp.dir });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/4 articles listed, 4 new, 4 stored, \d+ figures, 3 alerted/);
      expect(result.stdout).toContain(
        '1 stored article not alerted: published more than 48h ago or undated',
      );
      expect(result.stdout).toContain('--alert-window all');
      expect(result.stdout).toMatch(/1 source \(1 not-modified\), 0 articles listed, 0 new/);
      expect(result.stdout).toContain('published +08:00');
      expect(result.stdout).toContain('Try next:');
      expect(result.stderr).toBe('');
      // Nothing is left behind: no database in the working directory or the user's home.
      expect(existsSync(join(temp.dir, '.newsmon'))).toBe(false);
    } finally {
      await temp.remove();
    }
  });

  it('fits an 80-column terminal', async () => {
    const temp = await makeTempDir('demo-tty');
    try {
      const screen = await runInTerminal(['demo'], temp.dir, 80);
      expect(screen).toContain('Try next:');
      const tooWide = screen.split('\n').filter((line) => stringWidth(line) > 80);
      expect(tooWide).toEqual([]);
    } finally {
      await temp.remove();
    }
  });
});

describe('newsmon init and the configuration file', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    temp = await makeTempDir('init');
  });

  afterAll(async () => {
    await temp?.remove();
  });

  it('writes a valid starting file whose $schema an editor can open, and refuses to overwrite it', async () => {
    const first = await runInProcess(['init'], temp.dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('wrote newsmon.config.json with 15 sources');
    const path = join(temp.dir, 'newsmon.config.json');
    const loaded = loadConfig(temp.dir);
    expect(loaded.path).toBe(path);
    expect(loaded.file.sources).toHaveLength(15);
    expect(loaded.file.alertWindow).toBe('48h');
    const file = JSON.parse(await readFile(path, 'utf8')) as { $schema: string };
    expect(existsSync(resolve(dirname(path), file.$schema))).toBe(true);

    const again = await runInProcess(['init'], temp.dir);
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toEqual([
      'newsmon: newsmon.config.json already exists (--force overwrites it)',
    ]);
  });

  it('names every problem of an invalid file in one line', async () => {
    const dir = join(temp.dir, 'bad');
    await writeConfig(dir, { sources: [{ url: 'ftp://x' }], alertWindow: 'soon' });
    const result = await runInProcess(['run'], dir);
    expect(result.code).toBe(1);
    const [line, ...rest] = lines(result.stderr);
    expect(rest).toEqual([]);
    expect(line).toMatch(/newsmon\.config\.json: sources\[0\]\.url: expected an http\(s\) URL/);
    expect(line).toContain('alertWindow: expected a duration');
  });
});

describe('configuration precedence', () => {
  let site: FixtureSite;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    site = await startFixtureSite();
    temp = await makeTempDir('precedence');
  });

  afterAll(async () => {
    await site?.close();
    await temp?.remove();
  });

  it("stores in the file's db (relative to the file) from a subdirectory, and --db wins over it", async () => {
    const project = join(temp.dir, 'project');
    await writeConfig(project, {
      sources: [{ url: site.url('/channel/7399.html'), name: '湖南' }],
      alertWindow: 'all',
      db: 'data/db',
    });
    const sub = join(project, 'deep', 'sub');
    await mkdir(sub, { recursive: true });
    const run = await runCli(['run', '--json'], { cwd: sub });
    expect(run.code).toBe(0);
    // The configured source and alert window were used: the column's 4 articles, all alerted.
    expect(run.stderr).toMatch(/4 new, 4 stored, \d+ figures, 4 alerted/);
    expect(existsSync(join(project, 'data', 'db'))).toBe(true);
    expect(existsSync(join(sub, '.newsmon'))).toBe(false);

    const flagged = await runCli(['query', 'reports', '--db', 'elsewhere'], { cwd: sub });
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toMatch(/no database at elsewhere/);

    const fromFile = await runCli(['query', 'reports', '--format', 'json'], { cwd: sub });
    expect(JSON.parse(fromFile.stdout)).toHaveLength(4);
  });

  it('uses NEWSMON_HOME without a configuration file, never the current directory', async () => {
    const home = join(temp.dir, 'home');
    const elsewhere = join(temp.dir, 'elsewhere');
    await mkdir(elsewhere, { recursive: true });
    const result = await runInProcess(['doctor'], elsewhere, {
      NEWSMON_HOME: home,
    });
    expect(result.stdout).toContain(`database     ${join(home, 'db')} (from NEWSMON_HOME)`);
  });

  it('reads --config FILE from anywhere on the command line', async () => {
    const path = await writeConfig(join(temp.dir, 'named'), {
      sources: [{ url: site.url('/channel/7417.html'), name: '衡阳', site: 'hy' }],
    });
    const result = await runInProcess(
      ['sources', 'list', '--format', 'json', '--config', path],
      temp.dir,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      from: path,
      sources: [{ url: site.url('/channel/7417.html'), name: '衡阳', site: 'hy' }],
    });
  });
});

describe('newsmon sources', () => {
  let site: FixtureSite;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    site = await startFixtureSite();
    temp = await makeTempDir('sources');
    await writeConfig(temp.dir, { sources: [] });
  });

  afterAll(async () => {
    await site?.close();
    await temp?.remove();
  });

  it('adds, lists and removes sources in the configuration file', async () => {
    const url = site.url('/channel/7417.html');
    const added = await runInProcess(['sources', 'add', url, '--name', '衡阳'], temp.dir);
    expect(added.code).toBe(0);
    const twice = await runInProcess(['sources', 'add', url], temp.dir);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('is already a source');
    const listed = await runInProcess(['sources', 'list'], temp.dir);
    expect(listed.stdout).toContain(url);
    const removed = await runInProcess(['sources', 'remove', '衡阳'], temp.dir);
    expect(removed.stdout).toContain('removed 1 source');
    expect(loadConfig(temp.dir).file.sources).toEqual([]);
  });

  it('checks each source: template, articles, newest date, and the problem of one that fails', async () => {
    site.fail('/channel/404.html', 404);
    const result = await runCli(
      [
        'sources',
        'check',
        '--source',
        site.url('/channel/7417.html'),
        '--source',
        site.url('/channel/404.html'),
      ],
      { cwd: temp.dir },
    );
    site.reset();
    expect(result.code).toBe(1);
    const rows = lines(result.stdout);
    const ok = rows.find((row) => row.includes('/channel/7417.html'));
    expect(ok).toMatch(/ok\s+old\s+3\s+2025-09-15/);
    const failed = rows.find((row) => row.includes('/channel/404.html'));
    expect(failed).toMatch(/failed .*http-status/);
    expect(result.stderr).toContain('1 source answered with articles, 1 with problems');
    expectNoStackTrace(result.stderr);
  });

  it('discovers the column pages a page links to, with their names', async () => {
    const result = await runCli(['sources', 'discover', site.url('/channel/7417.html')], {
      cwd: temp.dir,
    });
    expect(result.code).toBe(0);
    const rows = lines(result.stdout).slice(2);
    // Page 2 of the column (/channel/7417_2.html) is a pager link, not a column.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/7417\s+衡阳\s+http:\/\/127\.0\.0\.1:\d+\/channel\/7417\.html/);
  });
});

describe('newsmon doctor offline', () => {
  it('prints one clear line per check and exits 1, never a stack trace', async () => {
    const temp = await makeTempDir('doctor');
    try {
      const port = await closedPort();
      await writeConfig(temp.dir, {
        sources: [
          { url: `http://127.0.0.1:${port}/channel/1.html`, name: 'refused' },
          { url: `http://127.0.0.1:${port}/channel/2.html`, name: 'refused too' },
        ],
      });
      const result = await runCli(['doctor'], { cwd: temp.dir });
      expect(result.code).toBe(1);
      const checks = lines(result.stdout);
      for (const line of checks) expect(line).toMatch(/^[✓!✗] \S+/);
      expect(checks[0]).toMatch(/^✓ node +\d+\.\d+/);
      expect(checks[1]).toMatch(/^✓ config +newsmon\.config\.json \(2 sources\)/);
      expect(checks[2]).toMatch(/^✓ database .*\(from NEWSMON_HOME\): not created yet/);
      // Two sources failing the same way are one line with a count.
      expect(checks.filter((line) => line.includes('ECONNREFUSED'))).toEqual([
        expect.stringMatching(/^✗ source +2 × HTTP: ECONNREFUSED/),
      ]);
      expect(result.stderr).toContain('doctor: 1 problem');
      expectNoStackTrace(result.stdout + result.stderr);
    } finally {
      await temp.remove();
    }
  });
});

describe('messages', () => {
  let site: FixtureSite;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    site = await startFixtureSite();
    temp = await makeTempDir('messages');
  });

  afterAll(async () => {
    await site?.close();
    await temp?.remove();
  });

  it('checks --topic credentials once, before fetching anything', async () => {
    const result = await runCli(
      [
        'run',
        '--source',
        site.url('/channel/7417.html'),
        '--topic',
        'arn:aws:sns:eu-west-1:123456789012:t',
      ],
      {
        cwd: temp.dir,
        env: {
          AWS_REGION: 'eu-west-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SHARED_CREDENTIALS_FILE: join(temp.dir, 'none'),
          AWS_CONFIG_FILE: join(temp.dir, 'none'),
        },
      },
    );
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^newsmon: no AWS credentials for --topic/),
    ]);
    expect(site.requests).toEqual([]);
  });

  it('lists the sub-site labels when --site is not one, and accepts a Chinese name', async () => {
    const wrong = await runInProcess(['query', 'reports', '--site', '衡阳市'], temp.dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('labels: hn 湖南, cs 长沙');
    expect(wrong.stderr).toContain('hy 衡阳');
    const byName = await runInProcess(['query', 'reports', '--site', '衡阳'], temp.dir);
    // Accepted: the query then fails only because this directory has no database yet.
    expect(byName.stderr).toMatch(/no database at/);
  });

  it('fits query tables into an 80-column terminal and keeps full titles in CSV', async () => {
    const stored = await runCli(
      ['run', '--source', site.url('/channel/7399.html'), '--alert-window', 'all', '--json'],
      { cwd: temp.dir },
    );
    expect(stored.code).toBe(0);
    const screen = await runInTerminal(['query', 'reports'], temp.dir, 80);
    const rows = lines(screen);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows[0]).toMatch(/^published \+08:00/);
    expect(rows.filter((line) => stringWidth(line) > 80)).toEqual([]);
    expect(screen).toContain('…');
    const csv = await runCli(['query', 'reports', '--format', 'csv'], { cwd: temp.dir });
    expect(csv.stdout).not.toContain('…');
  });
});
