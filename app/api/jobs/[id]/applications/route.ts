import { NextResponse } from 'next/server';
import { authenticate } from '@/lib/http/authenticate';
import { validateParam, type IdParams } from '@/lib/http/params';
import { apiRoute } from '@/lib/http/route';
import { applyToPosting } from '@/lib/services/jobs';

export const POST = apiRoute<IdParams>(async (request, { params }) => {
  const principal = await authenticate(request);
  const application = await applyToPosting(principal, validateParam((await params).id));
  return NextResponse.json({ application }, { status: 201 });
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
