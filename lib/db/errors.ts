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

// Prisma's codes for "cannot reach / lost / timed out talking to the database server", and the
// driver adapter's kinds for the same (adapter-pg maps ECONNREFUSED, ECONNRESET, ETIMEDOUT).
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// What pg throws unmapped (adapter-pg passes errors it does not recognise on as they are).
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|Connection ended|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|Can't reach database server|server closed the connection unexpectedly|the database system is (starting up|shutting down)|terminating connection due to administrator command/i;

/**
 * Whether an error means the database cannot be reached right now (a network partition, a restart
 * of the server, an exhausted pool), as opposed to a bug or a bad query: the request may succeed
 * later, on this instance or another. Follows `cause` chains, since Prisma wraps driver errors.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth += 1) {
    const { code, kind, message, cause } = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_MESSAGES.test(code))) return true;
    if (typeof kind === 'string' && UNAVAILABLE_KINDS.has(kind)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    // 57P01-57P03: the server is shutting down or not accepting connections; 08xxx: connection exceptions.
    const originalCode = (current as { originalCode?: unknown }).originalCode;
    if (typeof originalCode === 'string' && /^(57P0[123]|08)/.test(originalCode)) return true;
    current = cause;
  }
  return false;
}
