import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase } from '../../lib/db/postgres-admin';
import { type Cluster, seedDatabase, startCluster } from '../../scripts/cluster';
import { createMigratedDatabase } from '../support/postgres-template';

/**
 * A cluster of this test file's own (nginx and instances on free ports, a database with a random
 * name), for tests that restart instances or cut their database off and so cannot share the
 * `cluster` profile's servers with other tests. stop() also drops the database.
 */
export async function startOwnCluster(options: { instances?: number; env?: NodeJS.ProcessEnv; databaseUrlOf?: (url: string, index: number) => string | undefined } = {}) {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error('the cluster tests need TEST_POSTGRES_URL');
  const databaseUrl = await createMigratedDatabase(server, 'auth_modes_cluster');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-cluster-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    ALLOW_GENERATED_SECRETS: 'true',
    SECRETS_FILE: path.join(dir, 'secrets.json'),
    BCRYPT_COST: '4',
    ...options.env,
  };
  const instances = options.instances ?? 2;
  let cluster: Cluster;
  try {
    seedDatabase(env);
    cluster = await startCluster({
      databaseUrl,
      instances,
      port: 0,
      env,
      instanceEnv: Array.from({ length: instances }, (_, index) => {
        const url = options.databaseUrlOf?.(databaseUrl, index);
        return url ? { DATABASE_URL: url } : ({} as Record<string, string>);
      }),
      stdio: 'ignore',
    });
  } catch (error) {
    await dropDatabase(databaseUrl);
    throw error;
  }
  return {
    ...cluster,
    databaseUrl,
    stop: async () => {
      await cluster.stop();
      await dropDatabase(databaseUrl);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
