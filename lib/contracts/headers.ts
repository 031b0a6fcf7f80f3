/**
 * Response headers the pages read, named once for the server that sets them and the client that
 * reads them.
 */

/** On every answer to a session-mode caller: seconds until the session ends unless it is used again. */
export const SESSION_EXPIRES_IN_HEADER = 'Session-Expires-In';
