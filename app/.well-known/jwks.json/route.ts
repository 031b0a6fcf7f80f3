import { signingKeys } from '@/lib/auth/keys';
import { jwksResponse } from '@/lib/contracts/service';
import { respond } from '@/lib/http/respond';

/** Public keys for verifying access tokens elsewhere, with no database and no shared secret. */
export async function GET() {
  const { publicJwks } = await signingKeys();
  return respond(jwksResponse, { keys: publicJwks }, { headers: { 'Cache-Control': 'public, max-age=300' } });
}
