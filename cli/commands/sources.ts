import { DEFAULT_SOURCES } from '../../functions/monitor/default-sources.js';
import { errorReason } from '../../functions/monitor/errors.js';
import type { SourceConfig } from '../../functions/monitor/ports.js';
import type { ListPage } from '../../functions/rednet/types.js';
import { safeTerminalText } from '../../functions/shared/safe-text.js';
import { expectPositionals, parseCommandArgs, parseHttpUrl } from '../args.js';
import { type ConfigSource, type LoadedConfig, loadConfig } from '../config-file.js';
import { fetchTuning, resolveSources } from '../cycle-settings.js';
import { shanghaiTime } from '../duration.js';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { type CliIo, count, writeLine } from '../io.js';
import { type Column, parseOutputFormat, renderTable } from '../output-format.js';
import { parseSiteOption, SITE_LABELS, siteOfUrl } from '../sites.js';
import { displayPath } from '../store-context.js';
import { terminalColumns } from '../terminal-size.js';
import { writeConfigFile } from './init.js';

export const HELP = `Usage: newsmon sources <list|add|remove|check|discover> [options]

The pages newsmon watches: the configuration file's "sources" (see 'newsmon init'), else the
built-in 红网 list.

  list [--format table|json]        each source with its sub-site and where the list came from
  add <url> [--name N] [--site L]   add a column or home page to the configuration file
  remove <url|name>                 remove it again
  check [--source URL]...           fetch each source's first list page: template, articles
                                    found, newest date, problems (exit 1 when one fails)
  discover <url>                    read a 红网 home or section page and list the column pages
                                    (/channel/<id>.html) it links to, with their names

Examples:
  newsmon sources discover https://hn.rednet.cn/
  newsmon sources add https://hn.rednet.cn/channel/7399.html --name 湖南要闻
  newsmon sources check`;

