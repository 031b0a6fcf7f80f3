import 'server-only';
import { badRequest } from './errors';

const BASIC = /^Basic ([A-Za-z0-9+/]+={0,2})$/i;

/**
 * RFC 7617: "Basic base64(user:pass)". The first colon separates the two, so a password may
 * contain colons; a user name may not. Anything malformed is a 400, not a failed login.
 */
export function parseBasicAuth(header: string): { username: string; password: string } {
  const match = BASIC.exec(header.trim());
  if (!match) throw badRequest('The Authorization header must be "Basic base64(email:password)".');
  const bytes = Buffer.from(match[1]!, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== match[1]!.replace(/=+$/, '')) {
    throw badRequest('The Basic credentials are not valid base64.');
  }
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('The Basic credentials are not valid UTF-8.');
  }
  const colon = decoded.indexOf(':');
  if (colon === -1) throw badRequest('The Basic credentials must be "email:password".');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
