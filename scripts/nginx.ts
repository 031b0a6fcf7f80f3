/**
 * nginx as the cluster's front door (Debian's `nginx` package), run as a child process with every
 * file it writes inside one temp folder: `nginx -p <dir> -c <dir>/nginx.conf -e <dir>/error.log`,
 * `daemon off;`, no system service and no root-only path. `nginxConfig` writes the configuration
 * that `deploy/nginx.conf` holds for two instances (tests/unit/nginx-config.test.ts keeps them equal).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type NginxConfigOptions = {
  /** `listen` arguments, e.g. `127.0.0.1:3000`. */
  listen: string[];
  /** The instances, `host:port`. */
  upstreams: string[];
  /** A `user` line: nginx started as root runs its workers as this user (ignored, with a warning, otherwise). */
  user?: string;
};

// The app's error shape, for the answers nginx gives itself (the instances' own errors pass through:
// proxy_intercept_errors stays off).
const NGINX_ERRORS: [statuses: string, status: number, code: string, message: string][] = [
  ['502', 502, 'bad_gateway', 'No app instance answered.'],
  ['503', 503, 'service_unavailable', 'The service is unavailable. Try again in a moment.'],
  ['504', 504, 'gateway_timeout', 'The app instance did not answer in time.'],
  ['413', 413, 'payload_too_large', 'The body is too large.'],
  ['494', 431, 'headers_too_large', 'The request headers are too large.'],
  ['400', 400, 'bad_request', 'The request is not valid HTTP.'],
];

/** How long nginx skips an instance after max_fails failures (the upstream's fail_timeout). */
export const FAIL_TIMEOUT_SECONDS = 10;

export function nginxConfig({ listen, upstreams, user }: NginxConfigOptions): string {
  if (upstreams.length === 0) throw new Error('nginx needs at least one instance');
  const errorPages = NGINX_ERRORS.map(([statuses, , code]) => `        error_page ${statuses} @${code};`).join('\n');
  const errorLocations = NGINX_ERRORS.map(
    ([, status, code, message]) => `        location @${code} {
            default_type application/json;
            add_header Cache-Control no-store always;
            add_header X-Content-Type-Options nosniff always;
            return ${status} '${JSON.stringify({ error: { code, message } })}';
        }`,
  ).join('\n');
  return `# nginx in front of the app's instances (server.mjs). \`npm run cluster\` writes this file for its
# own instances into a temp folder and runs nginx in the foreground with every path inside it:
#   nginx -p /tmp/auth-modes-nginx -c "$PWD/deploy/nginx.conf" -e /tmp/auth-modes-nginx/error.log
# Relative paths below are relative to the -p folder. Instances behind it: TRUSTED_PROXY_HOPS=1
# (one X-Forwarded-For entry is added here) and APP_ORIGIN set to the address browsers use.
# Started as root, nginx runs its workers as an unprivileged user: a \`user\` line picks which.
${user ? `user ${user};\n` : ''}daemon off;
worker_processes 1;
pid nginx.pid;
error_log error.log warn;

events {
    worker_connections 1024;
}

http {
    log_format upstream '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                        'upstream=$upstream_addr upstream_status=$upstream_status request_time=$request_time';
    access_log access.log upstream;
    client_body_temp_path client_body_temp;
    proxy_temp_path proxy_temp;
    fastcgi_temp_path fastcgi_temp;
    uwsgi_temp_path uwsgi_temp;
    scgi_temp_path scgi_temp;
    server_tokens off;

    upstream app {
        # Round robin. Passive health check: a server that fails 3 times within 10 s (refused or
        # reset connections, timeouts, 502/503 answers) gets no requests for the next 10 s. A
        # draining instance (server.mjs after SIGTERM) answers GETs with 503 to get there.
        zone app 64k;
${upstreams.map((upstream) => `        server ${upstream} max_fails=3 fail_timeout=${FAIL_TIMEOUT_SECONDS}s;`).join('\n')}
        # Keep-alive connections to the instances, closed by nginx before Node's own 5 s idle
        # timeout (keepAliveTimeout) can close one that a request is just being sent on.
        keepalive 32;
        keepalive_timeout 4s;
    }

    server {
${listen.map((address) => `        listen ${address};`).join('\n')}

        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # The port included: the app compares Origin with the Host the browser used.
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # The instance's Date, not nginx's own: DPoP clients set a proof's iat from it.
            proxy_pass_header Date;
            proxy_connect_timeout 2s;
            proxy_send_timeout 30s;
            proxy_read_timeout 30s;
            # Another instance gets the request when this one refused the connection, reset it,
            # timed out or answered 502/503. Without "non_idempotent", a POST, PATCH or LOCK that
            # was already sent is never sent twice; one whose connection was refused was not sent
            # and is retried.
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_timeout 10s;
        }

        # nginx's own errors (no instance answered, too large) in the app's JSON error shape.
${errorPages}
${errorLocations}
    }
}
`;
}

