// The profiler's hands inside the server, for npm run bench:profile (scripts/bench/profile.ts) only.
// It is loaded with NODE_OPTIONS=--import by that script and by nothing else: no app code imports it,
// and without BENCH_PROFILE_SOCKET it does nothing. It answers on a Unix socket (not the app's
// port, so the load and the app never see it):
//   POST /cpu/start?interval=500   the V8 CPU profiler (node:inspector, in-process) and an
//                                  event-loop-utilization window start
//   POST /cpu/stop?file=...        the profile is written to `file`; answers the loop's idle/active ms
//   GET  /memory                   process.memoryUsage(), V8 heap statistics and heap spaces
//   POST /gc                       a full collection (HeapProfiler.collectGarbage), then /memory
//   POST /heap-snapshot?file=...   v8.writeHeapSnapshot(file) (it collects garbage first)
import fs from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

const socketPath = process.env.BENCH_PROFILE_SOCKET;
// NODE_OPTIONS reaches any node process the server starts: only server.mjs itself gets the agent.
const isServer = path.basename(process.argv[1] ?? '') === 'server.mjs';

if (socketPath && isServer && !globalThis.authModesProfileAgent) {
  globalThis.authModesProfileAgent = true;
  const session = new inspector.Session();
  session.connect();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  let eluStart = null;

  const memory = () => ({
    hrtimeUs: Number(process.hrtime.bigint() / 1000n),
    usage: process.memoryUsage(),
    heap: v8.getHeapStatistics(),
    spaces: v8.getHeapSpaceStatistics().map((space) => ({ name: space.space_name, sizeBytes: space.space_size, usedBytes: space.space_used_size, physicalBytes: space.physical_space_size })),
  });

  const routes = {
    'POST /cpu/start': async (query) => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: Number(query.get('interval') ?? 500) });
      await post('Profiler.start');
      eluStart = performance.eventLoopUtilization();
      return { hrtimeUs: Number(process.hrtime.bigint() / 1000n) };
    },
    'POST /cpu/stop': async (query) => {
      const { profile } = await post('Profiler.stop');
      const elu = performance.eventLoopUtilization(eluStart ?? undefined);
      const file = query.get('file');
      fs.writeFileSync(file, JSON.stringify(profile));
      return { file, hrtimeUs: Number(process.hrtime.bigint() / 1000n), eventLoop: { idleMs: elu.idle, activeMs: elu.active, utilization: elu.utilization } };
    },
    'GET /memory': async () => memory(),
    'POST /gc': async () => {
      await post('HeapProfiler.collectGarbage');
      return memory();
    },
    'POST /heap-snapshot': async (query) => {
      const file = query.get('file');
      const started = performance.now();
      v8.writeHeapSnapshot(file);
      return { file, ms: performance.now() - started };
    },
  };

  try {
    fs.rmSync(socketPath, { force: true });
  } catch {
    // nothing there
  }
  const control = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://agent');
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    route(url.searchParams).then(
      (result) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
      (error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.stack ?? error)),
    );
  });
  control.listen(socketPath);
  // Never what keeps the server running, nor what its shutdown waits for.
  control.unref();
}
