/**
 * One figure reported by an article, exactly as `metric-contract.md` defines it.
 * This shape is a public interface (`newsmon extract --json`, the DynamoDB items, the alerts).
 */
export interface Metric {
  /** Surface span of the value as written, qualifiers included (`1000余起`, `全省第一`). */
  text: string;
  /** The numeral as written, unsigned (`三` → 3, `26.1亿元` → 26.1). */
  value: number;
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
}

export interface NormalizedValue {
  value: number;
  /** `CNY`, `USD`, `%`, `pp`, `x`, `rank`, `kg`, `km`, `m2`, or the classifier itself (`起`, `人`…); null for unit-less scores. */
  unit: string | null;
  /** Upper end, only for `bound: 'range'`. */
  upper?: number;
}

export type MetricBound = 'exact' | 'lower' | 'upper' | 'approx' | 'range';

export interface MetricChange {
  direction: 'up' | 'down';
  basis: 'yoy' | 'mom' | null;
}
