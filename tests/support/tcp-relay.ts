import net from 'node:net';

/**
 * A TCP relay on a loopback port the test controls, between an app instance and its database, to
 * play network faults for real: `cut()` closes the port and every relayed connection (refused and
 * reset connections), `freeze()` keeps everything open but passes no byte either way and holds new
 * connections (a partition: nothing answers), `restore()` undoes either.
 */
export type TcpRelay = { port: number; cut: () => Promise<void>; freeze: () => void; restore: () => Promise<void>; close: () => Promise<void> };

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  type Pair = { client: net.Socket; upstream?: net.Socket };
  const pairs = new Set<Pair>();
  let frozen = false;

  const connect = (pair: Pair) => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    const end = () => {
      pair.client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    upstream.on('error', end).on('close', end);
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  };
  const server = net.createServer((client) => {
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => undefined).on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (frozen) client.pause();
    else connect(pair);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  const closeListener = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

  return {
    port,
    cut: async () => {
      const closed = closeListener();
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      pairs.clear();
      await closed;
    },
    freeze: () => {
      frozen = true;
      for (const { client, upstream } of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    restore: async () => {
      if (frozen) {
        frozen = false;
        for (const pair of pairs) {
          if (!pair.upstream) connect(pair);
          else {
            pair.client.pipe(pair.upstream);
            pair.upstream.pipe(pair.client);
          }
        }
      }
      if (!server.listening) await listen(port);
    },
    close: async () => {
      const closed = closeListener();
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      await closed;
    },
  };
}
