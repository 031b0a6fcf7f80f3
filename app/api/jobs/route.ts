import { requireRole } from '@/lib/auth/principal';
import { authenticate } from '@/lib/http/authenticate';
import { readJsonBody } from '@/lib/http/body';
import { apiRoute } from '@/lib/http/route';
import { createPosting, listPostings } from '@/lib/services/jobs';
import { createPostingSchema } from '@/lib/validation/jobs';
import { createdPostingResponse, postingsResponse } from '@/lib/contracts/jobs';
import { respond } from '@/lib/http/respond';

export const GET = apiRoute(async (request) => {
  const principal = await authenticate(request);
  return respond(postingsResponse, { postings: await listPostings(principal) });
});

export const POST = apiRoute(async (request) => {
  const principal = await authenticate(request);
  // Who may post comes before what they sent: a seeker learns nothing from a posting's field errors.
  requireRole(principal, 'company');
  const input = await readJsonBody(request, createPostingSchema);
  return respond(createdPostingResponse, { posting: await createPosting(principal, input) }, { status: 201 });
});

export { methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
