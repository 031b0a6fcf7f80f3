import { z } from 'zod';
import { errorBody } from './errors';
import { applicantCountsResponse, applicationResponse, createdPostingResponse, postingsResponse } from './jobs';
import { labClock, labCredential, labEvents, labLoginsResponse, labWhoAmI } from './lab';
import { meResponse, revokedResponse, sessionsResponse } from './me';
import { healthResponse, jwksResponse, readyResponse, testClockResponse } from './service';
import { reauthentication, sessionLoginResponse, tokenResponse } from './tokens';
import { userResponse } from './users';

/** An answer with no body (204). */
export const noBody = z.undefined();

/**
 * Every endpoint docs/api.md documents, with the body of each success status. Errors are all
 * `errorBody`. tests/api/contracts.spec.ts checks this table against the docs and the real server.
 */
export const endpoints = {
  'POST /api/auth/signup': { 201: userResponse },
  'POST /api/auth/session/login': { 200: sessionLoginResponse },
  'POST /api/auth/session/logout': { 204: noBody },
  'POST /api/auth/jwt/login': { 200: tokenResponse },
  'POST /api/auth/jwt/refresh': { 200: tokenResponse },
  'POST /api/auth/jwt/logout': { 204: noBody },
  'GET /.well-known/jwks.json': { 200: jwksResponse },
  'POST /api/auth/reauthenticate': { 200: reauthentication },
  'GET /api/me': { 200: meResponse },
  'PATCH /api/me': { 200: userResponse },
  'POST /api/me/password': { 204: noBody },
  'GET /api/me/sessions': { 200: sessionsResponse },
  'DELETE /api/me/sessions/{id}': { 204: noBody },
  'DELETE /api/me/sessions': { 200: revokedResponse },
  'GET /api/jobs': { 200: postingsResponse },
  'POST /api/jobs': { 201: createdPostingResponse },
  'POST /api/jobs/{id}/applications': { 201: applicationResponse },
  'GET /api/company/applicant-counts': { 200: applicantCountsResponse },
  'GET /api/health': { 200: healthResponse },
  'GET /api/health/ready': { 200: readyResponse },
  'GET /api/test/clock': { 200: testClockResponse },
  'POST /api/lab/logins': { 201: labLoginsResponse },
  'GET /api/lab/me': { 200: labWhoAmI },
  'GET /api/lab/credential': { 200: labCredential },
  'GET /api/lab/events': { 200: labEvents },
  'DELETE /api/lab/account': { 204: noBody },
  'GET /api/lab/clock': { 200: labClock },
} as const satisfies Record<string, Record<number, z.ZodType>>;

export type Endpoint = keyof typeof endpoints;

export { errorBody };
