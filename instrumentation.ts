/**
 * Next calls register() once per server process as it starts. Parsing the configuration here
 * turns a bad or missing variable into a server that never starts, instead of a 500 on the first
 * request that happens to need it. server.mjs waits for the outcome before it listens, through
 * the handle it leaves on globalThis: in production Next's app.prepare() resolves without
 * waiting for register(), and only logs its failure. Without server.mjs (next dev, next start)
 * the error is Next's to report.
 * The Node runtime only: lib/env.ts reads files (the generated secrets), and the import sits
 * behind the check so no other bundle pulls it in.
 */
type ConfigurationCheck = { resolve: () => void; reject: (error: unknown) => void };

const CONFIGURATION_CHECK = Symbol.for('auth-modes.configuration-check');

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const waiting = (globalThis as { [CONFIGURATION_CHECK]?: ConfigurationCheck })[CONFIGURATION_CHECK];
  try {
    const { env } = await import('./lib/env');
    env();
    waiting?.resolve();
  } catch (error) {
    waiting?.reject(error);
    throw error;
  }
}
