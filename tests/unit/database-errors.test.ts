import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDatabaseUnavailable } from '@/lib/db/errors';

// What reaches errorResponse when PostgreSQL cannot be reached: driver adapter errors, Prisma's
// connection codes, pg's own errors passed on unmapped. Only those become a 503.
describe('isDatabaseUnavailable', () => {
  it('recognises connection failures however they are wrapped', () => {
    const cases: unknown[] = [
      { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 } },
      { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } },
      { code: 'P1001', message: "Can't reach database server" },
      { code: 'P2024', message: 'Timed out fetching a new connection from the connection pool.' },
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      new Error('Query read timeout'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('wrapper', { cause: new Error('Connection terminated unexpectedly') }),
      { cause: { kind: 'postgres', originalCode: '57P01', message: 'terminating connection due to administrator command' } },
    ];
    for (const error of cases) assert.equal(isDatabaseUnavailable(error), true, JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})));
  });

  it('leaves bugs and query errors alone', () => {
    const cases: unknown[] = [
      new Error('Cannot read properties of undefined'),
      { code: 'P2002', message: 'Unique constraint failed' },
      { code: 'P2025', message: 'Record to update not found.' },
      { cause: { kind: 'postgres', originalCode: '42P01', message: 'relation does not exist' } },
      { cause: { kind: 'UniqueConstraintViolation' } },
      'a string',
      null,
    ];
    for (const error of cases) assert.equal(isDatabaseUnavailable(error), false, String(error));
  });
});
