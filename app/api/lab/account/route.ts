import { labSessionCookieName, labSessionCookieOptions } from '@/lib/auth/cookies';
import { apiRoute } from '@/lib/http/route';
import { deleteLabAccount, requireLabAccount } from '@/lib/lab/accounts';
import { authenticateLab } from '@/lib/lab/logins';
import { NextResponse } from 'next/server';

/** Ends an experiment: the lab account and all its logins go now rather than at the sweep. */
export const DELETE = apiRoute(async (request) => {
  const account = await requireLabAccount(await authenticateLab(request));
  await deleteLabAccount(account.id);
  const response = new NextResponse(null, { status: 204 });
  response.cookies.set(labSessionCookieName(), '', { ...labSessionCookieOptions(new Date(0)), maxAge: 0 });
  return response;
});

export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH } from '@/lib/http/route';
