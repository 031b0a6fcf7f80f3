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
