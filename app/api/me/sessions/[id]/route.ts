import { clientInfo } from '@/lib/http/client-info';
import { revokeLogin } from '@/lib/auth/active-logins';
import { authenticate } from '@/lib/http/authenticate';
import { requireRecentAuthentication } from '@/lib/auth/step-up';
import { validateParam, type IdParams } from '@/lib/http/params';
import { apiRoute, noContent } from '@/lib/http/route';

export const DELETE = apiRoute<IdParams>(async (request, { params }) => {
  const principal = await authenticate(request);
  const id = validateParam((await params).id);
  // Ending one's own login is a logout, which never needs a fresh password; any other is sensitive.
  if (id !== principal.loginId) requireRecentAuthentication(principal);
  await revokeLogin(principal, id, clientInfo(request));
  return noContent();
});

export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH } from '@/lib/http/route';
