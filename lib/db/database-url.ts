import path from 'node:path';

/**
 * The database the app, the CLI and the scripts talk to. Shared with prisma.config.ts, which
 * runs outside Next, so it reads process.env directly instead of going through lib/env.ts.
 * Unset means the embedded SQLite file under the git-ignored data folder.
 */
export function databaseUrl(): string {
  const configured = process.env.DATABASE_URL?.trim();
  if (configured) return configured;
  return `file:${path.join(process.cwd(), 'data', 'app.db')}`;
}

/** The file path of a `file:` URL, or null for any other kind of URL. */
export function sqliteFilePath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const filePath = url.slice('file:'.length);
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), filePath);
}

export type DatabaseProvider = 'sqlite' | 'postgresql';

export const SUPPORTED_DATABASE_URLS = 'file:<path> (SQLite) or postgres://, postgresql:// (PostgreSQL)';

/**
 * Which provider a URL selects: the scheme alone decides, so switching databases is one variable.
 * Anything else is refused rather than guessed at.
 */
export function databaseProvider(url: string): DatabaseProvider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgresql';
  throw new Error(`DATABASE_URL: unsupported scheme in "${redactPassword(url)}"; use ${SUPPORTED_DATABASE_URLS}`);
}

/** The URL with any password replaced, for messages and logs. */
export function redactPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
