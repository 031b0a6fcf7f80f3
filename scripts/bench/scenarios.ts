/** What is measured, one function per scenario of the benchmark issue. */
import { expiredBearerHeader } from './credentials';
import { parseServerTiming, percentiles, runFlows, runLoad, type CpuClock, type FlowResult, type LoadResult, type RequestSpec } from './load';

/** `cpu` reads the server process's CPU time, for CPU per request. */
export type Target = { baseUrl: string; connections: number; seconds: number; cpu?: CpuClock };

/** Each credential once (unsealing, signature checks and idle-expiry slides happen here), then the timed run. */
export async function measure(
  target: Target,
  requests: RequestSpec[],
  expectStatus: number,
  counts: { warmup?: number; amount?: number } = {},
): Promise<LoadResult> {
  // Every credential at least once, in later rounds too: an idle-expiry slide that fell due since
  // (once a minute per session, so any run longer than that) happens here, not in the timed run.
  const warmup = Math.max(requests.length, counts.warmup ?? target.connections * 20);
  await runLoad(target.baseUrl, { requests, expectStatus, connections: target.connections, amount: warmup });
  const length = counts.amount ? { amount: counts.amount } : { seconds: target.seconds };
  return runLoad(target.baseUrl, { requests, expectStatus, connections: target.connections, ...length, cpu: target.cpu });
}

/**
 * Requests per second a DPoP round is given proofs for. Each proof is good once, so a round that
 * ran faster would replay proofs and fail loudly (401s) rather than measure the wrong thing.
 */
const DPOP_MAX_RATE = 5000;

/**
 * Like measure, for requests that may each be sent only once (DPoP proofs): the warm-up and the
 * timed run get fresh requests of their own, made just before they run.
 */
export async function measureOnce(target: Target, makeRequests: (count: number) => Promise<RequestSpec[]>, expectStatus: number, warmup = target.connections * 20): Promise<LoadResult> {
  await runLoad(target.baseUrl, { requests: await makeRequests(warmup), expectStatus, connections: target.connections, amount: warmup });
  const requests = await makeRequests(Math.ceil(DPOP_MAX_RATE * target.seconds));
  return runLoad(target.baseUrl, { requests, expectStatus, connections: target.connections, seconds: target.seconds, cpu: target.cpu });
}

const json = (body: unknown): Pick<RequestSpec, 'headers' | 'body'> => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const meWith = (headers: Record<string, string>): RequestSpec => ({ method: 'GET', path: '/api/me', headers });
export const baselineRequest: RequestSpec = { method: 'GET', path: '/api/bench/baseline' };
export const loginRequest = (mode: 'session' | 'jwt', email: string, password: string): RequestSpec => ({
  method: 'POST',
  path: `/api/auth/${mode}/login`,
  ...json({ email, password }),
});

type RefreshClient = { refreshToken: string; expired: string; credential: Parameters<typeof expiredBearerHeader>[0] };

async function call(baseUrl: string, spec: RequestSpec, expectStatus: number) {
  const response = await fetch(baseUrl + spec.path, { method: spec.method, headers: spec.headers, body: spec.body });
  const text = await response.text();
  if (response.status !== expectStatus) throw new Error(`${spec.method} ${spec.path}: expected ${expectStatus}, got ${response.status} ${text.slice(0, 200)}`);
  const timing = parseServerTiming(response.headers.get('server-timing'));
  return { response, text, queries: timing?.dbQueries ?? 0, timing };
}

/** One rotation of the client's refresh token: the client keeps the successor. */
async function refreshClient(baseUrl: string, client: RefreshClient) {
  const refreshed = await call(baseUrl, { method: 'POST', path: '/api/auth/jwt/refresh', headers: { authorization: `Bearer ${client.refreshToken}` } }, 200);
  const tokens = JSON.parse(refreshed.text) as { access_token: string; refresh_token: string };
  client.refreshToken = tokens.refresh_token;
  return { refreshed, accessToken: tokens.access_token };
}

/**
 * What a JWT-mode client does when its access token has expired: the request fails with 401
 * invalid_token, the client refreshes (rotating its refresh token) and retries. Timed as a whole
 * against a plain authenticated request made by the same client code at the same concurrency.
 */
export async function silentRefresh(
  target: Target,
  credentials: RefreshClient['credential'][],
): Promise<{ flow: FlowResult; plain: FlowResult; steps: FlowSteps; refreshTokenBytes: number }> {
  const clients: RefreshClient[] = [];
  // Minted one at a time before any load: the signer's clock is set back while it runs.
  for (const credential of credentials) clients.push({ credential, refreshToken: credential.token, expired: await expiredBearerHeader(credential) });
  let freshBearer = new Map<RefreshClient, string>();

  const flow = await runFlows(clients, target.seconds, async (client) => {
    const first = await call(target.baseUrl, meWith({ authorization: client.expired }), 401);
    if (!/invalid_token/.test(first.response.headers.get('www-authenticate') ?? '')) throw new Error('the expired token was not refused as invalid_token');
    const { refreshed, accessToken } = await refreshClient(target.baseUrl, client);
    freshBearer.set(client, `Bearer ${accessToken}`);
    const retried = await call(target.baseUrl, meWith({ authorization: `Bearer ${accessToken}` }), 200);
    return { roundTrips: 3, dbQueries: first.queries + refreshed.queries + retried.queries };
  }, undefined, target.cpu);

  const plain = await runFlows(clients, target.seconds, async (client) => {
    const result = await call(target.baseUrl, meWith({ authorization: freshBearer.get(client)! }), 200);
    return { roundTrips: 1, dbQueries: result.queries };
  }, undefined, target.cpu);
  const steps = await flowSteps(target, clients[0]!, freshBearer.get(clients[0]!)!);
  freshBearer = new Map();
  return { flow, plain, steps, refreshTokenBytes: Buffer.byteLength(clients[0]?.refreshToken ?? '') };
}

