import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxyServer } from 'http-proxy-3';

/**
 * A round-robin HTTP front door (http-proxy-3: streaming, keep-alive, WebSocket upgrades such as
 * Next's dev HMR, and X-Forwarded-* handled by a maintained library rather than by hand).
 * It appends the client's address to X-Forwarded-For, so instances behind it must trust one
 * more proxy hop. It keeps the Host header, so the app's same-origin check sees the address
 * the browser used.
 */
export async function startFrontDoor(targets: string[], port: number, host?: string): Promise<{ url: string; close: () => Promise<void> }> {
  if (targets.length === 0) throw new Error('the front door needs at least one instance');
  // Without a keep-alive agent every proxied request opens a new connection to the instance, and
  // the instance's `Connection: close` is passed on: clients would reconnect for every request.
  const agent = new http.Agent({ keepAlive: true });
  const proxy = createProxyServer({ xfwd: true, proxyTimeout: 30_000, agent });
  let next = 0;
  const pick = () => targets[next++ % targets.length]!;

  proxy.on('error', (error, _request, response) => {
    // A dead instance: answer in the API's error shape instead of hanging up.
    if (response instanceof http.ServerResponse && !response.headersSent) {
      response.writeHead(502, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ error: { code: 'bad_gateway', message: `An app instance did not answer (${error.message}).` } }));
    } else {
      response?.end();
    }
  });

  const server = http.createServer((request, response) => proxy.web(request, response, { target: pick() }));
  server.on('upgrade', (request, socket, head) => proxy.ws(request, socket, head, { target: pick() }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        proxy.close();
        agent.destroy();
      }),
  };
}
