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
  // Table cells are single-line: newlines would break the alignment.
  return String(cell).replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * Renders rows as a terminal table whose columns line up with CJK text (full-width characters
 * count two columns). Returns the lines without a trailing newline.
 */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) =>
    columns.map((column) => {
      const text = cellText(column.value(row));
      return column.maxWidth ? truncateToWidth(text, column.maxWidth) : text;
    }),
  );
  const widths = columns.map((column, index) =>
    Math.max(stringWidth(column.header), ...cells.map((line) => stringWidth(line[index] ?? ''))),
  );
  const renderLine = (line: readonly string[]): string =>
    line
      .map((text, index) => padToWidth(text, widths[index] ?? 0, columns[index]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [
    renderLine(columns.map((column) => column.header)),
    renderLine(widths.map((width) => ruleChar().repeat(width))),
    ...cells.map(renderLine),
  ].join('\n');
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
        return csvField(cell === null || cell === undefined ? '' : String(cell));
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
