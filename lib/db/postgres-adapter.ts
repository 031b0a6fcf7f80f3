import { PrismaPg } from '@prisma/adapter-pg';

/** adapter-pg over a pg pool of its own (pg's default of 10 connections per process). */
export function createPostgresAdapter(url: string): PrismaPg {
  return new PrismaPg({ connectionString: url });
}
