import 'client-only';

/** What the server refused (or the network lost), in the words a page can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The wrapper already sent the browser to the login page (or the caller asked to decide itself). */
export class LoggedOutError extends Error {
  constructor(readonly reason: 'anonymous' | 'expired') {
    super(reason === 'expired' ? 'Your login has expired.' : 'You are not logged in.');
    this.name = 'LoggedOutError';
  }
}

/** The code of a 401 that asks for the password again (RFC 9470) rather than a new login. */
export const STEP_UP_CODE = 'insufficient_user_authentication';

export const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';

/** The message a page shows for a failed call; nothing when the browser is already leaving for the login page. */
export function errorMessage(error: unknown): string | null {
  if (error instanceof LoggedOutError) return null;
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again.';
}
