import { clientInfo } from '@/lib/http/client-info';
import { authenticate } from '@/lib/http/authenticate';
import { readJsonBody } from '@/lib/http/body';
import { apiRoute, noContent } from '@/lib/http/route';
import { changePassword } from '@/lib/services/accounts';
import { changePasswordSchema } from '@/lib/validation/auth';

export const POST = apiRoute(async (request) => {
  const principal = await authenticate(request);
  const input = await readJsonBody(request, changePasswordSchema);
  await changePassword(principal, input, clientInfo(request));
  return noContent();
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
