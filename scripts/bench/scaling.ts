/**
 * One instance vs several on the same PostgreSQL database, each time behind the cluster's
 * nginx (scripts/cluster.ts), so both sides pay the same extra proxy hop and
 * only the number of app processes differs.
 */
import { startCluster } from '../cluster';
import type { LoadResult, RequestSpec } from './load';
import { measure, type Target } from './scenarios';

export type ScalingScenario = 'baseline' | 'anonymous' | 'session' | 'jwt';
export type ScalingWorkload = Record<ScalingScenario, { requests: readonly RequestSpec[]; status: number }>;

export type ScalingRun = {
  instances: number;
  /**
   * Medians over rounds of each scenario's rate and latency percentiles, and of its per-round
   * ratio to the same scenario through the first (smallest) instance count.
   */
  scenarios: Record<
    ScalingScenario,
    { requestsPerSecond: number; latencyMs: { p50: number; p95: number; p99: number }; dbQueriesPerRequest: number; byRound: number[]; vsFirst: number; vsFirstByRound: number[] }
  >;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * All instance counts run at once, each cluster behind its own front door, and every round
 * measures each of them back to back (in alternating order): a change in the machine's other
 * load then hits both sides of a ratio alike. An idle cluster costs next to nothing meanwhile.
 * Ports: each cluster takes its front door's port and the next ones for its instances.
 */
export async function compareInstances(options: {
  counts: number[];
  /** The first front door's port; everything else takes the ports right above it. */
  port: number;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  workload: ScalingWorkload;
  load: Omit<Target, 'baseUrl'>;
  rounds: number;
  log: (line: string) => void;
  /** Told of each cluster's stop(), for a caller that is interrupted before this returns. */
  onStarted: (stop: () => Promise<void>) => void;
}): Promise<ScalingRun[]> {
  const clusters: { count: number; target: Target; stop: () => Promise<void> }[] = [];
  try {
    let port = options.port;
    for (const count of options.counts) {
      const cluster = await startCluster({
        databaseUrl: options.databaseUrl,
        instances: count,
        port,
        instancePorts: Array.from({ length: count }, (_, index) => port + 1 + index),
        env: options.env,
        stdio: 'ignore',
      });
      clusters.push({ count, target: { ...options.load, baseUrl: cluster.frontDoor.replace('localhost', '127.0.0.1') }, stop: cluster.stop });
      options.onStarted(cluster.stop);
      port += count + 1;
    }
    const names = Object.keys(options.workload) as ScalingScenario[];
    const results = clusters.map(() => ({ baseline: [], anonymous: [], session: [], jwt: [] }) as Record<ScalingScenario, LoadResult[]>);
    for (let index = 0; index < options.rounds; index += 1) {
      // Alternating orders, as in the main rounds, so a drift in the machine's load favours no side.
      const reversed = index % 2 === 1;
      const clusterOrder = reversed ? [...clusters.keys()].reverse() : [...clusters.keys()];
      for (const which of clusterOrder) {
        const { count, target } = clusters[which]!;
        for (const name of reversed ? [...names].reverse() : names) {
          const { requests, status } = options.workload[name];
          // The first round also warms each new instance's caches (unsealed cookies, verified tokens).
          results[which]![name].push(await measure(target, [...requests], status, index === 0 ? {} : { warmup: target.connections * 5 }));
        }
        options.log(`${count} instance(s), round ${index + 1} of ${options.rounds}: ${names.map((name) => `${name} ${round1(results[which]![name].at(-1)!.requestsPerSecond)}/s`).join(', ')}`);
      }
    }
    return clusters.map(({ count }, which) => {
      const summary = (name: ScalingScenario) => {
        const runs = results[which]![name];
        const first = results[0]![name];
        const vsFirstByRound = runs.map((run, index) => round2(run.requestsPerSecond / Math.max(first[index]!.requestsPerSecond, 0.001)));
        return {
          requestsPerSecond: round1(median(runs.map((run) => run.requestsPerSecond))),
          latencyMs: {
            p50: round1(median(runs.map((run) => run.latencyMs.p50))),
            p95: round1(median(runs.map((run) => run.latencyMs.p95))),
            p99: round1(median(runs.map((run) => run.latencyMs.p99))),
          },
          dbQueriesPerRequest: round2(runs.reduce((sum, run) => sum + run.dbQueriesPerRequest, 0) / runs.length),
          byRound: runs.map((run) => round1(run.requestsPerSecond)),
          vsFirst: median(vsFirstByRound),
          vsFirstByRound,
        };
      };
      return { instances: count, scenarios: { baseline: summary('baseline'), anonymous: summary('anonymous'), session: summary('session'), jwt: summary('jwt') } };
    });
  } finally {
    await Promise.all(clusters.map((cluster) => cluster.stop()));
  }
}
