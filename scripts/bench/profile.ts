/**
 * npm run bench:profile -- --scenario login|refresh|me-session|me-jwt|memory [--seconds 10] [--quick]
 * and any option of npm run bench (population sizes, --connections, --bcrypt-cost, --port, --no-build).
 * Explains a missed target of issue 17 with a profile: the production server, the benchmark's
 * population and load, and inside the server a CPU profile of the load window
 * (scripts/bench/profile-agent.mjs, loaded with NODE_OPTIONS=--import; the app is unchanged).
 * Prints the top functions by self time, a roll-up by package, the event loop's idle share, the
 * server's threads (CPU and time waiting for a core, from /proc) and, for memory, what RSS is made of
 * and a heap snapshot by constructor. Files: bench-results/profiles/<time>-<scenario>/ (.cpuprofile
 * and .heapsnapshot open in Chrome DevTools).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { pinThisProcess, planPinning, processCpuMs } from './cpu';
import { bearerHeader, sessionCookieHeader } from './credentials';
import { sqliteDatabase } from './db/sqlite';
import { postgresDatabase } from './db/postgres';
import type { BenchDatabase } from './db/types';
import { percentiles, runLoad, type RequestSpec } from './load';
import { parseOptions, type BenchOptions } from './options';
import { Population } from './population';
import { baselineRequest, loginRequest, measure, meWith, silentRefresh, type Target } from './scenarios';
import { benchServerEnv, ensureBuild, startServer, type RunningServer } from './server';

const ROOT = path.resolve(__dirname, '..', '..');
const PASSWORD = 'bench-password-1';
const SCENARIOS = ['login', 'refresh', 'me-session', 'me-jwt', 'memory'] as const;
type Scenario = (typeof SCENARIOS)[number];
const log = (line: string) => console.error(`[profile] ${line}`);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const pct = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1e-9)).toFixed(1)}%`;

function splitArgs(argv: string[]) {
  let scenario: Scenario = 'login';
  let top = 15;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--scenario') scenario = argv[++i] as Scenario;
    else if (argv[i] === '--top') top = Number(argv[++i]);
    else rest.push(argv[i]!);
  }
  if (!SCENARIOS.includes(scenario)) throw new Error(`--scenario: one of ${SCENARIOS.join(', ')}`);
  if (!rest.includes('--port')) rest.push('--port', '3970');
  if (!rest.includes('--seconds')) rest.push('--seconds', '10');
  return { scenario, top, options: parseOptions(rest) };
}

/** The agent inside the server (profile-agent.mjs), over its Unix socket. */
function agent<T>(socketPath: string, method: 'GET' | 'POST', route: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, method, path: route, timeout: 600_000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(body) as T) : reject(new Error(`agent ${route}: ${response.statusCode} ${body}`))));
    });
    request.on('error', reject);
    request.end();
  });
}

// ---- /proc: the server's threads and memory -------------------------------------------------

type ThreadSample = { name: string; cpuMs: number; waitMs: number };

/** Every thread of `pid`: its name, CPU time and time spent runnable but waiting for a core (schedstat). */
function threads(pid: number): Map<string, ThreadSample> {
  const result = new Map<string, ThreadSample>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [onCpuNs, waitNs] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
      result.set(tid, { name: tid === String(pid) ? 'main (event loop)' : name, cpuMs: (onCpuNs ?? 0) / 1e6, waitMs: (waitNs ?? 0) / 1e6 });
    } catch {
      // the thread ended meanwhile
    }
  }
  return result;
}

function threadDelta(before: Map<string, ThreadSample>, after: Map<string, ThreadSample>) {
  const groups = new Map<string, { threads: number; cpuMs: number; waitMs: number; each: number[] }>();
  for (const [tid, sample] of after) {
    const prior = before.get(tid);
    const group = groups.get(sample.name) ?? { threads: 0, cpuMs: 0, waitMs: 0, each: [] };
    group.each.push(Math.round(sample.cpuMs - (prior?.cpuMs ?? 0)));
    group.threads += 1;
    group.cpuMs += sample.cpuMs - (prior?.cpuMs ?? 0);
    group.waitMs += sample.waitMs - (prior?.waitMs ?? 0);
    groups.set(sample.name, group);
  }
  return [...groups.entries()].sort((a, b) => b[1].cpuMs - a[1].cpuMs);
}

