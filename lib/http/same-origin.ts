import 'server-only';
import type { NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { forbidden } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser sent from another site (CSRF). Browsers send
 * Origin on every cross-origin POST and Sec-Fetch-Site on every request; non-browser clients send
 * neither and are not at risk, because nothing attaches their credentials for them.
 */
export function checkSameOrigin(request: NextRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') throw csrf();
  const origin = request.headers.get('origin');
  if (origin === null) return;
  if (!ownOrigins(request).includes(origin)) throw csrf();
}

/** The origin(s) browsers reach the app at: exactly APP_ORIGIN when set, else the request's own Host. */
export function ownOrigins(request: NextRequest): string[] {
  const configured = env().appOrigins;
  if (configured) return configured;
  const host = request.headers.get('host');
  return [host ? `${request.nextUrl.protocol}//${host}` : request.nextUrl.origin];
}

const csrf = () => forbidden('Cross-site requests are not allowed.', 'csrf');
