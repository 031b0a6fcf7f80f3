/**
 * A non-browser DPoP client (RFC 9449), end to end: log in with a proof, call the API with the
 * bound token and a fresh proof per request, see a copy of the token refused as Bearer, refresh
 * with a proof, log out. Any DPoP client library does the same; nothing here is app-specific.
 *
 *   npx tsx scripts/dpop-client.ts [base URL] [email] [password]
 *   (defaults: http://localhost:3000 acme@example.com demo-password)
 *
 * The key lives in this process's memory only. The base URL must be the one the server sees as
 * its public origin (APP_ORIGIN when set), since every proof names the URL it is for (htu).
 */
import { newProofKey, signProof, type ProofKey } from './dpop-proof';

const [base = 'http://localhost:3000', email = 'acme@example.com', password = 'demo-password'] = process.argv.slice(2);

type Tokens = { access_token: string; token_type: string; refresh_token: string; expires_in: number };

async function call(key: ProofKey | null, method: 'GET' | 'POST', path: string, headers: Record<string, string>): Promise<Response> {
  const url = new URL(path, base).href;
  const proof: Record<string, string> = key ? { dpop: await signProof(key, method, url, headers.authorization?.startsWith('DPoP ') ? headers.authorization.slice(5) : undefined) } : {};
  return fetch(url, { method, headers: { ...headers, ...proof } });
}

async function expectOk(response: Response, step: string): Promise<unknown> {
  const body: unknown = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(`${step}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function main() {
  const key = await newProofKey();
  console.log(`key thumbprint (jkt): ${key.jkt}`);

  const basic = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
  let tokens = (await expectOk(await call(key, 'POST', '/api/auth/jwt/login', { authorization: basic }), 'login')) as Tokens;
  console.log(`login: token_type ${tokens.token_type}, expires in ${tokens.expires_in} s`);

  const me = await expectOk(await call(key, 'GET', '/api/me', { authorization: `DPoP ${tokens.access_token}` }), 'GET /api/me');
  console.log('GET /api/me with DPoP:', JSON.stringify(me));

  const copied = await call(null, 'GET', '/api/me', { authorization: `Bearer ${tokens.access_token}` });
  console.log(`the same token as Bearer: ${copied.status} ${copied.headers.get('www-authenticate')}`);

  tokens = (await expectOk(await call(key, 'POST', '/api/auth/jwt/refresh', { authorization: `Bearer ${tokens.refresh_token}` }), 'refresh')) as Tokens;
  console.log(`refresh (proved with the same key): token_type ${tokens.token_type}`);
  await expectOk(await call(key, 'GET', '/api/jobs', { authorization: `DPoP ${tokens.access_token}` }), 'GET /api/jobs');
  console.log('GET /api/jobs with the new token: 200');

  await expectOk(await call(key, 'POST', '/api/auth/jwt/logout', { authorization: `Bearer ${tokens.refresh_token}` }), 'logout');
  console.log('logout: 204');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
