// The production server: Next's request handler behind a plain Node HTTP server, for one reason:
// route handlers cannot see the TCP peer's address, and X-Forwarded-For is whatever the client
// sent. Here the client address is worked out from the socket (and from X-Forwarded-For only as
// far as TRUSTED_PROXY_HOPS says proxies we run added to it) and handed to the app in a header
// that a client cannot set. Usage: node server.mjs [--dev] (PORT and BIND_ADDRESS from the environment;
// no BIND_ADDRESS listens on every interface, IPv4 and IPv6). In production, start it with
// server.sh (npm start): it sets what node only reads at start (docs/decisions/0013-server-memory.md).
// It also shuts down the way a load balancer needs (docs/decisions/0008-nginx-front-door.md): on
// SIGTERM, readiness (/api/health/ready) answers 503 and responses close their connections for
// SHUTDOWN_DRAIN_MS; then the listener closes, in-flight requests finish (SHUTDOWN_TIMEOUT_MS
// from the signal at most), the database pool closes and the process exits 0. SIGINT (Ctrl-C) skips
// the drain delay.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import compression from 'compression';
import next from 'next';
import { CLIENT_IP_HEADER } from './lib/proxy-headers.mjs';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const bindAddress = process.env.BIND_ADDRESS || undefined;
const trustedHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
if (!Number.isInteger(trustedHops) || trustedHops < 0) {
  console.error('TRUSTED_PROXY_HOPS must be a whole number (0 when clients connect directly)');
  process.exit(1);
}

const nonNegativeMs = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number of milliseconds`);
    process.exit(1);
  }
  return value;
};
// Longer than nginx keeps an idle upstream connection (deploy/nginx.conf: keepalive_timeout 4s),
// so no connection nginx could still send a request on is open when the listener closes.
const drainMs = nonNegativeMs('SHUTDOWN_DRAIN_MS', 5000);
const shutdownTimeoutMs = nonNegativeMs('SHUTDOWN_TIMEOUT_MS', 10000);

// Which process answered, on every response: with several instances (npm run cluster) the lab
// tallies them. Not a secret: the front door's own address space, never a client's.
const instanceId = (process.env.INSTANCE_ID || `${os.hostname()}:${port}`).replace(/[^\w.:-]/g, '').slice(0, 64);

// The test profiles' controllable clock (lib/clock.ts): with TEST_CLOCK=true a request may ask to
// see the server's clock some seconds ahead. Never on unless that variable says so.
const testClock = process.env.TEST_CLOCK === 'true';
const TEST_CLOCK_HEADER = 'x-test-clock-offset';
const MAX_TEST_CLOCK_OFFSET_SECONDS = 10 * 366 * 24 * 60 * 60;
const clockOffsets = (globalThis[Symbol.for('auth-modes.test-clock')] ??= new AsyncLocalStorage());
if (testClock) console.warn('TEST_CLOCK=true: clients can move this server\'s clock forward. Test profiles only.');

/** The request's clock offset in milliseconds, 0 without the header, or null when the header is not a valid offset. */
function testClockOffsetMs(request) {
  const value = request.headers[TEST_CLOCK_HEADER];
  if (value === undefined) return 0;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value) || Number(value) > MAX_TEST_CLOCK_OFFSET_SECONDS) return null;
  return Number(value) * 1000;
}

/** The address of the client: the socket's, or the entry that the last trusted proxy appended. */
function clientAddress(request) {
  const socketAddress = request.socket.remoteAddress ?? '';
  if (trustedHops === 0) return socketAddress;
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Each trusted proxy appends the address it saw; entries left of those are the client's claims.
  const chain = [...forwarded, socketAddress];
  return chain[Math.max(0, chain.length - 1 - trustedHops)] ?? socketAddress;
}

const ERROR_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' };
const errorBody = (code, message) => JSON.stringify({ error: { code, message } });

/**
 * Requests Node cannot parse (headers over its 16 KiB limit, broken syntax, unknown methods) never
 * reach Next, and Node's own answer has no body; give them the API's JSON error shape like every
 * other refusal.
 */
function refuseUnparsable(error, socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive.']
        : [400, 'bad_request', 'The request is not valid HTTP.'];
  const body = errorBody(code, message);
  const headers = Object.entries({ ...ERROR_HEADERS, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`);
}

