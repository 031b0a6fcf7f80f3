/**
 * One instance vs several on the same PostgreSQL database, each time behind the cluster's
 * round-robin front door (scripts/cluster.ts), so both sides pay the same extra proxy hop and
 * only the number of app processes differs.
 */
import { startCluster } from '../cluster';
import type { LoadResult, RequestSpec } from './load';
import { measure, type Target } from './scenarios';

export type ScalingScenario = 'baseline' | 'anonymous' | 'session' | 'jwt';
export type ScalingWorkload = Record<ScalingScenario, { requests: readonly RequestSpec[]; status: number }>;

export type ScalingRun = {
  instances: number;
  /** Median over rounds of each scenario's requests per second, and of its latency percentiles. */
  scenarios: Record<ScalingScenario, { requestsPerSecond: number; latencyMs: { p50: number; p95: number; p99: number }; dbQueriesPerRequest: number; byRound: number[] }>;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round1 = (value: number) => Math.round(value * 10) / 10;

export async function compareInstances(options: {
  counts: number[];
  /** The front door's port; the instances take the ports right above it. */
  port: number;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  workload: ScalingWorkload;
  load: Omit<Target, 'baseUrl'>;
  rounds: number;
  log: (line: string) => void;
}): Promise<ScalingRun[]> {
  const runs: ScalingRun[] = [];
  for (const count of options.counts) {
    const cluster = await startCluster({
      databaseUrl: options.databaseUrl,
      instances: count,
      port: options.port,
      instancePorts: Array.from({ length: count }, (_, index) => options.port + 1 + index),
      env: options.env,
      stdio: 'ignore',
    });
    try {
      const target: Target = { ...options.load, baseUrl: cluster.frontDoor.replace('localhost', '127.0.0.1') };
      const names = Object.keys(options.workload) as ScalingScenario[];
      const byRound: Record<ScalingScenario, LoadResult[]> = { baseline: [], anonymous: [], session: [], jwt: [] };
      for (let index = 0; index < options.rounds; index += 1) {
        // Alternating order, as in the main rounds, so a drift in the machine's load favours no scenario.
        const order = index % 2 === 0 ? names : [...names].reverse();
        for (const name of order) {
          const { requests, status } = options.workload[name];
          // The first round also warms each new instance's caches (unsealed cookies, verified tokens).
          byRound[name].push(await measure(target, [...requests], status, index === 0 ? {} : { warmup: target.connections * 5 }));
        }
        options.log(`${count} instance(s), round ${index + 1} of ${options.rounds}: ${names.map((name) => `${name} ${round1(byRound[name].at(-1)!.requestsPerSecond)}/s`).join(', ')}`);
      }
      const summary = (results: LoadResult[]) => ({
        requestsPerSecond: round1(median(results.map((result) => result.requestsPerSecond))),
        latencyMs: {
          p50: round1(median(results.map((result) => result.latencyMs.p50))),
          p95: round1(median(results.map((result) => result.latencyMs.p95))),
          p99: round1(median(results.map((result) => result.latencyMs.p99))),
        },
        dbQueriesPerRequest: round1(results.reduce((sum, result) => sum + result.dbQueriesPerRequest, 0) / results.length),
        byRound: results.map((result) => round1(result.requestsPerSecond)),
      });
      runs.push({
        instances: count,
        scenarios: { baseline: summary(byRound.baseline), anonymous: summary(byRound.anonymous), session: summary(byRound.session), jwt: summary(byRound.jwt) },
      });
    } finally {
      await cluster.stop();
    }
  }
  return runs;
}
