import { createHash } from 'node:crypto';
import { NumberValue } from '@aws-sdk/lib-dynamodb';

/**
 * Size budget of every item newsmon writes, measured the way DynamoDB measures it (UTF-8 bytes of
 * names and values), so no write is ever rejected for size and a hostile page costs a bounded
 * amount to store. What is cut is flagged (`partial` and a warning) by the item builders.
 *
 * Local stand-ins disagree with AWS here: dynalite counts UTF-16 units and accepts empty index
 * keys; the store tests therefore also run against AWS's own DynamoDB Local.
 */

/** DynamoDB's hard item limit: 400 KB including attribute names. */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;
/**
 * What a builder may fill. The margin covers attributes added after the first write (alert claim,
 * `alertedAt`) and the rounding of this estimate (numbers are counted at their maximum size).
 */
export const ITEM_BUDGET_BYTES = 380_000;
/** DynamoDB's limit for a partition key value (table and index). */
export const HASH_KEY_MAX_BYTES = 2048;
/** DynamoDB's limit for a sort key value (table and index). */
export const RANGE_KEY_MAX_BYTES = 1024;
/**
 * Article ids longer than this are not article ids of the site (its content numbers have fewer
 * than 12 digits); the cycle refuses such links before fetching, the store still bounds keys.
 */
export const MAX_ARTICLE_ID_BYTES = 128;
/** Stored title, in UTF-8 bytes (about 680 Chinese characters). */
export const MAX_TITLE_BYTES = 2048;
/** Stored article and page URLs; a longer one is not stored (images) or cut (article URL). */
export const MAX_URL_BYTES = 4096;
/** Images kept per article: the site module's cap, one number for parsing and storing. */
export { MAX_IMAGES } from '../rednet/limits.js';
/** Short article fields: source, author, editor, channel, site. */
export const MAX_SHORT_FIELD_BYTES = 256;
/** Warnings kept per article, and bytes per warning. */
export const MAX_WARNINGS = 20;
export const MAX_WARNING_BYTES = 512;
/** A figure's sentence as stored in its metric item (the article keeps the whole text). */
export const MAX_SENTENCE_BYTES = 4096;
/** A figure's other strings (text, subject, period, each action). */
export const MAX_METRIC_FIELD_BYTES = 512;
/** Metric items written per article (the extractor caps figures too; this bounds the writes). */
export const MAX_METRIC_ITEMS = 1000;
/** Failure reasons kept in a quarantine record. */
export const MAX_REASON_BYTES = 1024;
/** Validators (ETag, Last-Modified) longer than this are not kept: a cut validator is wrong. */
export const MAX_VALIDATOR_BYTES = 1024;
/** DynamoDB numbers: 38 significant digits, magnitude below 1e126. */
const DYNAMODB_NUMBER_DIGITS = 38;

/** Attributes that are keys of the table or of an index, with their limit. */
const KEY_ATTRIBUTE_LIMITS: Readonly<Record<string, number>> = {
  pk: HASH_KEY_MAX_BYTES,
  sk: RANGE_KEY_MAX_BYTES,
  feedPk: HASH_KEY_MAX_BYTES,
  feedSk: RANGE_KEY_MAX_BYTES,
  sitePk: HASH_KEY_MAX_BYTES,
  siteSk: RANGE_KEY_MAX_BYTES,
  channelPk: HASH_KEY_MAX_BYTES,
  channelSk: RANGE_KEY_MAX_BYTES,
  pendingPk: HASH_KEY_MAX_BYTES,
  pendingSk: RANGE_KEY_MAX_BYTES,
};

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a character (a
 * surrogate pair stays whole). Linear in the bytes kept.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short enough strings need no encoding at all.
  if (text.length * 3 <= maxBytes) return text;
  const head = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  const bytes = Buffer.from(head, 'utf8');
  if (bytes.length <= maxBytes && head.length === text.length) return text;
  let end = Math.min(maxBytes, bytes.length);
  // Step back over continuation bytes (10xxxxxx) to a character boundary.
  while (end > 0 && end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** `text` cut to `maxBytes`, with whether it was cut. */
export function fitText(text: string, maxBytes: number): { text: string; cut: boolean } {
  const fitted = truncateUtf8(text, maxBytes);
  return { text: fitted, cut: fitted.length !== text.length };
}

/**
 * A key value within `maxBytes`: unchanged when it fits, otherwise its longest prefix that leaves
 * room for `~` and 16 hex digits of its SHA-256. Deterministic (the same input always gives the
 * same key, so reads find what writes stored), distinct for distinct inputs, and order-preserving
 * on the prefix (time-ordered sort keys stay in time order).
 */
export function boundedKey(value: string, maxBytes: number): string {
  if (value.length * 3 <= maxBytes || utf8Bytes(value) <= maxBytes) return value;
  const digest = createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16);
  return `${truncateUtf8(value, maxBytes - 17)}~${digest}`;
}

/**
 * Makes the key attributes of an item valid for DynamoDB: over-long ones are bounded, empty index
 * keys are removed (AWS rejects an empty string in an index key; the item then simply stays out of
 * that sparse index). Table keys are always non-empty (they carry a type prefix).
 */
