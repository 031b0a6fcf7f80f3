import { authenticate } from '@/lib/http/authenticate';
import { apiRoute } from '@/lib/http/route';
import { applicantCounts } from '@/lib/services/jobs';
import { applicantCountsResponse } from '@/lib/contracts/jobs';
import { respond } from '@/lib/http/respond';

export const GET = apiRoute(async (request) => {
  const principal = await authenticate(request);
  return respond(applicantCountsResponse, { postings: await applicantCounts(principal) });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