// Next serves only these; others that Node parses (TRACE, PROPFIND, ...) it answers with an
// empty 400, or for TRACE a 500.
const SERVED_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

function refuseMethod(request, response) {
  response.writeHead(405, { ...ERROR_HEADERS, Allow: SERVED_METHODS.join(', ') });
  response.end(errorBody('method_not_allowed', `${request.method} is not allowed on this server.`));
}

/** Next decodes path segments before routing and answers a broken %-escape (`/api/jobs/%ZZ`) with a 500. */
function hasUndecodablePath(url) {
  const path = (url ?? '/').split('?')[0];
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** Requests that have arrived and whose response has not finished yet. */
let inFlight = 0;
const openResponses = new Set();
let draining = false;
const READY_PATH = '/api/health/ready';
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * While draining: readiness fails, and so do requests that a proxy may send elsewhere without
 * harm (safe methods). nginx retries those on another instance (proxy_next_upstream http_503) and
 * counts them toward max_fails, which is how an instance leaves nginx's rotation before its
 * listener closes: open-source nginx has no active health check that could read readiness.
 * Other methods are served as usual, since nginx does not resend a request it has sent.
 */
function refuseWhileDraining(request, response) {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== READY_PATH && !SAFE_METHODS.includes(request.method ?? '')) return false;
  response.writeHead(503, { ...ERROR_HEADERS, 'Retry-After': '1', Connection: 'close' });
  response.end(errorBody('draining', 'This instance is shutting down; another one will answer.'));
  return true;
}

// instrumentation.ts parses the configuration (lib/env.ts) as Next starts and reports here, so a
// bad or missing variable ends the process before it listens: a load balancer never sees an
// instance that would answer 500. Needed because in production app.prepare() resolves without
// waiting for instrumentation's register(), and Next only logs what it throws.
const configurationChecked = new Promise((resolve, reject) => {
  globalThis[Symbol.for('auth-modes.configuration-check')] = { resolve, reject };
}).then(
  () => null,
  (error) => error,
);
const CONFIGURATION_CHECK_TIMEOUT_MS = 60_000;

/** The configuration's problems (each variable named), or null once it is valid. */
async function configurationProblem() {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(new Error(`instrumentation.ts did not check the configuration within ${CONFIGURATION_CHECK_TIMEOUT_MS / 1000} s (is it in the build?)`)), CONFIGURATION_CHECK_TIMEOUT_MS);
  });
  const problem = await Promise.race([configurationChecked, timeout]);
  clearTimeout(timer);
  return problem;
}

function refuseToStart(error) {
  // Next prefixes what the hook throws with its own sentence; the configuration's message says more.
  const message = error?.name === 'EnvError' ? error.message.replace(/^An error occurred while loading instrumentation hook: /, '') : error;
  console.error('> not starting:', message);
  process.exit(1);
}

// Each part of Next that starts would load next.config.ts itself, and on Node 20 that means
// transpiling it with SWC, whose native binding (24 MiB of code and a thread) then stays for the
// life of the process. The build has written the resolved configuration; handing it over is what
// Next's own standalone server does (.next/standalone/server.js), and nothing else loads.
const builtConfig = path.join(process.cwd(), '.next', 'required-server-files.json');
if (!dev && !process.env.__NEXT_PRIVATE_STANDALONE_CONFIG && fs.existsSync(builtConfig)) {
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(fs.readFileSync(builtConfig, 'utf8')).config);
}

const app = next({ dev, port, ...(bindAddress ? { hostname: bindAddress } : {}) });
const nextHandler = app.getRequestHandler();

// Pages and their assets are compressed; API answers are not (next.config.ts turns Next's own,
// all-or-nothing compression off). A token response carries secrets beside values its owner
// chose (name, email), which is what BREACH reads through compression, and gzip on a JSON body
// of a kilobyte or two cost a silent refresh a fifth of its CPU (issue 17) to save a few
// hundred bytes.
const isApiPath = (url = '') => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
const compressPages = compression({ filter: (request, response) => !isApiPath(request.url) && compression.filter(request, response) });
const handle = (request, response) => compressPages(request, response, () => void nextHandler(request, response));
await app.prepare().catch(refuseToStart);
const problem = await configurationProblem();
if (problem) refuseToStart(problem);