export function enforceKeyLimits(item: Record<string, unknown>): void {
  for (const [name, limit] of Object.entries(KEY_ATTRIBUTE_LIMITS)) {
    const value = item[name];
    if (typeof value !== 'string') continue;
    if (value === '' && name !== 'pk' && name !== 'sk') delete item[name];
    else item[name] = boundedKey(value, limit);
  }
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * A decimal string DynamoDB accepts as a number (at most 38 significant digits, magnitude below
 * 1e126), or null when the value is out of DynamoDB's range. Digits beyond the 38th are cut
 * (rounded toward zero) and reported.
 */
export function dynamoDecimal(exact: string): { value: string; rounded: boolean } | null {
  const match = DECIMAL.exec(exact);
  if (!match) return null;
  const sign = match[1] ?? '';
  const whole = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (whole.length > 125) return null;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits.length <= DYNAMODB_NUMBER_DIGITS) {
    return { value: `${sign}${whole}${fraction ? `.${fraction}` : ''}`, rounded: false };
  }
  if (whole !== '0' && whole.length >= DYNAMODB_NUMBER_DIGITS) {
    const kept =
      whole.slice(0, DYNAMODB_NUMBER_DIGITS) + '0'.repeat(whole.length - DYNAMODB_NUMBER_DIGITS);
    return { value: `${sign}${kept}`, rounded: true };
  }
  // Fractional digits beyond the 38 significant ones.
  const leadingZeros = whole === '0' ? (fraction.match(/^0*/)?.[0].length ?? 0) : 0;
  const room =
    whole === '0' ? DYNAMODB_NUMBER_DIGITS + leadingZeros : DYNAMODB_NUMBER_DIGITS - whole.length;
  return { value: `${sign}${whole}.${fraction.slice(0, room)}`, rounded: true };
}

/** An exact decimal string for a double (integers beyond 2^53 included, exponent notation expanded). */
function decimalOfDouble(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Tiny or huge non-integers: fixed notation (toFixed covers |value| < 1e21).
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** Names of sibling strings that hold the exact decimal of a number field (the Metric contract). */
function exactSibling(owner: Record<string, unknown>, key: string): string | undefined {
  const candidates = key === 'value' ? ['exact', 'valueExact'] : [`${key}Exact`];
  for (const name of candidates) {
    const exact = owner[name];
    if (typeof exact === 'string') return exact;
  }
  return undefined;
}

/**
 * Replaces, in place, every number the SDK's marshaller would refuse: beyond ±2^53 it becomes a
 * `NumberValue` holding the exact decimal (from the sibling `exact`/`…Exact` string when the
 * extractor gave one, otherwise the double's own exact value); NaN and ±Infinity become null.
 * Returns a note per changed number (path and what happened), empty when nothing changed.
 */
export function storableNumbers(value: unknown, path = ''): string[] {
  const notes: string[] = [];
  const visit = (node: unknown, where: string): void => {
    if (node === null || typeof node !== 'object' || node instanceof NumberValue) return;
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((child, index) => [index, child])
      : Object.entries(node);
    for (const [key, child] of entries) {
      const childPath = where ? `${where}.${key}` : String(key);
      if (typeof child === 'number') {
        const fixed = storableNumber(
          child,
          Array.isArray(node)
            ? undefined
            : exactSibling(node as Record<string, unknown>, String(key)),
        );
        if (fixed.note === null) continue;
        (node as Record<string | number, unknown>)[key] = fixed.value;
        notes.push(`${childPath}: ${fixed.note}`);
      } else if (child !== null && typeof child === 'object') {
        visit(child, childPath);
      }
    }
  };
  visit(value, path);
  return notes;
}

function storableNumber(
  value: number,
  exact: string | undefined,
): { value: number | NumberValue | null; note: string | null } {
  if (!Number.isFinite(value))
    return { value: null, note: `${value} is not a number DynamoDB holds; stored as null` };
  if (Number.isSafeInteger(value) || Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    return { value, note: null };
  }
  const decimal = dynamoDecimal(exact ?? decimalOfDouble(value)) ?? null;
  if (decimal === null)
    return { value: null, note: `${value} is beyond DynamoDB's number range; stored as null` };
  return {
    value: new NumberValue(decimal.value),
    note: decimal.rounded
      ? `${value} has more than ${DYNAMODB_NUMBER_DIGITS} digits; stored rounded`
      : `${value} is beyond 2^53; stored exactly as ${decimal.value}`,
  };
}

/**
 * Reading numbers back: a value a double holds exactly is a number; a larger one is the nearest
 * double (the exact decimal string stays in the item next to it, see the Metric contract).
 */
export function readDynamoNumber(text: string): number {
  return Number(text);
}

/**
 * Size of a plain item as DynamoDB counts it: UTF-8 bytes of attribute names and strings, numbers
 * at their maximum (21 bytes), 1 byte for null/boolean, 3 bytes per map or list plus 1 per element.
 */
export function itemSize(item: Record<string, unknown>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    total += utf8Bytes(name) + valueSize(value);
  }
  return total;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint' || value instanceof NumberValue) {
    return 21;
  }
  if (value === null || typeof value === 'boolean') return 1;
  if (Array.isArray(value)) {
    let total = 3;
    for (const element of value) total += 1 + valueSize(element);
    return total;
  }
  if (typeof value === 'object') {
    let total = 3;
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      if (child === undefined) continue;
      total += 1 + utf8Bytes(name) + valueSize(child);
    }
    return total;
  }
  return 0;
}
