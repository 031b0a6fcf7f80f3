import 'client-only';
import { useSyncExternalStore } from 'react';
import { z } from 'zod';

/**
 * The last lab run's numbers, kept in this browser (localStorage) so the home page's comparison
 * can show them. Numbers only: never a token or cookie, which must not outlive the page.
 */
const KEY = 'auth-modes.lab-results';
const CHANGED = 'auth-modes:lab-results';

const modeCost = z.object({ authP50: z.number().nullable(), rttP50: z.number().nullable(), dbQueries: z.number().nullable(), credentialBytes: z.number() });

export const labResultsSchema = z.object({
  cost: z.object({ at: z.number(), requests: z.number(), session: modeCost, jwt: modeCost }).optional(),
  revocation: z
    .object({ at: z.number(), sessionRefusedAfterRequests: z.number().nullable(), jwtRefusedAfterSeconds: z.number().nullable(), jwtAcceptedRequests: z.number(), refreshRefused: z.boolean() })
    .optional(),
  stolen: z.object({ at: z.number(), familyRevoked: z.boolean(), reuseEvents: z.number() }).optional(),
  instances: z.object({ at: z.number(), instances: z.number(), sessionOk: z.number(), jwtOk: z.number(), total: z.number() }).optional(),
  xray: z.object({ at: z.number(), cookieBytes: z.number(), tokenBytes: z.number() }).optional(),
});
export type LabResults = z.infer<typeof labResultsSchema>;

let cachedText: string | null | undefined;
let cached: LabResults = {};

export function readLabResults(): LabResults {
  const text = window.localStorage.getItem(KEY);
  if (text === cachedText) return cached;
  cachedText = text;
  try {
    const parsed = labResultsSchema.safeParse(JSON.parse(text ?? '{}'));
    cached = parsed.success ? parsed.data : {};
  } catch {
    cached = {};
  }
  return cached;
}

export function saveLabResult<Key extends keyof LabResults>(key: Key, value: NonNullable<LabResults[Key]>): void {
  window.localStorage.setItem(KEY, JSON.stringify({ ...readLabResults(), [key]: value }));
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('storage', listener);
  window.addEventListener(CHANGED, listener);
  return () => {
    window.removeEventListener('storage', listener);
    window.removeEventListener(CHANGED, listener);
  };
}

/** The stored results, or null while rendering on the server (nothing stored there). */
export function useLabResults(): LabResults | null {
  return useSyncExternalStore(subscribe, readLabResults, () => null);
}
