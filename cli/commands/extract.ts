import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeHtml } from '../../functions/http/decode.js';
import { HttpClient } from '../../functions/http/http-client.js';
import {
  articleFromPlainText,
  type ParseResult,
  parseArticlePage,
} from '../../functions/rednet/article-page.js';
import { parseArticleUrl } from '../../functions/rednet/article-url.js';
import type { Article } from '../../functions/rednet/types.js';
import { safeTerminalText } from '../../functions/shared/safe-text.js';
import { expectPositionals, parseCommandArgs, parseHttpUrl } from '../args.js';
import { CliError, EXIT_OK, errorCode, errorMessage } from '../errors.js';
import { extractMetrics } from '../extractor.js';
import { type CliIo, writeLine } from '../io.js';
import { renderArticleWithMetrics } from '../printers.js';

export const HELP = `Usage: newsmon extract [--json] [--url URL] <file|url|->

Parses one 红网 article page (saved HTML, plain text, or a URL to fetch) and prints its
metadata and the figures it reports. '-' reads standard input.

Options:
  --json       print exactly one JSON object: { "article": {…}, "metrics": [ … ] }
  --url URL    the page's original address, for its id, sub-site and date (a saved file does
               not know it; a file saved under a path like hn.rednet.cn/content/… is recognised)
  -h, --help   show this help

Examples:
  newsmon extract page.html --url https://hn.rednet.cn/content/2021/08/26/9850796.html
  newsmon extract --json https://hn.rednet.cn/content/2021/08/26/9850796.html | jq '.metrics[].text'
  curl -s https://hy.rednet.cn/content/646842/64/14195148.html | newsmon extract -

Exit codes: 0 parsed, 1 unreadable/empty/binary/non-红网 input or fetch failure, 2 bad usage.`;

const OPTIONS = {
  json: { type: 'boolean' },
  url: { type: 'string' },
} as const;

/** Cap on a page read from a file or stdin; 红网 pages are ~20–200 KB. */
const MAX_INPUT_BYTES = 20 * 1024 * 1024;

/** `newsmon extract`: resolves to the exit code; bad input is thrown as a one-line CliError. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('extract', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  const [input = ''] = expectPositionals('extract', positionals, ['file|url']);
  const originalUrl = values.url === undefined ? undefined : parseHttpUrl(values.url, '--url');
  const isUrl = /^https?:\/\//i.test(input);
  const page = isUrl
    ? await fetchPage(parseHttpUrl(input, 'extract'), originalUrl)
    : await readPage(input, io, originalUrl);
  const article = parsePage(page);
  const metrics = extractMetrics(article.text);
  if (values.json) {
    writeLine(io.stdout, JSON.stringify({ article, metrics }, null, 2));
  } else {
    writeLine(io.stdout, renderArticleWithMetrics(article, metrics));
    // Also on stderr: seen when stdout goes to a file or a pager (a garbled page, say).
    for (const warning of article.warnings) {
      writeLine(io.stderr, `newsmon extract: warning: ${safeTerminalText(warning)}`);
    }
  }
  return EXIT_OK;
}

interface LoadedPage {
  /** How the input is named in messages. */
  name: string;
  text: string;
  encoding: string;
  /** What went wrong decoding the bytes (invalid sequences replaced by U+FFFD). */
  decodeWarnings: readonly string[];
  /** URL to give the parser, or undefined when nothing is known. */
  url: string | undefined;
  /** Fallback URL for HTML without a known address (the file itself). */
  fileUrl: string | undefined;
}

async function fetchPage(url: string, originalUrl: string | undefined): Promise<LoadedPage> {
  const client = new HttpClient({ maxAttempts: 2 });
  try {
    const response = await client.get(url);
    return {
      name: url,
      text: response.text,
      encoding: response.encoding,
      decodeWarnings: response.decodeWarnings,
      url: originalUrl ?? response.url,
      fileUrl: undefined,
    };
  } catch (error) {
    throw new CliError(errorMessage(error), 1, { cause: error });
  } finally {
    client.close();
  }
}

async function readPage(
  input: string,
  io: CliIo,
  originalUrl: string | undefined,
): Promise<LoadedPage> {
  const fromStdin = input === '-';
  const path = fromStdin ? '' : resolve(io.cwd, input);
  const name = fromStdin ? 'standard input' : input;
  let bytes: Uint8Array;
  try {
    if (fromStdin) {
      bytes = await readStream(io.stdin);
    } else {
      const info = await stat(path);
      if (info.isDirectory()) throw new CliError(`${name} is a directory, not a page`);
      if (info.size > MAX_INPUT_BYTES) {
        throw new CliError(`${name} is ${info.size} bytes: too large for one article page`);
      }
      bytes = await readFile(path);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = errorCode(error);
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : errorMessage(error);
    throw new CliError(`cannot read ${name}: ${reason}`, 1, { cause: error });
  }
  if (bytes.length === 0) throw new CliError(`${name} is empty`);
  const decoded = decodeHtml(bytes, null);
  return {
    name,
    text: decoded.text,
    encoding: decoded.encoding,
    decodeWarnings: decoded.warnings,
    url: originalUrl ?? (fromStdin ? undefined : urlFromSavedPath(path)),
    fileUrl: fromStdin ? undefined : pathToFileURL(path).href,
  };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    // Strings only arrive when someone set an encoding on the stream; bytes are what we decode.
    const buffer = Buffer.from(chunk);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) {
      throw new CliError('standard input is too large for one article page');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The original URL of a page saved under its own path (`wget -x`, a browser's "save as" into a
 * mirror): `…/hn.rednet.cn/content/2021/08/26/9850796.html`. Nothing is inferred from any other
 * file name.
 */
export function urlFromSavedPath(path: string): string | undefined {
  const segments = path.split(sep);
  const hostIndex = segments.findLastIndex((segment) => /^[a-z0-9-]+\.rednet\.cn$/i.test(segment));
  if (hostIndex < 0) return undefined;
  const candidate = `https://${segments.slice(hostIndex).join('/')}`;
  return parseArticleUrl(candidate) ? candidate : undefined;
}

function parsePage(page: LoadedPage): Article {
  const options = { encoding: page.encoding, decodeWarnings: page.decodeWarnings };
  let result: ParseResult = parseArticlePage(page.text, page.url ?? page.fileUrl ?? '', options);
  if (!result.ok && result.error.code === 'not-html') {
    result = articleFromPlainText(page.text, page.url, options);
  }
  if (result.ok) return result.article;
  const { code, message } = result.error;
  switch (code) {
    case 'empty':
      throw new CliError(`${page.name} is empty`);
    case 'binary':
      throw new CliError(`${page.name} is binary data, not an HTML page or text (${message})`);
    case 'undecodable':
      throw new CliError(`${page.name} is not readable text (${message})`);
    case 'not-rednet':
      throw new CliError(
        `${page.name} is not a 红网 (rednet.cn) page (${message}); pass --url if it is`,
      );
    default:
      throw new CliError(`${page.name}: ${message}`);
  }
}
