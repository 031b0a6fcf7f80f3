/**
 * Prisma's "unique constraint failed" (P2002). Checked by code rather than by class because each
 * provider has its own generated client with its own error classes.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}

/** Prisma's "record to update or delete does not exist" (P2025). */
export function isRecordNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2025';
}

/**
 * For conditional single-row updates (`update` with extra filters in `where`): "no row matched"
 * is an expected answer, not an error. Preferred over updateMany, which Prisma runs as a
 * transaction (a select, then an update) and which therefore costs a new SQLite connection.
 */
export async function updatedOrNull<T>(update: Promise<T>): Promise<T | null> {
  try {
    return await update;
  } catch (error) {
    if (isRecordNotFound(error)) return null;
    throw error;
  }
}
