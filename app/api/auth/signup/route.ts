import { NextResponse } from 'next/server';
import { clientInfo } from '@/lib/http/client-info';
import { readJsonBody } from '@/lib/http/body';
import { apiRoute } from '@/lib/http/route';
import { signUp } from '@/lib/services/accounts';
import { signupSchema } from '@/lib/validation/auth';

export const POST = apiRoute(async (request) => {
  const input = await readJsonBody(request, signupSchema);
  const user = await signUp(input, clientInfo(request));
  return NextResponse.json({ user }, { status: 201 });
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
