import http from 'node:http';

/**
 * HTTP requests with nothing in between: no cookie jar, no added headers, any method, and a
 * chosen source address (any 127.x.y.z is this machine), so a test can be its own "client
 * address" for the login throttle without sharing a bucket with other tests. Playwright's request
 * context cannot pick the source address and keeps cookies between calls.
 */
export type RawRequest = {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Source address of the connection, e.g. 127.0.0.23. */
  localAddress?: string;
  /** A server that has not answered by then is hanging: the request fails. */
  timeoutMs?: number;
};

export type RawResponse = {
  status(): number;
  headers(): Record<string, string>;
  text(): Promise<string>;
  json(): Promise<unknown>;
};

export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: request.localAddress ? '127.0.0.1' : url.hostname,
        port: url.port,
        method: request.method ?? 'GET',
        path: request.path,
        // Host stays what a browser on baseUrl would send, whatever address we connect to. A body
        // gets its length declared unless the caller chose chunking: Node would send a GET's body
        // undelimited, which the server rightly reads as a second, broken request.
        headers: {
          host: url.host,
          ...(request.body !== undefined && !request.headers?.['transfer-encoding'] ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}),
          ...request.headers,
        },
        localAddress: request.localAddress,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join('\n') : value;
          }
          resolve({
            status: () => incoming.statusCode ?? 0,
            headers: () => headers,
            text: async () => text,
            json: async () => JSON.parse(text),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.setTimeout(request.timeoutMs ?? 30_000, () => {
      outgoing.destroy(new Error(`no answer to ${request.method ?? 'GET'} ${request.path} within ${request.timeoutMs ?? 30_000} ms`));
    });
    if (request.body !== undefined) outgoing.write(request.body);
    outgoing.end();
  });
}

/** A loopback source address of its own per caller: its own throttle bucket on a direct-client server. */
export function loopbackAddress(): string {
  const n = () => 1 + Math.floor(Math.random() * 250);
  return `127.${n()}.${n()}.${n()}`;
}
