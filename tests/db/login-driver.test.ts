import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempDatabase, testDatabaseProvider } from '../support/temp-database';

// A login's statements went from Prisma to the driver (lib/db/hot-login.ts). Each row written the
// new way must read back through Prisma exactly as the old Prisma call's row does, every column:
// a column the hand-written insert drops or maps differently fails here, not in production.

const database = createTempDatabase();

const loadApp = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/db/hot-login')),
  ...(await import('@/lib/auth/credential-check')),
  ...(await import('@/lib/auth/events')),
  ...(await import('@/lib/auth/session')),
  ...(await import('@/lib/auth/refresh-token')),
});
let app: Awaited<ReturnType<typeof loadApp>>;

const client = { ip: '203.0.113.9', userAgent: 'node-test login-driver' };
let userId: string;

// Both rows of a pair, read back through Prisma: the same columns with the same values, but for
// the ones that must differ between two rows (the id, unique columns), which are checked apart.
function assertSameRow(driverRow: Record<string, unknown>, prismaRow: Record<string, unknown>, differing: string[]) {
  assert.deepEqual(Object.keys(driverRow).sort(), Object.keys(prismaRow).sort());
  const without = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([key]) => !differing.includes(key)));
  assert.deepEqual(without(driverRow), without(prismaRow));
  assert.match(String(driverRow.id), /^c[0-9a-z]{24}$/);
}

