import 'server-only';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

// Sampled every 2 ms: fine enough to see a 20 ms stall, cheap enough not to be one.
const RESOLUTION_MS = 2;

// One monitor per process, even if route bundles load this module more than once.
const holder = globalThis as { authModesEventLoop?: IntervalHistogram };

function monitor(): IntervalHistogram {
  if (!holder.authModesEventLoop) {
    holder.authModesEventLoop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    holder.authModesEventLoop.enable();
  }
  return holder.authModesEventLoop;
}

/** Starts a new measurement window. */
export function resetEventLoopDelay(): void {
  monitor().reset();
}

const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;

/** The event-loop delay since the last reset (ms), and the process's memory. */
export function eventLoopSnapshot() {
  const histogram = monitor();
  const memory = process.memoryUsage();
  // An empty histogram reports min as 2^63 and mean as NaN; say "no samples" plainly instead.
  const empty = histogram.count === 0;
  return {
    eventLoopDelayMs: empty ? { samples: 0, min: 0, mean: 0, p50: 0, p99: 0, max: 0 } : {
      samples: histogram.count,
      min: ms(histogram.min),
      mean: ms(histogram.mean),
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    },
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
  };
}
