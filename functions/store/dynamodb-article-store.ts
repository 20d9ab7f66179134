import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { actionClassOfWord } from '../metrics/identity.js';
import type { MetricKind } from '../metrics/types.js';
import { ClaimLostError } from '../monitor/errors.js';
import type {
  ArticleFailure,
  ArticleStore,
  QuarantinePolicy,
  ReportFilter,
  ReportQueries,
  ReportSummary,
  SeriesPoint,
  SourceState,
  StoredReport,
} from '../monitor/ports.js';
import type { ArticleRef } from '../rednet/types.js';
import { chunk, mapSettled } from '../shared/concurrency.js';
import { enforceKeyLimits, storableNumbers } from './item-budget.js';
import {
  type ArticleItem,
  type FailureItem,
  failurePendingSk,
  failureReason,
  fromItems,
  KEY,
  METRIC_SK_PREFIX,
  type MetricItem,
  type SourceStateItem,
  storableRef,
  toArticleItem,
  toMetricItems,
  toSourceStateItem,
  toUtc,
  withSeriesIndex,
} from './items.js';
import {
  actionKey,
  pointPeriod,
  SERIES_LAYOUT_VERSION,
  seriesIdentity,
  seriesSortPrefix,
  subjectKey,
  unitKey,
} from './series-key.js';

/** A series query: the subject, and any of the other identity parts (series-key.ts). */
export interface SeriesFilter {
  subject: string;
  action?: string | undefined;
  kind?: MetricKind | undefined;
  unit?: string | undefined;
  since?: string | undefined;
}

/** A stored subject and what its figures do (action classes), are (kinds) and measure (units). */
export interface SubjectSummary {
  subject: string;
  actions: string[];
  kinds: MetricKind[];
  units: string[];
  /** Distinct series keys of the subject. */
  series: number;
  /** Stored figures of the subject. */
  points: number;
}

/** A point of a series with its identity key and normalised period. */
export interface StoredSeriesPoint extends SeriesPoint {
  seriesKey: string;
  period: string | null;
}

/** BatchGetItem accepts at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;
const MAX_BATCH_ROUNDS = 8;
const METRIC_WRITE_CONCURRENCY = 8;
/** Articles whose figures are read at once by listings (never one query per article at once). */
const METRIC_READ_CONCURRENCY = 8;
/** Longer than any publish can take (Lambda timeout), short enough that a dead claim heals soon. */
const DEFAULT_CLAIM_TTL_MS = 15 * 60 * 1000;

export interface DynamoDbArticleStoreOptions {
  claimTtlMs?: number;
  /** Delay before retrying UnprocessedKeys (tests shorten it). */
  batchRetryBaseMs?: number;
}

/**
 * The single-table DynamoDB adapter. Every write is one conditional single-item write, so a
 * repeated or overlapping cycle never overwrites or duplicates anything.
 */