/** RSS by what is mapped: V8 cannot name its mappings, so anonymous memory is split using V8's own numbers. */
function rssByMapping(pid: number) {
  const kinds = new Map<string, number>();
  let current = 'anonymous';
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const name = header[1] ?? '';
      current = name === '' ? 'anonymous (V8 heap, malloc arenas, thread stacks)' : name === '[heap]' ? '[heap] (malloc brk)' : name.startsWith('[') ? name : name.endsWith('.node') || /\.so(\.|$)/.test(name) ? `native library ${path.basename(name)}` : name.includes('/bin/node') || name.endsWith('/node') ? 'node binary' : `file ${path.basename(name)}`;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kinds.set(current, (kinds.get(current) ?? 0) + Number(rss[1]) * 1024);
  }
  return [...kinds.entries()].sort((a, b) => b[1] - a[1]);
}

function statusFields(pid: number): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const line of fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const match = /^(VmRSS|RssAnon|RssFile|RssShmem|VmHWM|Threads):\s+(\d+)/.exec(line);
    if (match) fields[match[1]!] = Number(match[2]) * (match[1] === 'Threads' ? 1 : 1024);
  }
  return fields;
}

// ---- the CPU profile ------------------------------------------------------------------------

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type CpuProfile = { nodes: { id: number; callFrame: CallFrame }[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const maps = new Map<string, SourceMapConsumer | null>();
/** The original source of a frame in a bundled chunk (.next/server), through its source map. */
function originalSource(frame: CallFrame): string | null {
  if (!frame.url.includes('/.next/')) return null;
  const file = frame.url.replace(/^file:\/\//, '');
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMapConsumer(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'))));
    } catch {
      maps.set(file, null);
    }
  }
  const map = maps.get(file);
  if (!map) return null;
  try {
    const position = map.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
    return position.source ?? null;
  } catch {
    return null;
  }
}

const PACKAGES = ['next', '@prisma', 'prisma', 'bcrypt', 'libsql', '@libsql', 'zod', 'jose', 'iron-session', 'iron-webcrypto', 'react', 'react-dom', 'lru-cache', 'pg'];

/** What a frame belongs to: a package, the app's own lib/* or app/*, Node itself, or V8's pseudo-frames. */
function category(frame: CallFrame): string {
  if (frame.functionName === '(idle)') return '(idle: event loop waiting)';
  if (frame.functionName === '(garbage collector)') return '(GC)';
  if (frame.functionName === '(program)') return '(program: native, outside JS)';
  if (frame.functionName === '(root)') return '(root)';
  // The only WebAssembly in the server is Prisma's query compiler (engineType "client").
  if (frame.url.startsWith('wasm://')) return '@prisma (query compiler, wasm)';
  if (frame.functionName.startsWith('libsql')) return 'libsql (native)';
  const source = originalSource(frame) ?? frame.url;
  const normalized = source.replace(/\\/g, '/');
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(normalized);
  if (nm) {
    const name = nm[1]!;
    if (name.startsWith('@prisma')) return '@prisma';
    if (name === 'next' && /next\/dist\/compiled\/([^/]+)/.test(normalized)) return `next (compiled ${/next\/dist\/compiled\/([^/]+)/.exec(normalized)![1]})`;
    return PACKAGES.includes(name) ? name : `other package ${name}`;
  }
  const app = /(?:^|\/|\]\/)((?:lib|app|components)\/[^/]+(?:\/[^/]+)?)/.exec(normalized.replace(/^.*wt-profile\//, '').replace(ROOT + '/', ''));
  if (app && !normalized.includes('/.next/server/chunks/') ) return app[1]!.replace(/\.(t|j)sx?$/, '');
  if (app) return app[1]!.replace(/\.(t|j)sx?$/, '');
  if (normalized.startsWith('node:') || normalized === '' ) return frame.url === '' ? '(native or builtin, no url)' : 'node core';
  if (normalized.includes('/.next/')) return '.next bundle (unmapped)';
  if (normalized.endsWith('server.mjs')) return 'server.mjs';
  return `other ${path.basename(normalized)}`;
}

type Window = { label: string; fromUs: number; toUs: number; requests: number };

function summariseProfile(profile: CpuProfile, window: Window, top: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (at < window.fromUs || at > window.toUs) continue;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + duration);
    total += duration;
  }
  const functions = new Map<string, { us: number; category: string }>();
  const categories = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!;
    const cat = category(frame);
    const where = originalSource(frame) ?? frame.url;
    const key = `${frame.functionName || '(anonymous)'}  ${where ? `${where.replace(/^.*node_modules\//, '').replace(/^.*\/\.next\//, '.next/')}:${frame.lineNumber + 1}` : ''}`;
    const entry = functions.get(key) ?? { us: 0, category: cat };
    entry.us += us;
    functions.set(key, entry);
    categories.set(cat, (categories.get(cat) ?? 0) + us);
  }
  const idle = categories.get('(idle: event loop waiting)') ?? 0;
  const lines: string[] = [];
  const wallMs = (window.toUs - window.fromUs) / 1000;
  lines.push(`== ${window.label}: ${(wallMs / 1000).toFixed(1)} s, ${window.requests} requests/flows; main thread sampled ${(total / 1000).toFixed(0)} ms`);
  lines.push(`main thread idle ${pct(idle, total)} of wall time; busy ${((total - idle) / 1000 / Math.max(window.requests, 1)).toFixed(2)} ms per request/flow`);
  lines.push('Idle on the main thread is time the event loop waits: for bcrypt and WebCrypto on libuv\'s thread pool, for the network, or for a core; the thread table below says which.');
  lines.push(`top ${top} functions by self time (% of wall):`);
  for (const [key, entry] of [...functions.entries()].sort((a, b) => b[1].us - a[1].us).slice(0, top)) {
    lines.push(`  ${pct(entry.us, total).padStart(6)}  ${(entry.us / 1000).toFixed(0).padStart(6)} ms  [${entry.category}] ${key}`);
  }
  lines.push('by package / module (% of wall):');
  for (const [cat, us] of [...categories.entries()].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us, total).padStart(6)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${cat}`);
  return lines.join('\n');
}

// ---- heap snapshot --------------------------------------------------------------------------

type HeapSnapshot = { snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }; nodes: number[]; strings: string[] };

/** Self size by constructor (objects) or by kind (strings, code, arrays, ...), from a .heapsnapshot. */
function summariseHeapSnapshot(file: string, top: number) {
  const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [number, number, number];
  const groups = new Map<string, { count: number; bytes: number }>();
  const kinds = new Map<string, number>();
  let totalBytes = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!] ?? '?';
    const size = snapshot.nodes[i + sizeAt]!;
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]!]}` : `(${type})`;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += size;
    groups.set(key, group);
    kinds.set(type, (kinds.get(type) ?? 0) + size);
    totalBytes += size;
  }
  const lines = [`heap snapshot (after the full collection it makes): ${mib(totalBytes)} MiB live in ${(snapshot.nodes.length / width).toFixed(0)} objects`];
  lines.push(`by kind: ${[...kinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([kind, bytes]) => `${kind} ${mib(bytes)}`).join(', ')} MiB`);
  lines.push(`top ${top} by self size (retained sizes: open the file in Chrome DevTools > Memory):`);
  for (const [key, group] of [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
    lines.push(`  ${mib(group.bytes).padStart(7)} MiB  ${String(group.count).padStart(8)} ×  ${key.slice(0, 90)}`);
  }
  return lines.join('\n');
}

// ---- the run --------------------------------------------------------------------------------

type MemoryReport = { usage: NodeJS.MemoryUsage; heap: { total_physical_size: number; total_heap_size: number; used_heap_size: number; malloced_memory: number; external_memory: number }; spaces: { name: string; usedBytes: number; physicalBytes: number }[] };

function formatMemory(label: string, pid: number, memory: MemoryReport) {
  const status = statusFields(pid);
  const { usage, heap } = memory;
  const v8Physical = heap.total_physical_size;
  const nativeAnon = (status.RssAnon ?? 0) - v8Physical;
  return [
    `-- memory ${label}: RSS ${mib(usage.rss)} MiB = anonymous ${mib(status.RssAnon ?? 0)} + files/code ${mib(status.RssFile ?? 0)} + shared ${mib(status.RssShmem ?? 0)} (peak ${mib(status.VmHWM ?? 0)}, ${status.Threads} threads)`,
    `   V8 heap: used ${mib(usage.heapUsed)} of ${mib(usage.heapTotal)} MiB, ${mib(v8Physical)} MiB resident; spaces: ${memory.spaces.filter((space) => space.physicalBytes > 1 << 20).map((space) => `${space.name} ${mib(space.usedBytes)}/${mib(space.physicalBytes)}`).join(', ')}`,
    `   outside V8's heap: external ${mib(usage.external)} MiB (of it ArrayBuffers ${mib(usage.arrayBuffers)}), V8 malloced ${mib(heap.malloced_memory)}; anonymous RSS not V8 heap: ${mib(nativeAnon)} MiB (malloc: buffers, SQLite page cache and connections, bcrypt/libsql native, thread stacks, arena slack)`,
  ].join('\n');
}

async function main() {
  const { scenario, top, options } = splitArgs(process.argv.slice(2));
  if (options.build) log(`build: ${ensureBuild(ROOT, log)}`);
  const outDir = path.join(ROOT, 'bench-results', 'profiles', `${new Date().toISOString().replace(/[:.]/g, '-')}-${scenario}`);
  fs.mkdirSync(outDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-profile-'));
  const socketPath = path.join(dir, 'agent.sock');
  let server: RunningServer | undefined;
  let database: BenchDatabase | undefined;
  try {
    database = options.database === 'postgres' ? await postgresDatabase(options.postgresUrl) : sqliteDatabase(dir);
    await run(scenario, top, options, database, dir, socketPath, outDir, (running) => (server = running));
  } finally {
    await server?.stop();
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nfiles: ${path.relative(ROOT, outDir)}/`);
}

async function run(scenario: Scenario, top: number, options: BenchOptions, database: BenchDatabase, dir: string, socketPath: string, outDir: string, track: (server: RunningServer) => void) {
  const serverEnv = benchServerEnv(database.url, dir, options.bcryptCost);
  Object.assign(process.env, serverEnv);
  const population = new Population(database, options.sample);
  database.migrate();
  const passwordHash = await hashPassword(PASSWORD);
  await population.addUsers(options.users, passwordHash);
  await population.addRefreshTokens(options.refreshTokens);
  await population.addSessions(options.sessions);
  log(`seeded ${options.users} users, ${options.refreshTokens} refresh tokens, ${options.sessions} sessions`);

  const pinning = planPinning(options.pin);
  if (pinning) pinThisProcess(pinning.loadGenerator);
  const agentFile = path.join(__dirname, 'profile-agent.mjs');
  const env = { ...process.env, ...serverEnv, SHUTDOWN_DRAIN_MS: '0', BENCH_PROFILE_SOCKET: socketPath, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${agentFile}`.trim() };
  const server = await startServer(ROOT, options.port, env, pinning?.server ?? null);
  track(server);
  log(`server ${server.pid} on ${server.baseUrl}${pinning ? ` (core ${pinning.server}; load generator on ${pinning.loadGenerator})` : ''}`);
  const target: Target = { baseUrl: server.baseUrl, connections: options.connections, seconds: options.seconds, cpu: () => processCpuMs(server.pid) };
  const users = population.users.slice(0, Math.max(8, options.loginSamples));

  // Warm every path the scenario takes (JIT, caches, the build's lazily loaded chunks) before profiling.
  const sessionSpecs = await Promise.all(population.sessions.items.map(async (credential) => meWith({ cookie: await sessionCookieHeader(credential) })));
  const jwtSpecs = await Promise.all(population.refreshHeads.items.map(async (head) => meWith({ authorization: await bearerHeader(head) })));
  const loginSpecs: RequestSpec[] = users.flatMap((user) => [loginRequest('session', user.email, PASSWORD), loginRequest('jwt', user.email, PASSWORD)]);
  await runLoad(server.baseUrl, { requests: loginSpecs, expectStatus: 200, connections: 1, amount: loginSpecs.length });

  let bcryptMs: number | null = null;
  if (scenario === 'login') {
    const samples: number[] = [];
    for (let i = 0; i < options.loginSamples; i += 1) {
      const begin = performance.now();
      await verifyPassword(PASSWORD, passwordHash);
      samples.push(performance.now() - begin);
    }
    bcryptMs = percentiles(samples).p50;
  }

  const windows: Window[] = [];
  const mark = async <T extends { requests?: number; flows?: number }>(label: string, work: () => Promise<T>) => {
    const fromUs = nowUs();
    const result = await work();
    windows.push({ label, fromUs, toUs: nowUs(), requests: result.requests ?? result.flows ?? 0 });
    return result;
  };

  const profileFile = path.join(outDir, `${scenario}.cpuprofile`);
  const memoryLines: string[] = [];
  const threadsBefore = threads(server.pid);
  const started = await agent<{ hrtimeUs: number }>(socketPath, 'POST', '/cpu/start?interval=500');
  const clockSkewUs = started.hrtimeUs - nowUs();
  const loadLines: string[] = [];
  if (scenario === 'login') {
    const result = await mark('logins one at a time (session and JWT alternating)', () => runLoad(server.baseUrl, { requests: loginSpecs, expectStatus: 200, connections: 1, seconds: options.seconds, cpu: target.cpu }));
    loadLines.push(`login: ${result.requests} in ${result.seconds} s; client p50 ${result.latencyMs.p50} ms; server total p50 ${result.serverMs.p50} ms, db p50 ${result.dbMs.p50} ms, ${result.dbQueriesPerRequest} queries; one bcrypt compare in this process p50 ${bcryptMs?.toFixed(1)} ms → server over bcrypt ${(result.serverMs.p50 - (bcryptMs ?? 0)).toFixed(1)} ms; server CPU ${result.cpuMsPerRequest} ms/login (all threads)`);
  } else if (scenario === 'refresh') {
    // silentRefresh runs the flow and then the plain request, reading the CPU clock at the start
    // and end of each: those readings mark the two windows of the profile.
    const boundaries: number[] = [];
    const refreshTarget: Target = { ...target, connections: options.refreshClients, cpu: () => (boundaries.push(nowUs()), processCpuMs(server.pid)) };
    const result = await silentRefresh(refreshTarget, population.refreshHeads.items.slice(0, options.refreshClients));
    windows.push({ label: 'silent refresh flows (401 + refresh + retry)', fromUs: boundaries[0]!, toUs: boundaries[1]!, requests: result.flow.flows });
    windows.push({ label: 'plain JWT requests, same clients', fromUs: boundaries[2]!, toUs: boundaries[3]!, requests: result.plain.flows });
    loadLines.push(`refresh flow: ${result.flow.flows} flows, p50 ${result.flow.latencyMs.p50} / p95 ${result.flow.latencyMs.p95} ms, ${result.flow.cpuMsPerFlow} CPU ms/flow, ${result.flow.dbQueriesPerFlow} queries/flow`);
    loadLines.push(`plain request: ${result.plain.flows}, p50 ${result.plain.latencyMs.p50} / p95 ${result.plain.latencyMs.p95} ms, ${result.plain.cpuMsPerFlow} CPU ms/request → p95 ratio ${(result.flow.latencyMs.p95 / Math.max(result.plain.latencyMs.p95, 0.001)).toFixed(2)}x`);
    const { expired, refresh, plain } = result.steps;
    loadLines.push(`one at a time, CPU ms/request (p50 latency): 401 ${expired.cpuMsPerRequest} (${expired.latencyMsP50}), refresh ${refresh.cpuMsPerRequest} (${refresh.latencyMsP50}), plain ${plain.cpuMsPerRequest} (${plain.latencyMsP50})`);
  } else if (scenario === 'me-session' || scenario === 'me-jwt') {
    const specs = scenario === 'me-session' ? sessionSpecs : jwtSpecs;
    const result = await mark(`GET /api/me, ${scenario === 'me-session' ? 'session cookie' : 'Bearer JWT'}`, () => measure(target, specs, 200));
    loadLines.push(`${scenario}: ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms, server p50 ${result.serverMs.p50} ms (auth ${result.authMs.p50}, db ${result.dbMs.p50}), ${result.cpuMsPerRequest} CPU ms/req`);
  } else {
    // Memory: rounds of the benchmark's mix, RSS and the heap after each, a collection, a snapshot.
    memoryLines.push(formatMemory('before the load', server.pid, await agent<MemoryReport>(socketPath, 'GET', '/memory')));
    const perRound = Math.max(1, options.seconds / 4);
    const mix: [string, RequestSpec[], number][] = [['baseline', [baselineRequest], 200], ['anonymous', [meWith({})], 401], ['session', sessionSpecs, 200], ['jwt', jwtSpecs, 200]];
    let requests = 0;
    const fromUs = nowUs();
    const rss: string[] = [];
    for (const [name, specs, status] of mix) {
      const result = await runLoad(server.baseUrl, { requests: specs, expectStatus: status, connections: options.connections, seconds: perRound });
      requests += result.requests;
      const memory = await agent<MemoryReport>(socketPath, 'GET', '/memory');
      rss.push(`${name} ${mib(memory.usage.rss)}/${mib(memory.usage.heapUsed)}`);
    }
    windows.push({ label: 'the benchmark mix (baseline, 401, session, JWT)', fromUs, toUs: nowUs(), requests });
    loadLines.push(`RSS/heap used (MiB) after each scenario: ${rss.join(', ')}`);
    memoryLines.push(formatMemory('right after the load', server.pid, await agent<MemoryReport>(socketPath, 'GET', '/memory')));
    // Before the collection and the snapshot (whose writer itself mallocs a lot).
    memoryLines.push('RSS by mapping right after the load (smaps; V8\'s heap is in the anonymous mappings):', ...rssByMapping(server.pid).slice(0, 10).map(([kind, bytes]) => `  ${mib(bytes).padStart(7)} MiB  ${kind}`));
  }
  await agent(socketPath, 'POST', `/cpu/stop?file=${encodeURIComponent(profileFile)}`);
  const threadLines = ['  (Node 20 names libuv\'s pool threads (bcrypt, crypto, fs) and V8\'s helpers (GC, compiler) both "node")', ...threadDelta(threadsBefore, threads(server.pid)).map(
    ([name, group]) => `  ${name.padEnd(20)} ${String(group.threads).padStart(3)} thr  CPU ${group.cpuMs.toFixed(0).padStart(6)} ms  waiting for a core ${group.waitMs.toFixed(0).padStart(6)} ms${group.threads > 1 ? `  (each: ${group.each.sort((a, b) => b - a).join(' ')})` : ''}`,
  )];

  if (scenario === 'memory') {
    const afterGc = await agent<MemoryReport>(socketPath, 'POST', '/gc');
    memoryLines.push(formatMemory('after a full collection', server.pid, afterGc));
    const snapshotFile = path.join(outDir, 'server.heapsnapshot');
    await agent(socketPath, 'POST', `/heap-snapshot?file=${encodeURIComponent(snapshotFile)}`);
    memoryLines.push(summariseHeapSnapshot(snapshotFile, top));
  }

  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as CpuProfile;
  console.log(`\n${os.cpus().length} cores, load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}; ${options.users} users; profiler started ${-clockSkewUs} µs before its reply reached here`);
  for (const line of loadLines) console.log(line);
  // Profile timestamps are the server's monotonic clock, the same as this process's hrtime.
  for (const window of windows) {
    console.log(`\n${summariseProfile(profile, window, top)}`);
  }
  console.log(`\nserver threads over the profile (/proc; CPU vs time runnable but waiting for a core):\n${threadLines.join('\n')}`);
  if (memoryLines.length > 0) console.log(`\n${memoryLines.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
