/** Who is on the other end, for the device list, the audit trail and the login throttle (read by lib/http/client-info.ts). */
export type ClientInfo = { ip: string | null; userAgent: string | null };
