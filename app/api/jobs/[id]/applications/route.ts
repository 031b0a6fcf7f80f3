import { authenticate } from '@/lib/http/authenticate';
import { validateParam, type IdParams } from '@/lib/http/params';
import { apiRoute } from '@/lib/http/route';
import { applyToPosting } from '@/lib/services/jobs';
import { applicationResponse } from '@/lib/contracts/jobs';
import { respond } from '@/lib/http/respond';

export const POST = apiRoute<IdParams>(async (request, { params }) => {
  const principal = await authenticate(request);
  const application = await applyToPosting(principal, validateParam((await params).id));
  return respond(applicationResponse, { application }, { status: 201 });
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