/** One step of the flow repeated by one client, one request at a time: the server's CPU and the latency of each. */
export type StepCost = { requests: number; cpuMsPerRequest: number | null; latencyMsP50: number };
export type FlowSteps = { expired: StepCost; refresh: StepCost; plain: StepCost };

/**
 * Each request of the flow on its own, one at a time, so nothing queues: at the flow's load on one
 * core the p95 ratio follows the ratio of CPU per flow to CPU per plain request, and this says
 * which request of the flow that CPU goes to (the retry is a plain request).
 */
async function flowSteps(target: Target, client: RefreshClient, bearer: string): Promise<FlowSteps> {
  const seconds = Math.max(1, target.seconds / 5);
  const step = async (send: () => Promise<unknown>): Promise<StepCost> => {
    for (let index = 0; index < 20; index += 1) await send();
    const result = await runFlows([client], seconds, async () => {
      await send();
      return { roundTrips: 1, dbQueries: 0 };
    }, undefined, target.cpu);
    return { requests: result.flows, cpuMsPerRequest: result.cpuMsPerFlow, latencyMsP50: result.latencyMs.p50 };
  };
  const expired = await step(() => call(target.baseUrl, meWith({ authorization: client.expired }), 401));
  const refresh = await step(() => refreshClient(target.baseUrl, client));
  const plain = await step(() => call(target.baseUrl, meWith({ authorization: bearer }), 200));
  return { expired, refresh, plain };
}

export type LoginTiming = {
  samples: number;
  latencyMs: ReturnType<typeof percentiles>;
  bcryptMs: ReturnType<typeof percentiles>;
  /** Median of (login latency - the bcrypt compare timed right before it). */
  overBcryptMs: number;
  dbQueriesPerRequest: number;
  /** The server's own time for each login (Server-Timing total) and its database part. */
  serverMs: ReturnType<typeof percentiles>;
  serverDbMs: ReturnType<typeof percentiles>;
  cpuMsPerRequest: number | null;
};

/**
 * Logins one at a time, each right after one bcrypt compare at the same cost timed in this
 * process: pairing them cancels out changes in the machine's load between the two.
 */
export async function loginsVsBcrypt(target: Target, logins: RequestSpec[], samples: number, bcryptOnce: () => Promise<unknown>): Promise<LoginTiming> {
  await call(target.baseUrl, logins[0]!, 200);
  const latencies: number[] = [];
  const bcrypt: number[] = [];
  const differences: number[] = [];
  const serverMs: number[] = [];
  const serverDbMs: number[] = [];
  let queries = 0;
  // The server is idle while this process hashes, so its CPU time over the loop is the logins'.
  const cpuBefore = target.cpu?.() ?? null;
  for (let index = 0; index < samples; index += 1) {
    let begin = performance.now();
    await bcryptOnce();
    const hashMs = performance.now() - begin;
    begin = performance.now();
    const result = await call(target.baseUrl, logins[index % logins.length]!, 200);
    const loginMs = performance.now() - begin;
    latencies.push(loginMs);
    bcrypt.push(hashMs);
    differences.push(loginMs - hashMs);
    queries += result.queries;
    if (result.timing?.totalMs != null) serverMs.push(result.timing.totalMs);
    if (result.timing) serverDbMs.push(result.timing.dbMs);
  }
  const cpuAfter = target.cpu?.() ?? null;
  return {
    samples,
    serverMs: percentiles(serverMs),
    serverDbMs: percentiles(serverDbMs),
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : Math.round(((cpuAfter - cpuBefore) / samples) * 1000) / 1000,
    latencyMs: percentiles(latencies),
    bcryptMs: percentiles(bcrypt),
    overBcryptMs: percentiles(differences).p50,
    dbQueriesPerRequest: queries / samples,
  };
}

export type BurstResult = {
  logins: LoadResult;
  eventLoopDelayMs: { samples: number; mean: number; p50: number; p99: number; max: number };
  cheapRequestLatencyMs: ReturnType<typeof percentiles>;
};

/**
 * Many logins at once (both modes): the server's event-loop delay as it measures it itself, and
 * the latency of a cheap request (the baseline route) sent meanwhile.
 */
export async function loginBurst(target: Target, logins: RequestSpec[], seconds: number): Promise<BurstResult> {
  await call(target.baseUrl, { method: 'POST', path: '/api/bench/event-loop' }, 204);
  let running = true;
  const probeLatencies: number[] = [];
  const probe = (async () => {
    while (running) {
      const begin = performance.now();
      await call(target.baseUrl, baselineRequest, 200);
      probeLatencies.push(performance.now() - begin);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let result: LoadResult;
  try {
    result = await runLoad(target.baseUrl, { requests: logins, expectStatus: 200, connections: target.connections, seconds });
  } finally {
    running = false;
    await probe;
  }
  const snapshot = JSON.parse((await call(target.baseUrl, { method: 'GET', path: '/api/bench/event-loop' }, 200)).text) as {
    eventLoopDelayMs: BurstResult['eventLoopDelayMs'];
  };
  return { logins: result, eventLoopDelayMs: snapshot.eventLoopDelayMs, cheapRequestLatencyMs: percentiles(probeLatencies) };
}

export type ServerMemory = { rssBytes: number; heapUsedBytes: number };

/** The server's resident set and V8 heap in use, as it reports them itself. */
export async function serverMemory(baseUrl: string): Promise<ServerMemory> {
  const snapshot = JSON.parse((await call(baseUrl, { method: 'GET', path: '/api/bench/event-loop' }, 200)).text) as { memory: ServerMemory };
  return snapshot.memory;
}
