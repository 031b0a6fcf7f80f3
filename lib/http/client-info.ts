import 'server-only';
import type { ClientInfo } from '@/lib/auth/client-info';
import { env } from '@/lib/env';
import { CLIENT_IP_HEADER } from '@/lib/proxy-headers.mjs';

/**
 * Who is on the other end. Without server.mjs (`next dev`) the first X-Forwarded-For entry is
 * used, which a client can forge: acceptable in development only; production runs server.mjs
 * (`npm start`).
 */
export function clientInfo(request: Request): ClientInfo {
  const trusted = request.headers.get(CLIENT_IP_HEADER);
  const fallback = env().nodeEnv === 'production' ? null : request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = (trusted || fallback || null)?.replace(/^::ffff:/, '').slice(0, 64) ?? null;
  const userAgent = request.headers.get('user-agent')?.slice(0, 512) ?? null;
  return { ip, userAgent };
}