/** What deploy/nginx.conf holds: two instances on ports 3001 and 3002, nginx on 3000. */
export const deployConfig = () => nginxConfig({ listen: ['127.0.0.1:3000'], upstreams: ['127.0.0.1:3001', '127.0.0.1:3002'] });

export function findNginx(): string {
  const candidates = [process.env.NGINX_PATH, ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => dir && path.join(dir, 'nginx')), '/usr/sbin/nginx'];
  const found = candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
  if (!found) throw new Error('nginx is not installed (Debian: apt-get install nginx), or set NGINX_PATH');
  return found;
}

/** As root, nginx switches its workers to an unprivileged user; Debian's has no group "nobody". */
function workerUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const groups = fs.existsSync('/etc/group') ? fs.readFileSync('/etc/group', 'utf8') : '';
  return /^nogroup:/m.test(groups) ? 'nobody nogroup' : 'nobody nobody';
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function canListenOn(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, host, () => probe.close(() => resolve(true)));
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type Nginx = {
  url: string;
  port: number;
  /** The folder with the config, logs and temp files (removed by stop()). */
  dir: string;
  accessLog: string;
  stop: () => Promise<void>;
};

export async function startNginx(options: { port: number; upstreams: string[]; stdio?: 'inherit' | 'ignore' }): Promise<Nginx> {
  const binary = findNginx();
  const port = options.port || (await freePort());
  const listen = [`127.0.0.1:${port}`, ...((await canListenOn('::1')) ? [`[::1]:${port}`] : [])];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-nginx-'));
  // Workers running as "nobody" must reach the temp folders the master creates (and chowns) in here.
  fs.chmodSync(dir, 0o755);
  const conf = path.join(dir, 'nginx.conf');
  const errorLog = path.join(dir, 'error.log');
  const args = ['-p', `${dir}/`, '-c', conf, '-e', errorLog];
  const user = workerUser();
  fs.writeFileSync(conf, nginxConfig({ listen, upstreams: options.upstreams, user }));
  try {
    execFileSync(binary, [...args, '-t', '-q'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`nginx refused its config ${conf}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }

  const child: ChildProcess = spawn(binary, args, { stdio: options.stdio ?? 'inherit' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readError = () => (fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8').trim().split('\n').slice(-5).join('\n') : '');
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with code ${child.exitCode}: ${readError()}`);
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`nginx did not listen on ${port} within 15 s: ${readError()}`);
    }
    await sleep(100);
  }

  return {
    url: `http://localhost:${port}`,
    port,
    dir,
    accessLog: path.join(dir, 'access.log'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGQUIT: graceful (workers finish their requests), SIGTERM if that takes too long. Never
        // SIGKILL: the master would die alone and leave its workers holding the port.
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `npx tsx scripts/nginx.ts > deploy/nginx.conf` regenerates the deployable config.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) process.stdout.write(deployConfig());
