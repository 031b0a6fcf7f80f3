import 'server-only';
import crypto from 'node:crypto';

// Generic helpers for opaque credentials (session tokens, refresh-token hashes, the lab's X-ray):
// not auth logic, so not under lib/auth.

/** 256 bits from the CSPRNG, URL-safe: session tokens, family ids. */
export function generateToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** What is stored instead of a token: a leaked table gives nobody a usable credential. */
export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** Compares two hex digests without leaking, through timing, how many leading characters match. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
