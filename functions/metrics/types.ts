/**
 * One figure reported by an article, exactly as `metric-contract.md` defines it.
 * This shape is a public interface (`newsmon extract --json`, the DynamoDB items, the alerts).
 */
export interface Metric {
  /** Surface span of the value as written, qualifiers included (`1000余起`, `全省第一`). */
  text: string;
  /** The numeral as written, unsigned (`三` → 3, `26.1亿元` → 26.1). */
  value: number;
  /** `value` as an exact decimal string, only when it is beyond 2^53 (see `NormalizedValue.exact`). */
  valueExact?: string;
  /** Unit or classifier as written after the numeral, multiplier included (`亿元`, `万起`); null for ranks. */
  unit: string | null;
  normalized: NormalizedValue;
  bound: MetricBound;
  /** What is counted, as written; null where the sentence names nothing. */
  subject: string | null;
  /** The verb(s) that produced the figure. */
  action: string[];
  change: MetricChange | null;
  /** The period phrase governing the figure, as written (`一年来`), or null. */
  period: string | null;
  /** The sentence the figure was taken from. */
  sentence: string;
  /** Character offset of `text` in the article text (not part of the contract; helps ordering and UIs). */
  offset?: number;
  /**
   * What kind of figure this is in a time series (see `identity.ts`): `level` (a count, an amount, a
   * rate), `change` (a change with a direction), `share` (a part of a whole) or `rank`. Set by the
   * extractor; metrics stored before it existed get it from `kindOf`.
   */
  kind?: MetricKind;
  /**
   * The action class of `action` (`破`/`破获`/`侦破` → `破获`; lexicon/action-classes.ts); the verb itself
   * when no class lists it, `null` when there is no verb.
   */
  actionClass?: string | null;
  /**
   * `period` normalised (`2021`, `2021-Q3`, `2021-H1`, `2021-01/2021-08`, `2021-01-01/2021-08-26`,
   * `../2021-08-31`); relative phrases (`今年以来`, `一年来`) are resolved against the publication date
   * when one was given. `null` when there is no period or it cannot be placed in time.
   */
  periodNormalized?: string | null;
}

export type MetricKind = 'level' | 'change' | 'share' | 'rank';

interface NormalizedValue {
  value: number;
  /** `CNY`, `USD`, `%`, `pp`, `x`, `rank`, `kg`, `km`, `m2`, or the classifier itself (`起`, `人`…); null for unit-less scores. */
  unit: string | null;
  /** Upper end, only for `bound: 'range'`. */
  upper?: number;
  /**
   * `value` as an exact decimal string, present only when `value` is beyond the integers a double holds
   * exactly (above 2^53, e.g. `9999万亿元`): a store writes this string as the number (DynamoDB numbers
   * hold 38 digits) instead of the rounded double.
   */
  exact?: string;
  /** `upper` as an exact decimal string, under the same condition as `exact`. */
  upperExact?: string;
}

export type MetricBound = 'exact' | 'lower' | 'upper' | 'approx' | 'range';

export interface MetricChange {
  direction: 'up' | 'down';
  basis: 'yoy' | 'mom' | null;
}
