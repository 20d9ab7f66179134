import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/rednet/types.js';
import { lines, makeTempDir, REPO_ROOT, runInProcess } from './cli-harness.js';

/**
 * `newsmon extract` tells what decoding the bytes cost: on stderr after the table, and in the
 * article's `warnings` of the JSON.
 */
const SEED_HTML = join(REPO_ROOT, 'test/fixtures/dev/seed-article.html');
const SEED_URL = 'https://hn.rednet.cn/content/2021/08/26/9850796.html';
const SEED_TITLE = '衡阳公安一年来“牢记重要训词 履行职责使命”成效显著';
const GBK_HTML = join(REPO_ROOT, 'test/fixtures/pages/legacy-c-gbk.html');
const GBK_URL = 'http://zt.rednet.cn/c/2015/04/22/3654321.htm';
const GBK_TITLE = '益阳市一季度规模工业增加值增长8.7%';
const UTF8_WARNING = 'page declared UTF-8 has 3 invalid byte sequences, replaced by U+FFFD';

/** `bytes` with one 0xFF byte before each of the first `count` occurrences of `mark`. */
function strayBytes(bytes: Buffer, mark: string, count: number): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let n = 0; n < count; n++) {
    const at = bytes.indexOf(Buffer.from(mark, 'utf8'), from);
    if (at === -1) throw new Error(`${mark} occurs fewer than ${count} times`);
    parts.push(bytes.subarray(from, at), Buffer.from([0xff]));
    from = at + mark.length;
    parts.push(bytes.subarray(at, from));
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

interface ExtractOutput {
  article: Article;
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let brokenUtf8: Buffer;
let brokenUtf8File: string;

beforeAll(async () => {
  temp = await makeTempDir('extract-decoding');
  // Three stray bytes in the body of a page declared UTF-8 (<meta charset="utf-8">).
  brokenUtf8 = strayBytes(await readFile(SEED_HTML), '<p>', 3);
  brokenUtf8File = join(temp.dir, 'broken-utf8.html');
  await writeFile(brokenUtf8File, brokenUtf8);
});

afterAll(async () => {
  await temp?.remove();
});

describe('newsmon extract on a page declared UTF-8 with a few invalid bytes', () => {
  it('prints the table with the title intact and the decoding warning on stderr', async () => {
    const result = await runInProcess(['extract', '--url', SEED_URL, brokenUtf8File], temp.dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(SEED_TITLE);
    expect(lines(result.stderr)).toEqual([`newsmon extract: warning: ${UTF8_WARNING}`]);
  });

  it('keeps the warning in the article of the JSON, with nothing on stderr', async () => {
    const result = await runInProcess(
      ['extract', '--json', '--url', SEED_URL, brokenUtf8File],
      temp.dir,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const { article } = JSON.parse(result.stdout) as ExtractOutput;
    expect(article.encoding).toBe('utf-8');
    expect(article.title).toBe(SEED_TITLE);
    expect(article.warnings).toContain(UTF8_WARNING);
    expect(article.text).toContain('全市共破刑事案件4569起');
  });

  it('reports the same warning for the page fetched from a server', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(brokenUtf8);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await runInProcess(
        ['extract', '--json', '--url', SEED_URL, `http://127.0.0.1:${port}/page.html`],
        temp.dir,
      );
      expect(result.code, result.stderr).toBe(0);
      const { article } = JSON.parse(result.stdout) as ExtractOutput;
      expect(article.warnings).toContain(UTF8_WARNING);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('keeps the warning when the input is plain text', async () => {
    const text = Buffer.concat([
      Buffer.from('全市共破获刑事案件', 'utf8'),
      Buffer.from([0xff]),
      Buffer.from('4569起。\n', 'utf8'),
    ]);
    const file = join(temp.dir, 'plain.txt');
    await writeFile(file, text);
    const result = await runInProcess(['extract', '--json', file], temp.dir);
    expect(result.code, result.stderr).toBe(0);
    const { article } = JSON.parse(result.stdout) as ExtractOutput;
    expect(article.warnings[0]).toMatch(/^page sniffed as UTF-8 has 1 invalid byte sequences/);
  });
});

describe('newsmon extract on a GBK page that declares no charset', () => {
  /** The fixture without its two charset declarations: the bytes alone tell the encoding. */
  async function undeclared(): Promise<Buffer> {
    const html = (await readFile(GBK_HTML)).toString('latin1');
    return Buffer.from(
      html
        .replace('<meta charset="gbk">', '')
        .replace('<meta http-equiv="Content-Type" content="text/html; charset=gbk" />', ''),
      'latin1',
    );
  }

  it('decodes it as GB18030 without a warning', async () => {
    const file = join(temp.dir, 'gbk.html');
    await writeFile(file, await undeclared());
    const result = await runInProcess(['extract', '--json', '--url', GBK_URL, file], temp.dir);
    expect(result.code, result.stderr).toBe(0);
    const { article } = JSON.parse(result.stdout) as ExtractOutput;
    expect(article.encoding).toBe('gb18030');
    expect(article.title).toBe(GBK_TITLE);
    expect(article.warnings.join('\n')).not.toContain('U+FFFD');
  });

  it('says how many sequences were not GB18030 either, on stderr and in the JSON', async () => {
    const bytes = await undeclared();
    const at = bytes.indexOf(Buffer.from('</body>', 'latin1'));
    const file = join(temp.dir, 'gbk-broken.html');
    await writeFile(
      file,
      Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xff]), bytes.subarray(at)]),
    );
    const table = await runInProcess(['extract', '--url', GBK_URL, file], temp.dir);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(GBK_TITLE);
    expect(lines(table.stderr)).toContainEqual(
      expect.stringMatching(
        /^newsmon extract: warning: \d+ invalid GB18030 byte sequences replaced by U\+FFFD$/,
      ),
    );
    const json = await runInProcess(['extract', '--json', '--url', GBK_URL, file], temp.dir);
    const { article } = JSON.parse(json.stdout) as ExtractOutput;
    expect(article.encoding).toBe('gb18030');
    expect(article.warnings.join('\n')).toMatch(/invalid GB18030 byte sequences/);
  });
});
