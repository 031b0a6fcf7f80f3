import 'client-only';
import { sha256Base64url } from './dpop-proof';
import { withTabLock } from './tab-sync';

/**
 * DPoP in the browser (RFC 9449): one ES256 key pair per browser, made with `extractable: false`
 * so no script (ours or an injected one) can read the private key out, kept in IndexedDB (a
 * CryptoKey is structured-cloneable, so the store holds the key object itself, not its bytes).
 * Every tab of the browser uses the same key, so one tab's refresh serves all. Every request
 * with a bound token gets a fresh proof signed with it; the tokens themselves stay where they
 * were (the access token in page memory, the refresh token in its HttpOnly cookie).
 */

export type BrowserKey = { privateKey: CryptoKey; publicJwk: { kty: string; crv: string; x: string; y: string }; jkt: string };

const DB_NAME = 'auth-modes-dpop';
const STORE = 'keys';
const KEY_ID = 'browser-key';
const KEY_LOCK = 'auth-modes-dpop-key';
const PREFERENCE = 'auth-modes-dpop';
const ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

let key: Promise<BrowserKey> | null = null;

/** This browser's key, made on first use; tabs starting at once agree on one through a lock. */
export function browserKey(): Promise<BrowserKey> {
  key ??= withTabLock(KEY_LOCK, {}, loadOrCreateKey).catch((error: unknown) => {
    key = null;
    throw error;
  });
  return key;
}

/** Whether this browser can hold a key that cannot be exported: WebCrypto with ES256, and IndexedDB. */
export async function dpopSupported(): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || !globalThis.crypto?.subtle) return false;
  try {
    await browserKey();
    return true;
  } catch {
    return false;
  }
}

/** The settings page's "bind my tokens to this browser": on unless turned off, and only where supported. */
export async function bindingEnabled(): Promise<boolean> {
  return readBindingPreference() && (await dpopSupported());
}

export function readBindingPreference(): boolean {
  try {
    return localStorage.getItem(PREFERENCE) !== 'off';
  } catch {
    return true;
  }
}

export function writeBindingPreference(on: boolean): void {
  localStorage.setItem(PREFERENCE, on ? 'on' : 'off');
}

async function loadOrCreateKey(): Promise<BrowserKey> {
  const db = await openDatabase();
  try {
    const stored: unknown = await request(db.transaction(STORE).objectStore(STORE).get(KEY_ID));
    if (isKeyPair(stored)) return describeKey(stored);
    const pair = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
    await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(pair, KEY_ID));
    return describeKey(pair);
  } finally {
    db.close();
  }
}

function openDatabase(): Promise<IDBDatabase> {
  const opening = indexedDB.open(DB_NAME, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return request(opening);
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function isKeyPair(value: unknown): value is CryptoKeyPair {
  return typeof value === 'object' && value !== null && 'privateKey' in value && value.privateKey instanceof CryptoKey && 'publicKey' in value && value.publicKey instanceof CryptoKey;
}

/** The public half as a JWK with only its required members, and its RFC 7638 thumbprint. */
export async function describeKey(pair: CryptoKeyPair): Promise<BrowserKey> {
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  if (!kty || !crv || !x || !y) throw new Error('the public key did not export as an EC JWK');
  // RFC 7638: the required members in lexicographic order, no whitespace.
  const jkt = await sha256Base64url(JSON.stringify({ crv, kty, x, y }));
  return { privateKey: pair.privateKey, publicJwk: { kty, crv, x, y }, jkt };
}

/** What WebCrypto answers when asked to export the private key: the refusal is the point. */
export async function privateKeyExportRefusal(privateKey: CryptoKey): Promise<string> {
  try {
    await crypto.subtle.exportKey('jwk', privateKey);
    return 'exported: this browser did not honour extractable: false';
  } catch (error) {
    return `refused (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`;
  }
}