const server = http
  .createServer((request, response) => {
    response.setHeader('X-Instance', instanceId);
    inFlight += 1;
    openResponses.add(response);
    response.once('close', () => {
      inFlight -= 1;
      openResponses.delete(response);
      if (draining) maybeFinished();
    });
    if (draining) {
      // Each connection serves at most this request more, so none stays open for nginx to reuse.
      response.setHeader('Connection', 'close');
      if (refuseWhileDraining(request, response)) return;
    }
    if (!SERVED_METHODS.includes(request.method ?? '')) {
      refuseMethod(request, response);
      return;
    }
    if (hasUndecodablePath(request.url)) {
      response.writeHead(400, ERROR_HEADERS);
      response.end(errorBody('bad_request', 'The request path is not valid percent-encoding.'));
      return;
    }
    request.headers[CLIENT_IP_HEADER] = clientAddress(request);
    if (!testClock) {
      void handle(request, response);
      return;
    }
    const offsetMs = testClockOffsetMs(request);
    if (offsetMs === null) {
      response.writeHead(400, ERROR_HEADERS);
      response.end(errorBody('bad_test_clock', `${TEST_CLOCK_HEADER} must be a whole number of seconds, at most ${MAX_TEST_CLOCK_OFFSET_SECONDS}.`));
      return;
    }
    clockOffsets.run(offsetMs, () => void handle(request, response));
  })
  .on('clientError', refuseUnparsable)
  .listen(port, bindAddress, () => {
    console.log(`> Ready on http://${bindAddress ?? 'localhost'}:${port}${dev ? ' (dev)' : ''}`);
  });
// Node closes an idle keep-alive connection after 5 s. A client that pauses longer between two
// requests (a load balancer's pool, an SDK, a test's request context while its browser works) can
// send its next request on the connection just as Node closes it, and gets ECONNRESET: seen in a
// busy test run on a signup. The upstream must outlast its clients' idle time (a cloud load
// balancer's is 60 s); nginx closes its own idle connections after 4 s, and a drain closes idle
// connections itself.
server.keepAliveTimeout = 65_000;

let listenerClosed = false;
let finished;
const allDone = new Promise((resolve) => (finished = resolve));
function maybeFinished() {
  if (listenerClosed && inFlight === 0) finished();
}

async function shutDown(signal) {
  const startedAt = Date.now();
  draining = true;
  for (const response of openResponses) if (!response.headersSent) response.setHeader('Connection', 'close');
  const hardStop = setTimeout(() => {
    console.error(`> ${inFlight} request(s) still running after ${shutdownTimeoutMs} ms: closing their connections`);
    server.closeAllConnections();
    finished(false);
  }, shutdownTimeoutMs);
  console.log(`> ${signal}: draining${signal === 'SIGTERM' ? ` for ${drainMs} ms` : ''}, then closing`);
  if (signal === 'SIGTERM') await new Promise((resolve) => setTimeout(resolve, drainMs));
  // Refuse new connections (a proxy retries a refused connection elsewhere, whatever the method),
  // end idle keep-alive connections, let the requests that are running finish.
  server.close(() => {
    listenerClosed = true;
    maybeFinished();
  });
  server.closeIdleConnections();
  const clean = (await allDone) !== false;
  clearTimeout(hardStop);
  // The app's database client (lib/db/client.ts keeps it on globalThis): close its pool.
  await Promise.race([
    globalThis.authModesDb?.$disconnect().catch((error) => console.error('> closing the database pool failed:', error)),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ]);
  console.log(`> stopped after ${Date.now() - startedAt} ms${clean ? '' : ' (requests were cut off)'}`);
  process.exit(clean ? 0 : 1);
}

let shuttingDown = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  // A second signal (Ctrl-C reaches the whole process group, relays repeat it) changes nothing.
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    void shutDown(signal);
  });
}
