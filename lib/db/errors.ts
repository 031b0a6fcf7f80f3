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
