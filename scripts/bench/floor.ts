/**
 * The floor: what the bare operations an authenticated request cannot avoid cost, timed in this
 * process one at a time on the same machine in the same run, so each scenario's server-side time
 * can be read against it. Every operation is the app's own (same keys, same secrets, same
 * driver and statement), minus everything around it: no HTTP, no Next, no ORM, no caches.
 */
import { EmbeddedJWK, jwtVerify, type JWTHeaderParameters } from 'jose';
import { unsealData } from 'iron-session';
import { ACCESS_TOKEN_TYP } from '@/lib/auth/access-token';
import { ACCESS_TOKEN_ALG, signingKeys } from '@/lib/auth/keys';
import { sha256Hex } from '@/lib/crypto';
import { databaseProvider } from '@/lib/db/database-url';
import { publicUserById, sessionByTokenHash } from '@/lib/db/hot-queries';
import { sharedPostgresPool } from '@/lib/db/postgres-adapter';
import { sharedSqliteClient } from '@/lib/db/sqlite-adapter';
import { env } from '@/lib/env';
import { percentiles, type Percentiles } from './load';

export type Floor = {
  /** iron-session's unseal of a session cookie (key derivation, HMAC, AES). */
  unsealMs: Percentiles;
  /** jose's EdDSA verification of an access token with the claims checks the server makes. */
  verifyMs: Percentiles;
  /** A DPoP proof's ES256 signature check against the key it embeds. */
  proofVerifyMs: Percentiles;
  /** The session by its token hash (SHA-256 included), joined to its user: the server's statement, through the driver. */
  sessionLookupMs: Percentiles;
  /** The user by primary key: GET /api/me's and the baseline's statement, through the driver. */
  userLookupMs: Percentiles;
  /**
   * The same lookup right after the database connection sat idle for one bcrypt compare, as a
   * login's statements do after its compare: on a virtual machine a PostgreSQL backend idle that
   * long answers its next statement slower than one kept busy.
   */
  userLookupAfterCompareMs: Percentiles;
  samples: number;
};

/** Each operation `samples` times after a warm-up of a tenth as many; p50 is what is compared. */
async function timeEach<T>(inputs: T[], samples: number, operation: (input: T) => Promise<unknown>): Promise<Percentiles> {
  for (let index = 0; index < Math.ceil(samples / 10); index += 1) await operation(inputs[index % inputs.length]!);
  const times: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const input = inputs[index % inputs.length]!;
    const started = performance.now();
    await operation(input);
    times.push(performance.now() - started);
  }
  return percentiles(times);
}

export type FloorInputs = {
  /** Session cookie values (sealed tokens) and the tokens inside them. */
  sessions: { cookie: string; token: string }[];
  /** Access tokens (Bearer) and the user each belongs to. */
  accessTokens: { token: string; userId: string }[];
  /** DPoP proofs (any key, any request): only their signature check is timed. */
  proofs: string[];
};

/** `compare`: one bcrypt compare at the server's cost; `compareSamples`: how many lookups follow one each. */
export async function measureFloor(inputs: FloorInputs, samples: number, compare: () => Promise<unknown>, compareSamples: number): Promise<Floor> {
  const { sessionSecret, sessionAbsoluteTtl, jwtIssuer, jwtAudience } = env();
  const { verificationKeys } = await signingKeys();
  const verifyOptions = { algorithms: [ACCESS_TOKEN_ALG], typ: ACCESS_TOKEN_TYP, issuer: jwtIssuer, audience: jwtAudience, requiredClaims: ['exp', 'iat', 'sub', 'jti'] };
  const keyFor = (header: JWTHeaderParameters) => verificationKeys.get(header.kid ?? '')!;
  const userLookup = async ({ userId }: { userId: string }) => {
    if (!(await publicUserById(userId))) throw new Error('floor: a sampled user was not found');
  };
  try {
    const afterCompare: number[] = [];
    for (const user of inputs.accessTokens.slice(0, compareSamples)) {
      await compare();
      const started = performance.now();
      await userLookup(user);
      afterCompare.push(performance.now() - started);
    }
    return {
      unsealMs: await timeEach(inputs.sessions, samples, ({ cookie }) => unsealData(cookie, { password: sessionSecret, ttl: sessionAbsoluteTtl })),
      verifyMs: await timeEach(inputs.accessTokens, samples, ({ token }) => jwtVerify(token, keyFor, verifyOptions)),
      proofVerifyMs: await timeEach(inputs.proofs, samples, (proof) => jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] })),
      sessionLookupMs: await timeEach(inputs.sessions, samples, async ({ token }) => {
        if (!(await sessionByTokenHash(sha256Hex(token)))) throw new Error('floor: a sampled session was not found');
      }),
      userLookupMs: await timeEach(inputs.accessTokens, samples, userLookup),
      userLookupAfterCompareMs: percentiles(afterCompare),
      samples,
    };
  } finally {
    // This process's own connection to the database, opened for the lookups above.
    const url = env().databaseUrl;
    if (databaseProvider(url) === 'sqlite') sharedSqliteClient(url).close();
    else await sharedPostgresPool(url).end();
  }
}
