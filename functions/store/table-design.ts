/**
 * The single-table design shared by the CDK stack, the DynamoDB adapter and the local embedded
 * database, so all three always agree. Item shapes and key builders: items.ts; the README section
 * the README section "Data model" has the full access-pattern table.
 *
 * | pattern                              | where                   | key condition                                   |
 * |--------------------------------------|-------------------------|-------------------------------------------------|
 * | article by id                        | table                   | pk = ART#<id>, sk = ARTICLE                      |
 * | metrics of an article                | table                   | pk = ART#<id>, begins_with(sk, METRIC#)          |
 * | newest articles overall              | GSI byFeed              | feedPk = FEED, feedSk (utc-time#id) descending   |
 * | time series of one indicator         | GSI byFeed (overloaded) | feedPk = SERIES#<subject>, feedSk = <unit>#<utc-time>#<id>#<n> |
 * | newest articles of a sub-site        | GSI bySite              | sitePk = SITE#<site>, siteSk descending          |
 * | newest articles of a channel         | GSI byChannel           | channelPk = CHANNEL#<id>, channelSk descending   |
 * | articles awaiting their alert        | GSI byPendingAlert (sparse) | pendingPk = PENDING, pendingSk = <discoveredAt>#<id> |
 * | fetch state of a source              | table                   | pk = SOURCE#<url>, sk = STATE                    |
 *
 * No transactions and no TTL calls: every write is a single-item conditional write, so a
 * repeated cycle changes nothing (and the design runs on dynalite as on AWS).
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

export const GLOBAL_INDEXES = [
  { indexName: 'byFeed', partitionKey: 'feedPk', sortKey: 'feedSk' },
  { indexName: 'bySite', partitionKey: 'sitePk', sortKey: 'siteSk' },
  { indexName: 'byChannel', partitionKey: 'channelPk', sortKey: 'channelSk' },
  { indexName: 'byPendingAlert', partitionKey: 'pendingPk', sortKey: 'pendingSk' },
] as const;

export type GlobalIndexName = (typeof GLOBAL_INDEXES)[number]['indexName'];
