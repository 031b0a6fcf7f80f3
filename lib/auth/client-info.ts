import 'server-only';

export type ClientInfo = { ip: string | null; userAgent: string | null };

/**
 * Who is on the other end, for the device list and the audit trail. Next puts the socket's
 * address in X-Forwarded-For when the request did not bring one; the first entry is what the
 * nearest proxy (or Next itself) saw.
 */
export function clientInfo(request: Request): ClientInfo {
  const forwarded = request.headers.get('x-forwarded-for');
  const ip = forwarded?.split(',')[0]?.trim() || null;
  const userAgent = request.headers.get('user-agent')?.slice(0, 512) ?? null;
  return { ip: ip?.slice(0, 64) ?? null, userAgent };
}