export class DynamoDbArticleStore implements ArticleStore, ReportQueries {
  private readonly claimTtlMs: number;
  private readonly batchRetryBaseMs: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoDbArticleStoreOptions = {},
  ) {
    this.claimTtlMs = options.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
    this.batchRetryBaseMs = options.batchRetryBaseMs ?? 50;
  }

  async findStoredIds(ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const item of await this.batchGet([...new Set(ids)], KEY.article)) {
      found.add(item.id);
    }
    return found;
  }

  /**
   * BatchGetItem over `ids` with the key builder `key`, retrying UnprocessedKeys with backoff.
   * Returns the id of each item found (keys may be bounded, so ids are mapped back, not parsed).
   */
  private async batchGet(
    ids: readonly string[],
    key: (id: string) => { pk: string; sk: string },
    /** Attributes to read; null reads whole items. */
    projection: string | null = 'pk',
  ): Promise<Array<{ id: string; item: Record<string, unknown> }>> {
    const found: Array<{ id: string; item: Record<string, unknown> }> = [];
    for (const ids100 of chunk(ids, BATCH_GET_LIMIT)) {
      const idOf = new Map<string, string>();
      let keys: Record<string, unknown>[] = ids100.map((id) => {
        const k = key(id);
        idOf.set(k.pk, id);
        return k;
      });
      for (let round = 0; keys.length > 0; round++) {
        if (round >= MAX_BATCH_ROUNDS) {
          throw new Error(
            `BatchGetItem left ${keys.length} keys unprocessed after ${round} rounds`,
          );
        }
        if (round > 0) await sleep(this.batchRetryBaseMs * 2 ** (round - 1));
        const output = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ConsistentRead: true,
                ...(projection === null ? {} : { ProjectionExpression: projection }),
              },
            },
          }),
        );
        for (const item of output.Responses?.[this.tableName] ?? []) {
          // One key builder per call: the sort key is the same for all, the partition key tells them apart.
          const id = idOf.get(String(item.pk));
          if (id !== undefined) found.push({ id, item });
        }
        keys = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  /**
   * Metrics first, then the article item. The article item's existence means "stored": a crash
   * between the two leaves orphan metric items that the next cycle's identical writes skip, never
   * a stored article without its metrics.
   */
  async saveReport(report: StoredReport): Promise<boolean> {
    const metricWrites = await mapSettled(toMetricItems(report), METRIC_WRITE_CONCURRENCY, (item) =>
      this.putIfAbsent(item as unknown as Record<string, unknown>),
    );
    const failed = metricWrites.find((result) => !result.ok);
    if (failed && !failed.ok) throw failed.error;
    return this.putIfAbsent(toArticleItem(report) as unknown as Record<string, unknown>);
  }

  async listPendingAlerts(limit: number): Promise<StoredReport[]> {
    const items = await this.queryAll<ArticleItem>(
      {
        IndexName: 'byPendingAlert',
        KeyConditionExpression: 'pendingPk = :p',
        ExpressionAttributeValues: { ':p': KEY.pendingPk },
        ScanIndexForward: true,
      },
      limit,
    );
    return this.withMetrics(items);
  }

  async claimAlert(articleId: string, claimant: string, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: KEY.article(articleId),
          UpdateExpression: 'SET claimedBy = :c, claimExpiresAt = :exp',
          // Only a still-pending article, and only when nobody holds a live claim.
          ConditionExpression:
            'attribute_exists(pendingPk) AND (attribute_not_exists(claimExpiresAt) OR claimExpiresAt < :now)',
          ExpressionAttributeValues: {
            ':c': claimant,
            ':exp': new Date(now.getTime() + this.claimTtlMs).toISOString(),
            ':now': now.toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async markAlerted(articleId: string, claimant: string, alertedAt: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: KEY.article(articleId),
          UpdateExpression:
            'SET alertState = :sent, alertedAt = :t REMOVE pendingPk, pendingSk, claimedBy, claimExpiresAt',
          ConditionExpression: 'claimedBy = :c',
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':t': alertedAt.toISOString(),
            ':c': claimant,
          },
        }),
      );
    } catch (error) {
      if (isConditionalFailure(error)) throw new ClaimLostError(articleId);
      throw error;
    }
  }

  async releaseClaim(articleId: string, claimant: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: KEY.article(articleId),
          UpdateExpression: 'REMOVE claimedBy, claimExpiresAt',
          ConditionExpression: 'claimedBy = :c',
          ExpressionAttributeValues: { ':c': claimant },
        }),
      );
    } catch (error) {
      // Someone else's claim by now: theirs to finish.
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async getSourceState(url: string): Promise<SourceState | null> {
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: KEY.source(url), ConsistentRead: true }),
    );
    const item = output.Item as SourceStateItem | undefined;
    if (!item) return null;
    return {
      url: item.url,
      etag: item.etag ?? null,
      lastModified: item.lastModified ?? null,
      lastSeenId: item.lastSeenId ?? null,
      lastCheckedAt: item.lastCheckedAt ?? null,
      lastNewArticleAt: item.lastNewArticleAt ?? null,
      lastSuccessAt: item.lastSuccessAt ?? null,
    };
  }

  /** Newer state wins: an overlapping older cycle cannot roll the state back. */
  async putSourceState(state: SourceState): Promise<void> {
    const item = toSourceStateItem(state);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: storable(item),
          ConditionExpression:
            'attribute_not_exists(pk) OR attribute_not_exists(lastCheckedAt) OR lastCheckedAt < :t',
          ExpressionAttributeValues: { ':t': state.lastCheckedAt ?? '' },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async getReport(id: string): Promise<StoredReport | null> {
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: KEY.article(id), ConsistentRead: true }),
    );
    const item = output.Item as ArticleItem | undefined;
    return item ? fromItems(item, await this.metricItems(id)) : null;
  }

  async listReports(filter: ReportFilter): Promise<StoredReport[]> {
    return this.withMetrics(await this.articleItems(filter));
  }

  async listReportSummaries(filter: ReportFilter): Promise<ReportSummary[]> {
    const items = await this.articleItems(filter);
    return items.map((item) => {
      const { metrics: _metrics, ...report } = fromItems(item, []);
      return { ...report, metricCount: item.metricCount ?? 0 };
    });
  }

  private async articleItems(filter: ReportFilter): Promise<ArticleItem[]> {
    const [indexName, pkName, skName, pkValue] = filter.channel
      ? (['byChannel', 'channelPk', 'channelSk', KEY.channelPk(filter.channel)] as const)
      : filter.site
        ? (['bySite', 'sitePk', 'siteSk', KEY.sitePk(filter.site)] as const)
        : (['byFeed', 'feedPk', 'feedSk', KEY.feedPk] as const);
    const since = filter.since === undefined ? null : toUtc(filter.since);
    if (filter.since !== undefined && since === null) {
      throw new RangeError(`since is not an ISO 8601 date: ${filter.since}`);
    }
    const until = filter.until === undefined ? null : untilKey(filter.until);
    if (filter.until !== undefined && until === null) {
      throw new RangeError(
        `until is neither an ISO 8601 date nor a report cursor: ${filter.until}`,
      );
    }
    const values: Record<string, string> = { ':pk': pkValue };
    let condition = '#pk = :pk';
    if (since !== null && until !== null) {
      // BETWEEN is inclusive: the bound itself (a cursor's own report) is dropped below.
      condition += ' AND #sk BETWEEN :since AND :until';
      values[':since'] = since;
      values[':until'] = until;
    } else if (since !== null) {
      condition += ' AND #sk >= :since';
      values[':since'] = since;
    } else if (until !== null) {
      condition += ' AND #sk < :until';
      values[':until'] = until;
    }
    const input: Omit<QueryCommandInput, 'TableName'> = {
      IndexName: indexName,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: { '#pk': pkName, ...(since || until ? { '#sk': skName } : {}) },
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
    };
    let items = await this.queryAll<ArticleItem>(input, filter.limit + (since && until ? 1 : 0));
    if (since && until) {
      const sortKey = skName;
      items = items.filter((item) => (item[sortKey] ?? '') < until).slice(0, filter.limit);
    }
    // A channel query does not know the site; filter it here when both are given.
    if (filter.channel && filter.site) items = items.filter((i) => i.article.site === filter.site);
    return items;
  }

  /**
   * Reports with their figures, reading at most METRIC_READ_CONCURRENCY articles' figures at once
   * and none for an article that stored no figure (`metricCount` 0).
   */
  private async withMetrics(items: readonly ArticleItem[]): Promise<StoredReport[]> {
    const settled = await mapSettled(items, METRIC_READ_CONCURRENCY, async (item) =>
      fromItems(item, item.metricCount === 0 ? [] : await this.metricItems(item.article.id)),
    );
    return settled.map((result) => {
      if (!result.ok) throw result.error;
      return result.value;
    });
  }

  /**
   * Points of one subject's series, oldest first within each identity (series-key.ts): one query on the
   * overloaded byFeed index, `begins_with` on the leading identity parts given (action, kind, unit);
   * any part given after a missing one, and `since`, filter the points read.
   */
  async series(filter: SeriesFilter): Promise<StoredSeriesPoint[]> {
    const subject = subjectKey(filter.subject);
    if (subject === null) throw new RangeError(`not a usable subject: "${filter.subject}"`);
    const since = filter.since === undefined ? null : toUtc(filter.since);
    if (filter.since !== undefined && since === null) {
      throw new RangeError(`since is not an ISO 8601 date: ${filter.since}`);
    }
    // Any verb of a class selects the class (`侦破` → 破获).
    const action =
      filter.action === undefined ? undefined : actionKey(actionClassOfWord(filter.action));
    const unit = filter.unit === undefined ? undefined : unitKey(filter.unit);
    const prefix = seriesSortPrefix({ action, kind: filter.kind, unit });
    const values: Record<string, string> = { ':pk': KEY.seriesPk(subject) };
    let condition = 'feedPk = :pk';
    if (prefix) {
      values[':prefix'] = prefix;
      condition += ' AND begins_with(feedSk, :prefix)';
    }
    const items = await this.queryAll<MetricItem>(
      {
        IndexName: 'byFeed',
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ScanIndexForward: true,
      },
      Number.POSITIVE_INFINITY,
    );
    const points: StoredSeriesPoint[] = [];
    for (const item of items) {
      // Items of the first layout (`<unit>#<time>#…`) are read as they are until migrated.
      const identity = seriesIdentity(item.metric);
      if (identity === null) continue;
      if (action !== undefined && identity.action !== action) continue;
      if (filter.kind !== undefined && identity.kind !== filter.kind) continue;
      if (unit !== undefined && identity.unit !== unit) continue;
      if (since !== null && sortInstantOf(item) < since) continue;
      points.push({
        articleId: item.articleId,
        publishedAt: item.publishedAt,
        title: item.title,
        url: item.url,
        metric: item.metric,
        seriesKey: identity.key,
        period: item.period ?? pointPeriod(item.metric, item.publishedAt),
      });
    }
    return points;
  }

  /**
   * Metric items page by page (a Scan filtered on `type = metric`), for `newsmon migrate series`:
   * `startKey` resumes after the last page handed out.
   */
  async scanMetricItems(
    startKey: Record<string, unknown> | undefined,
    pageSize: number,
  ): Promise<{ items: MetricItem[]; next: Record<string, unknown> | undefined }> {
    const output = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        FilterExpression: '#type = :metric',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':metric': 'metric' },
        Limit: pageSize,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    return { items: (output.Items ?? []) as MetricItem[], next: output.LastEvaluatedKey };
  }

  /**
   * The instant a metric item sorts by in the series index: read from its index sort key when it has
   * one (either layout), else its publication time, else its article's sort instant.
   */
  private async seriesSortAt(item: MetricItem): Promise<string> {
    if (item.feedSk) {
      const at = sortInstantOf(item);
      if (toUtc(at) !== null) return at;
    }
    const published = toUtc(item.publishedAt);
    if (published !== null) return published;
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: KEY.article(item.articleId) }),
    );
    const article = output.Item as ArticleItem | undefined;
    return article?.sortAt ?? '';
  }

  /**
   * Every stored subject with the action classes, kinds and units of its figures, most points first
   * (a Scan over the metric items: for the CLI, not for the Lambda).
   */
  async listSubjects(): Promise<SubjectSummary[]> {
    const bySubject = new Map<
      string,
      {
        actions: Set<string>;
        kinds: Set<MetricKind>;
        units: Set<string>;
        keys: Set<string>;
        points: number;
      }
    >();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.scanMetricItems(startKey, 1_000);
      for (const item of page.items) {
        const identity = seriesIdentity(item.metric);
        if (identity === null) continue;
        let entry = bySubject.get(identity.subject);
        if (!entry) {
          entry = {
            actions: new Set(),
            kinds: new Set(),
            units: new Set(),
            keys: new Set(),
            points: 0,
          };
          bySubject.set(identity.subject, entry);
        }
        entry.actions.add(identity.action);
        entry.kinds.add(identity.kind);
        entry.units.add(identity.unit);
        entry.keys.add(identity.key);
        entry.points++;
      }
      startKey = page.next;
    } while (startKey);
    return [...bySubject]
      .map(([subject, e]) => ({
        subject,
        actions: [...e.actions].sort(),
        kinds: [...e.kinds].sort(),
        units: [...e.units].sort(),
        series: e.keys.size,
        points: e.points,
      }))
      .sort((a, b) => b.points - a.points || (a.subject < b.subject ? -1 : 1));
  }

  /**
   * Rewrites the series attributes of one stored metric item (`withSeriesIndex`) when they differ from
   * what the current layout gives; true when it wrote. Idempotent: a second run writes nothing.
   */
  async migrateSeriesItem(item: MetricItem): Promise<boolean> {
    const next = withSeriesIndex(item, await this.seriesSortAt(item));
    if (
      item.seriesVersion === next.seriesVersion &&
      item.seriesKey === next.seriesKey &&
      item.feedPk === next.feedPk &&
      item.feedSk === next.feedSk &&
      (item.period ?? null) === (next.period ?? null)
    )
      return false;
    const names: Record<string, string> = {
      '#seriesKey': 'seriesKey',
      '#seriesVersion': 'seriesVersion',
      '#period': 'period',
      '#feedPk': 'feedPk',
      '#feedSk': 'feedSk',
    };
    const values: Record<string, unknown> = {
      ':seriesKey': next.seriesKey,
      ':seriesVersion': next.seriesVersion,
      ':period': next.period ?? null,
    };
    let update = 'SET #seriesKey = :seriesKey, #seriesVersion = :seriesVersion, #period = :period';
    if (next.feedPk !== undefined && next.feedSk !== undefined) {
      values[':feedPk'] = next.feedPk;
      values[':feedSk'] = next.feedSk;
      update += ', #feedPk = :feedPk, #feedSk = :feedSk';
    } else update += ' REMOVE #feedPk, #feedSk';
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: update,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    return true;
  }

  async getFailures(ids: readonly string[]): Promise<Map<string, ArticleFailure>> {
    const failures = new Map<string, ArticleFailure>();
    const found = await this.batchGet([...new Set(ids)], KEY.failure, null);
    for (const { id, item } of found) failures.set(id, toFailure(item as unknown as FailureItem));
    return failures;
  }

  /**
   * One more failed cycle for an article. Computed from the record read at the start of the cycle
   * (`previous`) and written whole: two overlapping cycles can at worst count one failure once.
   */
  async recordFailure(
    previous: ArticleFailure | null,
    failure: { ref: ArticleRef; sourceUrl: string; reason: string; at: Date },
    policy: QuarantinePolicy,
  ): Promise<ArticleFailure> {
    const at = failure.at.toISOString();
    const consecutiveFailures = (previous?.consecutiveFailures ?? 0) + 1;
    const record: ArticleFailure = {
      articleId: failure.ref.id,
      ref: storableRef(failure.ref),
      sourceUrl: failure.sourceUrl,
      consecutiveFailures,
      attempts: (previous?.attempts ?? 0) + 1,
      reason: failureReason(failure.reason),
      firstFailedAt: previous?.firstFailedAt ?? at,
      lastFailedAt: at,
      quarantinedUntil:
        consecutiveFailures >= policy.afterFailures
          ? new Date(failure.at.getTime() + policy.backoffMs).toISOString()
          : null,
    };
    const item: FailureItem = {
      ...KEY.failure(record.articleId),
      sk: 'FAILURE',
      type: 'failure',
      ...record,
      sourceUrl: storableRef({ ...failure.ref, url: failure.sourceUrl }).url,
      pendingPk: KEY.failurePk,
      pendingSk: failurePendingSk(record.articleId, at),
    };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: storable(item) }));
    return record;
  }

  async clearFailure(articleId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: KEY.failure(articleId) }),
    );
  }

  async listFailures(limit: number): Promise<ArticleFailure[]> {
    const items = await this.queryAll<FailureItem>(
      {
        IndexName: 'byPendingAlert',
        KeyConditionExpression: 'pendingPk = :p',
        ExpressionAttributeValues: { ':p': KEY.failurePk },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map(toFailure);
  }

  private async metricItems(articleId: string): Promise<MetricItem[]> {
    return this.queryAll<MetricItem>(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
        ExpressionAttributeValues: { ':pk': KEY.article(articleId).pk, ':m': METRIC_SK_PREFIX },
        ConsistentRead: true,
      },
      Number.POSITIVE_INFINITY,
    );
  }

  private async queryAll<T>(
    input: Omit<QueryCommandInput, 'TableName'>,
    limit: number,
  ): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const remaining = limit - items.length;
      const output = await this.client.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...((output.Items ?? []) as T[]));
      startKey = output.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return items;
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: storable(item),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }
}

