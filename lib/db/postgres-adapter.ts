import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

// One pool per database URL and process, shared by Prisma's adapter and the hot queries that
// bypass Prisma (lib/db/hot-driver.ts), so the process holds one set of connections, not two.
const holder = globalThis as { authModesPgPools?: Map<string, pg.Pool> };

/**
 * pg's default of 10 connections per process, with bounded waits, so a database that stops
 * answering (a network partition) fails requests with a 503 instead of hanging them: connecting
 * (also waiting for a free pooled connection) gives up after 5 s, a query whose answer does not
 * come after 10 s fails and its connection is dropped from the pool.
 */
export function sharedPostgresPool(url: string): pg.Pool {
  const pools = (holder.authModesPgPools ??= new Map());
  const known = pools.get(url);
  if (known && !known.ending && !known.ended) return known;
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 10_000, keepAlive: true });
  // An idle connection that dies (the server restarts) must not crash the process; the pool drops it.
  pool.on('error', (error) => console.error('PostgreSQL pool: idle connection lost:', error.message));
  pools.set(url, pool);
  return pool;
}

/** adapter-pg over the shared pool; Prisma's $disconnect ends it (the next use opens a new one). */
export function createPostgresAdapter(url: string): PrismaPg {
  return new PrismaPg(sharedPostgresPool(url), { disposeExternalPool: true });
}
