import { signingKeys } from '@/lib/auth/keys';

/** Public keys for verifying access tokens elsewhere, with no database and no shared secret. */
export async function GET() {
  const { publicJwks } = await signingKeys();
  return Response.json({ keys: publicJwks }, { headers: { 'Cache-Control': 'public, max-age=300' } });
}
