/**
 * What resolving a caller found out on the way that its cost depends on. lib/auth fills it in and
 * knows nothing of where it goes; lib/http reports it in Server-Timing. A record the caller passes
 * in rather than a return value, so that it survives a refusal (a 401 after a cache miss says so too).
 */
export type AuthTrace = {
  /** Whether the credential's cryptographic check was answered from the per-process cache. */
  cache?: 'hit' | 'miss';
};
