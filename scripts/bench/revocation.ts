/**
 * ACCESS_TOKEN_REVOCATION=check beside off (issue 14): the same Bearer requests against two
 * servers on one database, one verifying by signature alone, one also asking whether the token's
 * login has ended (a per-process cache, at most 1 s old). Rounds alternate their order, and the
 * ratio is taken within each round, so the machine's load favours neither.
 */
import type { LoadResult, RequestSpec } from './load';
import { measure, type Target } from './scenarios';
import { startServer, type RunningServer } from './server';

export type RevocationComparison = {
  off: LoadResult[];
  check: LoadResult[];
  /** Median over rounds of check req/s over off req/s. */
  checkVsOff: number;
};

type Input = {
  root: string;
  /** The running server, which has the default (off). */
  off: Target;
  /** A free port for the server with check. */
  port: number;
  env: NodeJS.ProcessEnv;
  requests: RequestSpec[];
  rounds: number;
  log: (line: string) => void;
  /** Lets the caller stop the extra server when interrupted. */
  onStarted: (stop: () => Promise<void>) => void;
};

export async function compareRevocationCheck(input: Input): Promise<RevocationComparison> {
  const server: RunningServer = await startServer(input.root, input.port, { ...input.env, ACCESS_TOKEN_REVOCATION: 'check' });
  input.onStarted(server.stop);
  const check: Target = { ...input.off, baseUrl: server.baseUrl };
  const results: RevocationComparison = { off: [], check: [], checkVsOff: 0 };
  try {
    for (let index = 0; index < input.rounds; index += 1) {
      const order = index % 2 === 0 ? (['off', 'check'] as const) : (['check', 'off'] as const);
      for (const name of order) {
        // The first round fills the caches (signatures, and with check the login verdicts).
        const warmup = index === 0 ? undefined : input.off.connections * 5;
        const target = name === 'off' ? input.off : check;
        results[name].push(await measure(target, input.requests, 200, warmup === undefined ? {} : { warmup }));
      }
      input.log(`revocation check, round ${index + 1} of ${input.rounds}`);
    }
  } finally {
    await server.stop();
  }
  const ratios = results.check.map((run, index) => run.requestsPerSecond / results.off[index]!.requestsPerSecond).sort((a, b) => a - b);
  results.checkVsOff = ratios[Math.floor(ratios.length / 2)] ?? 0;
  return results;
}