/** Sort-key bound of `until`: a report cursor as it is, an ISO instant as UTC. */
function untilKey(until: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}T[^#]+Z#./.test(until)) return until;
  return toUtc(until);
}

function toFailure(item: FailureItem): ArticleFailure {
  return {
    articleId: item.articleId,
    ref: item.ref,
    sourceUrl: item.sourceUrl,
    consecutiveFailures: item.consecutiveFailures,
    attempts: item.attempts,
    reason: item.reason,
    firstFailedAt: item.firstFailedAt,
    lastFailedAt: item.lastFailedAt,
    quarantinedUntil: item.quarantinedUntil ?? null,
  };
}

/**
 * The last guard before a write: keys within DynamoDB's limits (no empty index key) and numbers
 * the marshaller accepts (beyond 2^53 as exact decimals). The item builders already budget sizes.
 */
function storable<T extends object>(item: T): Record<string, unknown> {
  const copy = structuredClone(item) as Record<string, unknown>;
  enforceKeyLimits(copy);
  // Numbers beyond 2^53 are stored exactly; only one that had to be rounded or dropped is flagged.
  const lossy = storableNumbers(copy).filter((note) => !note.includes('stored exactly'));
  if (lossy.length > 0) {
    copy.partial = true;
    copy.numberWarnings = lossy.slice(0, 20);
  }
  return copy;
}

/** The instant a series point sorts by, read from its index sort key (either layout). */
function sortInstantOf(item: MetricItem): string {
  const parts = (item.feedSk ?? '').split('#');
  return (item.seriesVersion === SERIES_LAYOUT_VERSION ? parts[3] : parts[1]) ?? '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** By name, not instanceof: a bundled and an external SDK copy must both be recognised. */
function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
