import { clientInfo } from '@/lib/http/client-info';
import { readJsonBody } from '@/lib/http/body';
import { apiRoute } from '@/lib/http/route';
import { signUp } from '@/lib/services/accounts';
import { signupSchema } from '@/lib/validation/auth';
import { userResponse } from '@/lib/contracts/users';
import { respond } from '@/lib/http/respond';

export const POST = apiRoute(async (request) => {
  const input = await readJsonBody(request, signupSchema);
  const user = await signUp(input, clientInfo(request));
  return respond(userResponse, { user }, { status: 201 });
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
