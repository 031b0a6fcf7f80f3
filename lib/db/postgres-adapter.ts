import { PrismaPg } from '@prisma/adapter-pg';

/**
 * adapter-pg over a pg pool of its own (pg's default of 10 connections per process). Bounded waits,
 * so a database that stops answering (a network partition) fails requests with a 503 instead of
 * hanging them: connecting (also waiting for a free pooled connection) gives up after 5 s, a query
 * whose answer does not come after 10 s fails and its connection is dropped from the pool.
 */
export function createPostgresAdapter(url: string): PrismaPg {
  return new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 10_000, keepAlive: true });
}
