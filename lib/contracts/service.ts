import { z } from 'zod';
import { isoDate } from './dates';

/** GET /api/health: liveness. */
export const healthResponse = z.object({ ok: z.literal(true) });

/** GET /api/health/ready: readiness. */
export const readyResponse = z.object({ ready: z.literal(true) });

/** GET /.well-known/jwks.json: the public keys access tokens are verified with. */
export const jwksResponse = z.object({
  keys: z.array(z.object({ kty: z.string(), kid: z.string(), alg: z.literal('EdDSA') }).loose()).min(1),
});

/** GET /api/test/clock (TEST_CLOCK servers only): the time that request saw. */
export const testClockResponse = z.object({ now: isoDate, offsetSeconds: z.number() });
