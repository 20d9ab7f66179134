import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, makeTempDir, runCli, runInProcess } from './cli-harness.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  temp = await makeTempDir('usage');
  await writeFile(join(temp.dir, 'empty.html'), '');
  await writeFile(
    join(temp.dir, 'image.png'),
    Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]),
  );
  await writeFile(
    join(temp.dir, 'other-site.html'),
    '<html><head><title>Example news</title></head><body><div class="article"><p>Sales rose 12% to 3,000 units.</p></div></body></html>',
  );
});

afterAll(async () => {
  await temp?.remove();
});

/** A failure is reported as exactly one `newsmon: …` line on stderr, nothing on stdout. */
function expectOneLineError(result: { stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.stdout).toBe('');
  const errorLines = lines(result.stderr);
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(/^newsmon: /);
  expect(errorLines[0]).toMatch(pattern);
}

describe('the newsmon binary', () => {
  it('exits 2 with one line naming an unknown option', async () => {
    const result = await runCli(['run', '--bogus'], { cwd: temp.dir });
    expect(result.code).toBe(2);
    expectOneLineError(result, /unknown option '--bogus' \(see 'newsmon run --help'\)/);
  });

  it('exits 1 with one line for an empty file given to extract', async () => {
    const result = await runCli(['extract', 'empty.html'], { cwd: temp.dir });
    expect(result.code).toBe(1);
    expectOneLineError(result, /empty\.html is empty/);
  });

  it('names a missing AWS table in one line instead of a stack trace', async () => {
    const server = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await runCli(['query', 'reports', '--table', 'no-such-table'], {
        cwd: temp.dir,
        env: {
          AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
      });
      expect(result.code).toBe(1);
      expectOneLineError(result, /table 'no-such-table' not found in eu-west-1/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('usage errors exit 2 with one line', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['query'], /missing <what>/],
    [['query', 'everything'], /unknown query 'everything'/],
    [['query', 'reports', '--format', 'xml'], /--format expects table, json or csv/],
    [['query', 'reports', '--limit', 'ten'], /--limit expects a whole number/],
    [['query', 'reports', '--since', 'yesterday'], /--since expects a date/],
    [['query', 'report'], /missing <id>/],
    [['query', 'series', '全市'], /'全市' names no indicator/],
    [['query', 'report', '1', '--since', '7d'], /'query report' does not take --since/],
    [['query', 'metrics', '--change', 'sideways'], /--change expects up or down/],
    [['query', 'reports', '--db', 'x', '--table', 'y'], /--db and --table are exclusive/],
    [['run', '--watch', 'often'], /--watch expects a duration/],
    [['run', '--alert-window', 'forever'], /--alert-window expects a duration/],
    [
      ['run', '--source', 'ftp://example.com/'],
      /--source: 'ftp:\/\/example.com\/' is not an http\(s\) URL/,
    ],
    [['run', '--topic', 'my-topic'], /--topic expects an SNS topic ARN/],
    [['run', 'extra'], /unexpected argument 'extra'/],
    [
      ['run', '--json', '--topic', 'arn:aws:sns:us-east-1:123456789012:t'],
      /--json and --topic are exclusive/,
    ],
    [['backfill'], /missing --pages N/],
    [['backfill', '--pages', '0'], /--pages expects a whole number/],
    [['backfill', '--pages', '2', '--json'], /only apply with --alert/],
    [['extract'], /missing <file\|url>/],
    [['extract', 'a.html', '--url', 'not a url'], /--url: 'not a url' is not a valid URL/],
  ])('%j', async (args, pattern) => {
    const result = await runInProcess(args, temp.dir);
    expect(result.code).toBe(2);
    expectOneLineError(result, pattern);
  });
});

describe('bad input files exit 1 with one line', () => {
  it.each([
    [['extract', 'image.png'], /image\.png is binary data/],
    [['extract', 'other-site.html'], /other-site\.html is not a 红网 \(rednet\.cn\) page/],
    [['extract', 'missing.html'], /cannot read missing\.html: no such file/],
    [['extract', '.'], /\. is a directory/],
    [['extract', '-'], /standard input is empty/],
    [['query', 'reports', '--db', 'no-db-here'], /no database at no-db-here/],
  ])('%j', async (args, pattern) => {
    const result = await runInProcess(args, temp.dir);
    expect(result.code).toBe(1);
    expectOneLineError(result, pattern);
  });
});

describe('NEWSMON_DEBUG=1', () => {
  it('adds the stack trace under the one-line error', async () => {
    const result = await runInProcess(['extract', 'empty.html'], temp.dir, { NEWSMON_DEBUG: '1' });
    expect(result.code).toBe(1);
    const [first, ...rest] = lines(result.stderr);
    expect(first).toBe('newsmon: empty.html is empty');
    expect(rest.some((line) => /^\s+at /.test(line))).toBe(true);
  });
});

describe('help', () => {
  it.each([['extract'], ['run'], ['query'], ['backfill']])(
    'newsmon %s --help shows usage and examples',
    async (command) => {
      const result = await runInProcess([command, '--help'], temp.dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: newsmon ${command}`));
      expect(result.stdout).toContain('Examples:');
      expect(result.stderr).toBe('');
    },
  );

  it('newsmon --help lists every command', async () => {
    const result = await runInProcess(['--help'], temp.dir);
    expect(result.code).toBe(0);
    for (const command of ['extract', 'run', 'query', 'backfill'])
      expect(result.stdout).toContain(`  ${command}`);
  });
});
