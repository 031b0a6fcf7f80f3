/**
 * Every API route and the methods it implements ({id} stands for a path id). The hardening tests
 * walk this list, so a new route left out here is a route nobody attacks: keep it complete.
 */
export const apiEndpoints = [
  { path: '/api/auth/signup', methods: ['POST'] },
  { path: '/api/auth/session/login', methods: ['POST'] },
  { path: '/api/auth/session/logout', methods: ['POST'] },
  { path: '/api/auth/jwt/login', methods: ['POST'] },
  { path: '/api/auth/jwt/refresh', methods: ['POST'] },
  { path: '/api/auth/jwt/logout', methods: ['POST'] },
  { path: '/api/auth/reauthenticate', methods: ['POST'] },
  { path: '/api/me', methods: ['GET', 'PATCH'] },
  { path: '/api/me/password', methods: ['POST'] },
  { path: '/api/me/sessions', methods: ['GET', 'DELETE'] },
  { path: '/api/me/sessions/{id}', methods: ['DELETE'] },
  { path: '/api/jobs', methods: ['GET', 'POST'] },
  { path: '/api/jobs/{id}/applications', methods: ['POST'] },
  { path: '/api/company/applicant-counts', methods: ['GET'] },
  { path: '/api/health', methods: ['GET'] },
  { path: '/api/lab/logins', methods: ['POST'] },
  { path: '/api/lab/me', methods: ['GET'] },
  { path: '/api/lab/credential', methods: ['GET'] },
  { path: '/api/lab/events', methods: ['GET'] },
  { path: '/api/lab/account', methods: ['DELETE'] },
  { path: '/api/lab/clock', methods: ['GET'] },
  { path: '/api/health/ready', methods: ['GET'] },
] as const;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const withId = (path: string, id: string) => path.replace('{id}', id);
