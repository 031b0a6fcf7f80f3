/**
 * The benchmark's population: users, sessions and refresh-token families with the shapes the app
 * itself writes (SHA-256 token hashes, family chains, expiries), so every lookup walks the real
 * indexes. Rows are generated here, independent of the database; db/*.ts stores them. A
 * reservoir sample of live credentials (with their plaintext tokens) is kept for the load.
 */
import crypto from 'node:crypto';
import { signRefreshJwt } from '@/lib/auth/refresh-token';
import { generateToken, sha256Hex } from '@/lib/auth/tokens';
import { env } from '@/lib/env';
import { BENCH_BASELINE_EMAIL } from '@/lib/bench/baseline-user';
import type { BenchDatabase, Row } from './db/types';

export type BenchUser = { id: string; email: string; role: 'seeker' | 'company' };
export type SessionCredential = { token: string; userId: string };
export type RefreshCredential = { token: string; userId: string; role: BenchUser['role']; familyId: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 50_000;
const USER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'curl/8.11.0',
];

/** A cuid-shaped id: lower-case alphanumerics, like the ids Prisma generates. */
const newId = () => `c${crypto.randomBytes(16).toString('hex').slice(0, 24)}`;
const pick = <T>(items: readonly T[]): T => items[crypto.randomInt(items.length)]!;
const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const wholeSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
const minDate = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

/** A uniform sample of at most `size` items out of a stream of unknown length (Algorithm R). */
export class Reservoir<T> {
  readonly items: T[] = [];
  private seen = 0;
  constructor(private readonly size: number) {}
  offer(item: T): void {
    this.seen += 1;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const slot = crypto.randomInt(this.seen);
      if (slot < this.size) this.items[slot] = item;
    }
  }
}

export class Population {
  readonly users: BenchUser[] = [];
  readonly sessions: Reservoir<SessionCredential>;
  readonly refreshHeads: Reservoir<RefreshCredential>;
  private sessionRows = 0;

  constructor(
    private readonly db: BenchDatabase,
    sampleSize: number,
  ) {
    this.sessions = new Reservoir(sampleSize);
    this.refreshHeads = new Reservoir(sampleSize);
  }

  get sessionCount(): number {
    return this.sessionRows;
  }

  /**
   * `count` users sharing one precomputed bcrypt hash (one hash per user would take an hour at
   * cost 12), 2% of them companies, plus the baseline route's reserved account.
   */
  async addUsers(count: number, passwordHash: string): Promise<void> {
    const now = Date.now();
    const rows: Row[] = [];
    for (let i = 0; i <= count; i += 1) {
      const baseline = i === count;
      const role = !baseline && i % 50 === 0 ? 'company' : 'seeker';
      const email = baseline ? BENCH_BASELINE_EMAIL : `bench-user-${String(i).padStart(7, '0')}@bench.invalid`;
      const createdAt = new Date(now - crypto.randomInt(365) * DAY_MS - crypto.randomInt(DAY_MS));
      const user: BenchUser = { id: newId(), email, role };
      if (!baseline) this.users.push(user);
      rows.push({
        id: user.id,
        email,
        name: baseline ? 'Bench Baseline' : `Bench User ${i}`,
        passwordHash,
        role,
        companyName: role === 'company' ? `Bench Company ${i}` : null,
        createdAt,
        updatedAt: createdAt,
        passwordChangedAt: createdAt,
      });
    }
    await this.db.insert('User', rows);
  }

  /** Live sessions of random users, at random points of their idle and absolute lifetimes. */
  async addSessions(count: number): Promise<void> {
    const { sessionIdleTtl, sessionAbsoluteTtl } = env();
    const idleMs = sessionIdleTtl * 1000;
    const absoluteMs = sessionAbsoluteTtl * 1000;
    for (let done = 0; done < count; ) {
      const rows: Row[] = [];
      for (const end = Math.min(count, done + BATCH); done < end; done += 1) {
        const user = pick(this.users);
        const token = generateToken();
        const now = Date.now();
        // Created up to 90% of the absolute lifetime ago, seen within 90% of the idle lifetime: live.
        const createdAt = new Date(now - crypto.randomInt(Math.floor(absoluteMs * 0.9)));
        const lastSeenAt = new Date(Math.max(createdAt.getTime(), now - crypto.randomInt(Math.floor(idleMs * 0.9))));
        const absoluteExpiresAt = new Date(createdAt.getTime() + absoluteMs);
        rows.push({
          id: newId(),
          tokenHash: sha256Hex(token),
          userId: user.id,
          createdAt,
          lastSeenAt,
          idleExpiresAt: minDate(new Date(lastSeenAt.getTime() + idleMs), absoluteExpiresAt),
          absoluteExpiresAt,
          userAgent: pick(USER_AGENTS),
          ip: ipOf(this.sessionRows + rows.length),
          revokedAt: null,
        });
        this.sessions.offer({ token, userId: user.id });
      }
      await this.db.insert('Session', rows);
      this.sessionRows += rows.length;
    }
  }

  /**
   * Refresh-token families of one to three tokens, as rotation leaves them: every token but the
   * newest is used and is the parent of the next. Each row's hash is the SHA-256 of a real token
   * signed by the app's own signer, so the sampled heads can be refreshed.
   */
  async addRefreshTokens(count: number): Promise<void> {
    const { refreshTokenTtl, refreshAbsoluteTtl } = env();
    for (let done = 0; done < count; ) {
      const rows: Row[] = [];
      while (done < count && rows.length < BATCH) {
        const user = pick(this.users);
        const familyId = crypto.randomUUID();
        const length = Math.min(count - done, 1 + crypto.randomInt(3));
        const now = Date.now();
        // Started within the refresh lifetime, so even the first token has not expired yet.
        let issuedMs = now - crypto.randomInt(Math.floor(refreshTokenTtl * 1000 * 0.9));
        const familyExpiresAt = wholeSeconds(issuedMs + refreshAbsoluteTtl * 1000);
        const client = { userAgent: pick(USER_AGENTS), ip: ipOf(done) };
        let parentId: string | null = null;
        for (let position = 0; position < length; position += 1) {
          const issuedAt = wholeSeconds(issuedMs);
          const expiresAt = minDate(new Date(issuedAt.getTime() + refreshTokenTtl * 1000), familyExpiresAt);
          const row = { userId: user.id, familyId, jti: generateToken(), issuedAt, expiresAt };
          const token = await signRefreshJwt(row);
          const head = position === length - 1;
          // The next rotation happened some time between this token's issue and now.
          const nextIssuedMs = head ? now : issuedMs + crypto.randomInt(Math.max(1, now - issuedMs));
          const id = newId();
          rows.push({
            id,
            ...row,
            tokenHash: sha256Hex(token),
            parentId,
            familyExpiresAt,
            usedAt: head ? null : wholeSeconds(nextIssuedMs),
            revokedAt: null,
            revokedReason: null,
            ...client,
          });
          if (head) this.refreshHeads.offer({ token, userId: user.id, role: user.role, familyId });
          parentId = id;
          issuedMs = nextIssuedMs;
        }
        done += length;
      }
      await this.db.insert('RefreshToken', rows);
    }
  }
}