const OPTIONS = {
  name: { type: 'string' },
  site: { type: 'string' },
  source: { type: 'string', multiple: true },
  format: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

const ALLOWED: Record<string, ReadonlyArray<keyof typeof OPTIONS>> = {
  list: ['format'],
  add: ['name', 'site'],
  remove: [],
  check: ['source'],
  discover: [],
};

/** `newsmon sources …`: resolves to the exit code. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('sources', args, OPTIONS);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return EXIT_OK;
  }
  const [action, ...rest] = positionals;
  const allowed = action === undefined ? undefined : ALLOWED[action];
  if (action === undefined || !allowed) {
    throw new UsageError(
      `${action === undefined ? 'missing action' : `unknown action '${action}'`}: list, add, remove, check or discover (see 'newsmon sources --help')`,
      'sources',
    );
  }
  for (const key of Object.keys(OPTIONS) as Array<keyof typeof OPTIONS>) {
    if (values[key] !== undefined && !allowed.includes(key)) {
      throw new UsageError(`'sources ${action}' does not take --${key}`, 'sources');
    }
  }
  const config = loadConfig(io.cwd, io.configPath);
  switch (action) {
    case 'list':
      expectPositionals('sources list', rest, []);
      return listSources(config, values, io);
    case 'add':
      return addSource(
        config,
        expectPositionals('sources add', rest, ['url'])[0] ?? '',
        values,
        io,
      );
    case 'remove':
      return removeSource(
        config,
        expectPositionals('sources remove', rest, ['url|name'])[0] ?? '',
        io,
      );
    case 'check':
      expectPositionals('sources check', rest, []);
      return checkSources(resolveSources(values.source, config), config, io);
    default:
      return discover(expectPositionals('sources discover', rest, ['url'])[0] ?? '', config, io);
  }
}

function configuredOrBuiltIn(config: LoadedConfig): { sources: ConfigSource[]; from: string } {
  if (config.path !== null && config.file.sources && config.file.sources.length > 0) {
    return { sources: config.file.sources, from: config.path };
  }
  return { sources: DEFAULT_SOURCES.map((source) => ({ ...source })), from: 'built-in' };
}

function listSources(config: LoadedConfig, values: Values, io: CliIo): number {
  const format = parseOutputFormat(values.format);
  const { sources, from } = configuredOrBuiltIn(config);
  if (format === 'json') {
    writeLine(io.stdout, JSON.stringify({ from, sources }, null, 2));
    return EXIT_OK;
  }
  const columns: Column<ConfigSource>[] = [
    { header: 'name', value: (source) => source.name, maxWidth: 16 },
    { header: 'site', value: (source) => source.site ?? siteOfUrl(source.url) ?? '' },
    { header: 'url', value: (source) => source.url },
  ];
  writeLine(
    io.stdout,
    renderTable(columns, sources, { width: terminalColumns(io.stdout), shrink: ['url', 'name'] }),
  );
  const where = from === 'built-in' ? 'the built-in list' : displayPath(from, io.cwd);
  writeLine(io.stderr, `newsmon: ${count(sources.length, 'source')} from ${where}`);
  if (from === 'built-in') {
    writeLine(
      io.stderr,
      'newsmon: 6 built-in hosts (xt, yy, zjj, cz, hh, ld) are inferred, never checked: `newsmon sources check` shows which answer; `newsmon init` writes them to a file you can edit',
    );
  }
  return EXIT_OK;
}

function requireConfigFile(config: LoadedConfig): string {
  if (config.path === null) {
    throw new CliError(
      "no newsmon.config.json here or in a parent directory ('newsmon init' writes one; --config FILE names another)",
    );
  }
  return config.path;
}

function addSource(config: LoadedConfig, rawUrl: string, values: Values, io: CliIo): number {
  const path = requireConfigFile(config);
  const url = parseHttpUrl(rawUrl, 'sources add');
  const sources = [...(config.file.sources ?? [])];
  if (sources.some((source) => source.url === url)) {
    throw new CliError(`${url} is already a source in ${displayPath(path, io.cwd)}`);
  }
  const site = values.site === undefined ? siteOfUrl(url) : parseSiteOption(values.site);
  const known = SITE_LABELS.find((label) => label.label === site);
  const parsed = new URL(url);
  const name =
    values.name?.trim() ||
    known?.name ||
    `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  sources.push(site ? { url, name, site } : { url, name });
  writeConfigFile(path, { ...config.file, sources });
  writeLine(io.stdout, `newsmon: added ${name} ${url} to ${displayPath(path, io.cwd)}`);
  return EXIT_OK;
}

function removeSource(config: LoadedConfig, which: string, io: CliIo): number {
  const path = requireConfigFile(config);
  const sources = config.file.sources ?? [];
  const kept = sources.filter((source) => source.url !== which && source.name !== which);
  if (kept.length === sources.length) {
    throw new CliError(
      `no source '${which}' in ${displayPath(path, io.cwd)} (see 'newsmon sources list')`,
    );
  }
  writeConfigFile(path, { ...config.file, sources: kept });
  writeLine(
    io.stdout,
    `newsmon: removed ${count(sources.length - kept.length, 'source')} from ${displayPath(path, io.cwd)}`,
  );
  return EXIT_OK;
}

interface CheckRow {
  source: SourceConfig;
  status: 'ok' | 'not-modified' | 'layout-changed' | 'not-rednet' | 'failed';
  template: string;
  articles: number;
  newest: string | null;
  problem: string;
}

/** Newest date a list page shows: the listed times, else the dates in the article URLs. */
function newestOf(page: ListPage): string | null {
  let newest: string | null = null;
  for (const ref of page.articles) {
    const when = ref.listedAt ?? (ref.urlDate ? `${ref.urlDate}T00:00:00+08:00` : null);
    if (when && (newest === null || when > newest)) newest = when;
  }
  return newest;
}

/** What one source's first list page says, as a row; never throws. */
export async function checkSource(
  source: SourceConfig,
  fetchList: (url: string) => Promise<ListPage | null>,
): Promise<CheckRow> {
  const row: CheckRow = {
    source,
    status: 'ok',
    template: '',
    articles: 0,
    newest: null,
    problem: '',
  };
  try {
    const page = await fetchList(source.url);
    if (page === null) return { ...row, status: 'not-modified' };
    row.template = page.template;
    row.articles = page.articles.length;
    row.newest = newestOf(page);
    if (page.articles.length === 0) {
      const rednet =
        siteOfUrl(source.url) !== null || /\.rednet\.cn$/.test(new URL(source.url).hostname);
      row.status = rednet ? 'layout-changed' : 'not-rednet';
      row.problem = rednet
        ? 'no article links on the page (layout changed, or not a list page)'
        : 'not a 红网 page: no rednet.cn article links';
    }
  } catch (error) {
    row.status = 'failed';
    row.problem = errorReason(error);
  }
  return row;
}

async function checkSources(
  sources: SourceConfig[],
  config: LoadedConfig,
  io: CliIo,
): Promise<number> {
  const tuning = fetchTuning(io.env, config);
  // Only the actions that fetch load the fetcher and its HTML parser (`sources list` stays light).
  const { createFetching } = await import('../monitor-setup.js');
  const { http, fetcher } = createFetching(sources, tuning);
  try {
    const rows = await Promise.all(
      sources.map((source) =>
        checkSource(source, async (url) => {
          const result = await fetcher.fetchList(url, { etag: null, lastModified: null });
          return result.status === 'ok' ? result.page : null;
        }),
      ),
    );
    const columns: Column<CheckRow>[] = [
      { header: 'name', value: (row) => row.source.name, maxWidth: 12 },
      { header: 'status', value: (row) => row.status },
      { header: 'template', value: (row) => row.template },
      { header: 'articles', value: (row) => row.articles, align: 'right' },
      { header: 'newest', value: (row) => shanghaiTime(row.newest).slice(0, 10) },
      { header: 'url', value: (row) => row.source.url, maxWidth: 40 },
      { header: 'problem', value: (row) => safeTerminalText(row.problem), maxWidth: 60 },
    ];
    writeLine(
      io.stdout,
      renderTable(columns, rows, {
        width: terminalColumns(io.stdout),
        shrink: ['problem', 'url', 'name'],
      }),
    );
    const failed = rows.filter((row) => row.status !== 'ok' && row.status !== 'not-modified');
    writeLine(
      io.stderr,
      `newsmon: ${count(rows.length - failed.length, 'source')} answered with articles, ${failed.length} with problems`,
    );
    return failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  } finally {
    http.close();
  }
}

export interface ColumnLink {
  channelId: string;
  name: string;
  url: string;
}

/** Column pages (`/channel/<id>.html`, not `_<n>` pages) a page links to, first name wins. */
export async function findColumnLinks(html: string, pageUrl: string): Promise<ColumnLink[]> {
  const { Parser } = await import('htmlparser2');
  const found = new Map<string, ColumnLink>();
  let open: { url: string; channelId: string; title: string; text: string } | null = null;
  const finish = (): void => {
    if (!open) return;
    const name = (open.title || open.text).replace(/\s+/g, ' ').trim();
    const existing = found.get(open.url);
    if (!existing) found.set(open.url, { channelId: open.channelId, name, url: open.url });
    else if (!existing.name && name) existing.name = name;
    open = null;
  };
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (tag !== 'a') return;
        finish();
        let url: URL;
        try {
          url = new URL(attributes.href ?? '', pageUrl);
        } catch {
          return;
        }
        const match = /^\/channel\/(\d+)\.html$/.exec(url.pathname);
        if (!match?.[1] || !/^https?:$/.test(url.protocol)) return;
        url.search = '';
        url.hash = '';
        open = { url: url.href, channelId: match[1], title: attributes.title ?? '', text: '' };
      },
      ontext(text) {
        if (open) open.text += text;
      },
      onclosetag(tag) {
        if (tag === 'a') finish();
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  finish();
  return [...found.values()];
}

async function discover(rawUrl: string, config: LoadedConfig, io: CliIo): Promise<number> {
  const url = parseHttpUrl(rawUrl, 'sources discover');
  const tuning = fetchTuning(io.env, config);
  const { createFetching } = await import('../monitor-setup.js');
  const { http } = createFetching([{ url, name: 'discover' }], tuning);
  let links: ColumnLink[];
  try {
    const response = await http.get(url);
    links = await findColumnLinks(response.text, response.url || url);
  } catch (error) {
    throw new CliError(`cannot read ${url}: ${errorReason(error)}`, EXIT_FAILURE, { cause: error });
  } finally {
    http.close();
  }
  if (links.length === 0) {
    writeLine(io.stderr, `newsmon: ${url} links to no column page (/channel/<id>.html)`);
    return EXIT_FAILURE;
  }
  const columns: Column<ColumnLink>[] = [
    { header: 'channel', value: (link) => link.channelId, align: 'right' },
    { header: 'name', value: (link) => safeTerminalText(link.name), maxWidth: 24 },
    { header: 'url', value: (link) => link.url },
  ];
  writeLine(
    io.stdout,
    renderTable(columns, links, { width: terminalColumns(io.stdout), shrink: ['url', 'name'] }),
  );
  writeLine(
    io.stderr,
    `newsmon: ${count(links.length, 'column page')}; add one with: newsmon sources add <url> --name <name>`,
  );
  return EXIT_OK;
}
