// Plain JavaScript so that server.mjs (run by node, unbundled) and the TypeScript app share it.

/** Set by server.mjs from the socket (see TRUSTED_PROXY_HOPS); server.mjs overwrites any copy a client sends. */
export const CLIENT_IP_HEADER = 'x-auth-modes-client-ip';
