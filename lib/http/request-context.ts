import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { observeQueries } from '@/lib/db/query-observer';

/** What one request spent, for its Server-Timing header (the per-request cost ledger). */
export type RequestLedger = {
  authMode: 'session' | 'jwt' | 'none';
  authMs: number;
  /** Whether the credential's cryptographic check was answered from the per-process cache. */
  authCache?: 'hit' | 'miss';
  dbQueries: number;
  dbMs: number;
  /** Time spent checking a DPoP proof (part of authMs at a resource), when one was sent. */
  dpopMs?: number;
  /** When the caller's session ends unless it is used again (ms since the epoch, server clock), in session mode. */
  sessionEndsAt?: number;
  /** The handler's whole time, from the wrapper's start to the response (set when it is done). */
  totalMs?: number;
};

const storage = new AsyncLocalStorage<RequestLedger>();

export function runWithLedger<T>(ledger: RequestLedger, fn: () => T): T {
  return storage.run(ledger, fn);
}

// Every database round trip made while a request is handled counts into its ledger.
observeQueries(() => {
  const ledger = storage.getStore();
  if (!ledger) return undefined;
  return (milliseconds) => {
    ledger.dbQueries += 1;
    ledger.dbMs += milliseconds;
  };
});

/** The ledger of the request being handled, or undefined outside a request (scripts, tests). */
export function currentLedger(): RequestLedger | undefined {
  return storage.getStore();
}

export function noteDpopCheck(milliseconds: number): void {
  const ledger = storage.getStore();
  if (ledger) ledger.dpopMs = (ledger.dpopMs ?? 0) + milliseconds;
}

/** Tells the response when the caller's session ends: the pages warn before it does (IdleWarning). */
export function noteSessionEnd(endsAt: Date): void {
  const ledger = storage.getStore();
  if (ledger) ledger.sessionEndsAt = endsAt.getTime();
}

export function serverTimingHeader(ledger: RequestLedger): string {
  const queries = `${ledger.dbQueries} ${ledger.dbQueries === 1 ? 'query' : 'queries'}`;
  const cache = ledger.authCache ? `, authcache;desc="${ledger.authCache}"` : '';
  const dpop = ledger.dpopMs === undefined ? '' : `, dpop;dur=${ledger.dpopMs.toFixed(2)};desc="proof check"`;
  const total = ledger.totalMs === undefined ? '' : `, total;dur=${ledger.totalMs.toFixed(2)};desc="handler"`;
  return `auth;dur=${ledger.authMs.toFixed(2)};desc="${ledger.authMode}", db;dur=${ledger.dbMs.toFixed(2)};desc="${queries}"${total}${cache}${dpop}`;
}
