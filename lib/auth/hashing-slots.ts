import 'server-only';
import os from 'node:os';

/**
 * bcrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which
 * Node also uses for file access, zlib, DNS and parts of WebCrypto. Unbounded, a burst of logins
 * fills every pool thread for hundreds of milliseconds each and every other request that needs the
 * pool queues behind them (measured: a trivial request took 1.5 s at p50 during 8 concurrent
 * logins on 2 cores). So at most this many hashes run at once: one thread and one core stay free.
 */
const poolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;
export const HASHING_SLOTS = Math.max(1, Math.min(poolSize - 1, os.availableParallelism() - 1));

// One set of slots per process, even if route bundles load this module more than once.
const holder = globalThis as { authModesHashingSlots?: { running: number; waiting: Array<() => void> } };
const slots = (holder.authModesHashingSlots ??= { running: 0, waiting: [] });

/** Runs `work` when a hashing slot is free; callers beyond the limit wait in arrival order. */
export async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.running >= HASHING_SLOTS) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.running += 1;
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter, or give it back.
    const next = slots.waiting.shift();
    if (next) next();
    else slots.running -= 1;
  }
}
