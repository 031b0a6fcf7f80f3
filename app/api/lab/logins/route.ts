import { cleanUpAfterResponse } from '@/lib/http/after-response';
import { clientInfo } from '@/lib/http/client-info';
import { readJsonBody } from '@/lib/http/body';
import { apiRoute } from '@/lib/http/route';
import { createLabAccount } from '@/lib/lab/accounts';
import { setLabSessionCookie } from '@/lib/http/lab';
import { startLabLogins } from '@/lib/lab/logins';
import { labLoginsResponse, type LabLoginsResponse } from '@/lib/contracts/lab';
import { labLoginsRequestSchema } from '@/lib/validation/lab';
import { respond } from '@/lib/http/respond';

/** A throwaway account logged in once per requested mode (see docs/decisions/0009-lab.md). */
export const POST = apiRoute(async (request) => {
  const { modes } = await readJsonBody(request, labLoginsRequestSchema);
  const client = clientInfo(request);
  cleanUpAfterResponse();
  const account = await createLabAccount(client);
  const { logins, sessionCookie } = await startLabLogins(account, modes, client);
  const body: LabLoginsResponse = { account: { id: account.id, email: account.email, expiresAt: account.expiresAt }, logins };
  const response = respond(labLoginsResponse, body, { status: 201 });
  if (sessionCookie) setLabSessionCookie(response, sessionCookie);
  return response;
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
