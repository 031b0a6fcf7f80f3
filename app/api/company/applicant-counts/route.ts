import { NextResponse } from 'next/server';
import { authenticate } from '@/lib/http/authenticate';
import { apiRoute } from '@/lib/http/route';
import { applicantCounts } from '@/lib/services/jobs';

export const GET = apiRoute(async (request) => {
  const principal = await authenticate(request);
  return NextResponse.json({ postings: await applicantCounts(principal) });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
