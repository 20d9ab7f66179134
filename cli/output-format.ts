import { safeCsvCell, safeTerminalText } from '../functions/shared/safe-text.js';
import { UsageError } from './errors.js';
import { padToWidth, ruleChar, stringWidth, truncateToWidth } from './text-width.js';

export type OutputFormat = 'table' | 'json' | 'csv';

/** `--format`: table (default), json or csv; anything else is bad usage. */
export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'table';
  if (value === 'table' || value === 'json' || value === 'csv') return value;
  throw new UsageError(`--format expects table, json or csv, got '${value}'`);
}

export type Cell = string | number | boolean | null | undefined;

export interface Column<Row> {
  header: string;
  value: (row: Row) => Cell;
  align?: 'left' | 'right';
  /** Widest the column may get in a table; longer cells end with `…`. */
  maxWidth?: number;
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  // Table cells are single-line (newlines would break the alignment), and text from pages must
  // not reach the terminal with escape sequences or bidi overrides in it.
  return safeTerminalText(String(cell).replace(/\s*[\r\n]+\s*/g, ' '));
}

export interface TableOptions {
  /** Terminal width the lines must fit (undefined: no limit, e.g. output to a pipe). */
  width?: number | undefined;
  /**
   * Headers of the columns that give up width first, most willing first; by default every
   * column with a `maxWidth` (free text such as titles), widest first.
   */
  shrink?: readonly string[];
}

const GAP = 2;
/** A column shrunk for the terminal keeps at least this many columns (or its header's width). */
const MIN_SHRUNK_WIDTH = 8;

/**
 * Renders rows as a terminal table whose columns line up with CJK text (full-width characters
 * count two columns). With `width`, free-text columns are narrowed (cells end with `…`) until
 * every line fits. Returns the lines without a trailing newline.
 */
export function renderTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: TableOptions = {},
): string {
  const full = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const widths = columns.map((column, index) => {
    const natural = Math.max(
      stringWidth(column.header),
      ...full.map((line) => stringWidth(line[index] ?? '')),
    );
    return column.maxWidth
      ? Math.min(natural, Math.max(column.maxWidth, stringWidth(column.header)))
      : natural;
  });
  if (options.width !== undefined) fitWidths(columns, widths, options.width, options.shrink);
  const cells = full.map((line) =>
    line.map((text, index) => truncateToWidth(text, widths[index] ?? 0)),
  );
  const renderLine = (line: readonly string[]): string =>
    line
      .map((text, index) => padToWidth(text, widths[index] ?? 0, columns[index]?.align ?? 'left'))
      .join(' '.repeat(GAP))
      .trimEnd();
  return [
    renderLine(columns.map((column, index) => truncateToWidth(column.header, widths[index] ?? 0))),
    renderLine(widths.map((width) => ruleChar().repeat(width))),
    ...cells.map(renderLine),
  ].join('\n');
}

/** Narrows shrinkable columns, widest first, until the line fits `total` columns (or cannot). */
function fitWidths<Row>(
  columns: readonly Column<Row>[],
  widths: number[],
  total: number,
  shrink: readonly string[] | undefined,
): void {
  const order = columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) =>
      shrink ? shrink.includes(column.header) : column.maxWidth !== undefined,
    );
  const floor = (index: number): number =>
    Math.min(
      widths[index] ?? 0,
      Math.max(MIN_SHRUNK_WIDTH, stringWidth(columns[index]?.header ?? '')),
    );
  const lineWidth = (): number =>
    widths.reduce((sum, width) => sum + width, 0) + GAP * Math.max(0, widths.length - 1);
  let excess = lineWidth() - total;
  while (excess > 0) {
    // The widest column that can still give a column up.
    let pick = -1;
    for (const { index } of order) {
      if ((widths[index] ?? 0) <= floor(index)) continue;
      if (pick === -1 || (widths[index] ?? 0) > (widths[pick] ?? 0)) pick = index;
    }
    if (pick === -1) break;
    const give = Math.min(excess, (widths[pick] ?? 0) - floor(pick), 4);
    widths[pick] = (widths[pick] ?? 0) - give;
    excess -= give;
  }
  // Still too wide (many fixed columns on a narrow terminal): cut the last column.
  if (excess > 0 && widths.length > 0) {
    const last = widths.length - 1;
    widths[last] = Math.max(1, (widths[last] ?? 0) - excess);
  }
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header line and CRLF line ends; cells keep their full text. */
export function renderCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const lines = [
    columns.map((column) => csvField(column.header)),
    ...rows.map((row) =>
      columns.map((column) => {
        const cell = column.value(row);
        // Page text starting with = + - @ must not run as a spreadsheet formula.
        return csvField(
          cell === null || cell === undefined
            ? ''
            : typeof cell === 'string'
              ? safeCsvCell(cell)
              : String(cell),
        );
      }),
    ),
  ];
  return `${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}

/** Key/value lines (`标题  …`) aligned on the widest key, for a single record. */
export function renderFields(fields: ReadonlyArray<readonly [string, Cell]>): string {
  const width = Math.max(...fields.map(([key]) => stringWidth(key)));
  return fields
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${padToWidth(key, width)}  ${cellText(value)}`)
    .join('\n');
}