describe(`a login's driver statements write what Prisma wrote (${testDatabaseProvider()})`, () => {
  before(async () => {
    app = await loadApp();
    const user = await app.db().user.create({ data: { email: 'driver@example.com', name: 'Driver', role: 'seeker', passwordHash: 'hash-1', companyName: 'Acme' } });
    userId = user.id;
  });
  after(async () => {
    await app.db().$disconnect();
    database.remove();
  });

  it('reads the user by email with its hash, and the hash again, as Prisma does', async () => {
    const expected = await app.db().user.findUnique({
      where: { email: 'driver@example.com' },
      select: { id: true, email: true, name: true, role: true, companyName: true, createdAt: true, passwordHash: true },
    });
    assert.deepEqual(await app.userWithPasswordByEmail('driver@example.com'), expected);
    assert.equal(await app.userWithPasswordByEmail('nobody@example.com'), null);
    assert.equal(await app.currentPasswordHash(userId), 'hash-1');
    assert.equal(await app.currentPasswordHash('no-such-user'), null);
  });

  it('confirmPasswordUnchanged ends the login once the hash has changed', async () => {
    let ended = 0;
    await app.confirmPasswordUnchanged(userId, 'hash-1', async () => (ended += 1));
    assert.equal(ended, 0);
    await assert.rejects(app.confirmPasswordUnchanged(userId, 'an older hash', async () => (ended += 1)), /InvalidCredentials|credentials/i);
    assert.equal(ended, 1);
  });

  it('an audit event, with every field set and with none', async () => {
    const createdAt = new Date('2026-05-04T03:02:01.234Z');
    const full = { type: 'login', mode: 'jwt', userId, email: 'driver@example.com', ip: client.ip, userAgent: client.userAgent, detail: 'family f1', createdAt };
    const bare = { type: 'login_failed', mode: null, userId: null, email: null, ip: null, userAgent: null, detail: null, createdAt };
    for (const data of [full, bare]) {
      const viaDriver = await app.db().authEvent.findUniqueOrThrow({ where: { id: await app.insertAuthEvent(data) } });
      const viaPrisma = await app.db().authEvent.findUniqueOrThrow({ where: { id: (await app.db().authEvent.create({ data })).id } });
      assertSameRow(viaDriver, viaPrisma, ['id']);
    }
  });

  it('recordAuthEvent stores what it was given, stamped now', async () => {
    const before = Date.now();
    await app.recordAuthEvent({ type: 'logout', mode: 'session', userId, client, detail: 'session s1' });
    const row = await app.db().authEvent.findFirstOrThrow({ where: { type: 'logout', userId } });
    assert.deepEqual({ ...row, id: undefined, createdAt: undefined }, { id: undefined, type: 'logout', mode: 'session', userId, email: null, ip: client.ip, userAgent: client.userAgent, detail: 'session s1', createdAt: undefined });
    assert.ok(row.createdAt.getTime() >= before && row.createdAt.getTime() <= Date.now());
  });

  it('a session row, written through the driver and through Prisma’s create from the same values', async () => {
    const at = new Date('2026-05-04T03:02:01.234Z');
    const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
    const values = { userId, createdAt: at, lastSeenAt: at, idleExpiresAt: later(1800), absoluteExpiresAt: later(86_400), userAgent: client.userAgent, ip: client.ip, authTime: at };
    const viaDriver = await app.db().session.findUniqueOrThrow({
      where: { id: await app.insertSession({ ...values, tokenHash: 'hash-driver', revokedAt: null, revokedReason: null }) },
    });
    // The old call's data: what createSession passed Prisma, the rest left to its defaults.
    const viaPrisma = await app.db().session.findUniqueOrThrow({ where: { id: (await app.db().session.create({ data: { ...values, tokenHash: 'hash-prisma' } })).id } });
    assertSameRow(viaDriver, viaPrisma, ['id', 'tokenHash']);
    assert.equal(viaDriver.tokenHash, 'hash-driver');
  });

  it('createSession stores its values and returns what the row holds', async () => {
    const before = Date.now();
    const { token, session } = await app.createSession(userId, client, false);
    const row = await app.db().session.findUniqueOrThrow({ where: { id: session.id } });
    const { createHash } = await import('node:crypto');
    const { env } = await import('@/lib/env');
    const { sessionIdleTtl, sessionAbsoluteTtl, sessionTransientTtl } = env();
    const started = row.createdAt.getTime();
    assert.ok(started >= before && started <= Date.now());
    const absolute = started + Math.min(sessionAbsoluteTtl, sessionTransientTtl) * 1000;
    assert.deepEqual(
      { ...row, createdAt: started, lastSeenAt: row.lastSeenAt.getTime(), authTime: row.authTime?.getTime(), idleExpiresAt: row.idleExpiresAt.getTime(), absoluteExpiresAt: row.absoluteExpiresAt.getTime() },
      {
        id: session.id,
        tokenHash: createHash('sha256').update(token).digest('hex'),
        userId,
        createdAt: started,
        lastSeenAt: started,
        idleExpiresAt: Math.min(started + sessionIdleTtl * 1000, absolute),
        absoluteExpiresAt: absolute,
        userAgent: client.userAgent,
        ip: client.ip,
        revokedAt: null,
        authTime: started,
        revokedReason: null,
      },
    );
    assert.deepEqual(session, {
      id: row.id,
      userId: row.userId,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      idleExpiresAt: row.idleExpiresAt,
      absoluteExpiresAt: row.absoluteExpiresAt,
      authTime: row.authTime,
    });
  });

  it('a refresh token row, written through the driver and through Prisma’s create from the same values', async () => {
    const at = new Date('2026-05-04T03:02:01.000Z');
    const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
    // remember false: the one value Prisma would otherwise default, so a dropped column shows.
    const values = { userId, issuedAt: at, expiresAt: later(900), familyExpiresAt: later(86_400), parentId: null, dpopJkt: 'jkt-thumbprint', authTime: at, remember: false, userAgent: client.userAgent, ip: client.ip };
    const viaDriver = await app.db().refreshToken.findUniqueOrThrow({
      where: { id: await app.insertRefreshToken({ ...values, jti: 'jti-driver', tokenHash: 'hash-driver', familyId: 'family-driver', usedAt: null, revokedAt: null, revokedReason: null }) },
    });
    const viaPrisma = await app.db().refreshToken.findUniqueOrThrow({
      where: { id: (await app.db().refreshToken.create({ data: { ...values, jti: 'jti-prisma', tokenHash: 'hash-prisma', familyId: 'family-prisma' } })).id },
    });
    assertSameRow(viaDriver, viaPrisma, ['id', 'jti', 'tokenHash', 'familyId']);
    const remembered = await app.insertRefreshToken({ ...values, remember: true, dpopJkt: null, jti: 'jti-2', tokenHash: 'hash-2', familyId: 'family-2', usedAt: null, revokedAt: null, revokedReason: null });
    assert.deepEqual(await app.db().refreshToken.findUniqueOrThrow({ where: { id: remembered }, select: { remember: true, dpopJkt: true } }), { remember: true, dpopJkt: null });
  });

  it('startRefreshFamily stores a new family’s first token with the login’s columns', async () => {
    const issued = await app.startRefreshFamily(userId, client, 'jkt-thumbprint', false);
    const row = await app.db().refreshToken.findFirstOrThrow({ where: { familyId: issued.familyId } });
    const { createHash } = await import('node:crypto');
    const { env } = await import('@/lib/env');
    const { refreshAbsoluteTtl, sessionTransientTtl } = env();
    assert.ok(issued.authTime);
    assert.deepEqual(
      { ...row, id: undefined, jti: undefined, issuedAt: undefined },
      {
        id: undefined,
        jti: undefined,
        issuedAt: undefined,
        tokenHash: createHash('sha256').update(issued.token).digest('hex'),
        familyId: issued.familyId,
        parentId: null,
        userId,
        expiresAt: issued.expiresAt,
        familyExpiresAt: new Date(issued.authTime.getTime() + Math.min(refreshAbsoluteTtl, sessionTransientTtl) * 1000),
        usedAt: null,
        revokedAt: null,
        revokedReason: null,
        userAgent: client.userAgent,
        ip: client.ip,
        dpopJkt: 'jkt-thumbprint',
        authTime: issued.authTime,
        remember: false,
      },
    );
    assert.match(row.id, /^c[0-9a-z]{24}$/);
  });
});
