import 'server-only';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { EnvError, type EnvVariables } from './env-variables';

// The keys the server signs and seals with: from the environment, or in development (and a
// production build with ALLOW_GENERATED_SECRETS) made once and kept in a file.

const SECRET_NAMES = ['SESSION_SECRET', 'JWT_PRIVATE_KEY', 'REFRESH_TOKEN_SECRET'] as const;

type Jwk = { kty?: string; crv?: string; d?: string; x?: string; kid?: string };

export type Secrets = {
  sessionSecret: string;
  refreshTokenSecret: string;
  jwtPrivateKey: Jwk;
  jwtPreviousPublicKeys: Jwk[];
};

export function resolveSecrets(variables: EnvVariables): Secrets {
  const mayGenerate = variables.NODE_ENV !== 'production' || variables.ALLOW_GENERATED_SECRETS;
  const missing = SECRET_NAMES.filter((name) => !variables[name]);
  if (missing.length > 0 && !mayGenerate) {
    throw new EnvError(missing.map((name) => `${name}: required in production (see .env.example)`));
  }
  // Read (or made) only when something is missing, so a fully configured server touches no file.
  const generated = missing.length > 0 ? loadOrCreateDevSecrets(variables.SECRETS_FILE) : null;

  const privateKey = parseJwk('JWT_PRIVATE_KEY', variables.JWT_PRIVATE_KEY ?? generated?.jwtPrivateKey);
  if (privateKey.kty !== 'OKP' || privateKey.crv !== 'Ed25519' || typeof privateKey.d !== 'string') {
    throw new EnvError(['JWT_PRIVATE_KEY: must be an Ed25519 private key in JWK form (kty OKP, crv Ed25519, d)']);
  }
  return {
    sessionSecret: variables.SESSION_SECRET ?? generated!.sessionSecret,
    refreshTokenSecret: variables.REFRESH_TOKEN_SECRET ?? generated!.refreshTokenSecret,
    jwtPrivateKey: privateKey,
    jwtPreviousPublicKeys: variables.JWT_PREVIOUS_PUBLIC_KEYS
      ? parseJwkList('JWT_PREVIOUS_PUBLIC_KEYS', variables.JWT_PREVIOUS_PUBLIC_KEYS)
      : [],
  };
}

function parseJwk(name: string, text: string | undefined): Jwk {
  try {
    const value: unknown = JSON.parse(text ?? '');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Jwk;
  } catch {
    // reported below
  }
  throw new EnvError([`${name}: must be a JSON object (a JWK)`]);
}

function parseJwkList(name: string, text: string): Jwk[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EnvError([`${name}: must be a JSON array of public JWKs`]);
  }
  if (!Array.isArray(value)) throw new EnvError([`${name}: must be a JSON array of public JWKs`]);
  return value.map((item, index) => {
    const jwk = parseJwk(`${name}[${index}]`, JSON.stringify(item));
    if (jwk.d) throw new EnvError([`${name}[${index}]: must be a public key (no "d")`]);
    return jwk;
  });
}
