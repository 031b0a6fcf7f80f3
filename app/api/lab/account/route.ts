import { NextResponse } from 'next/server';
import { authenticateLab, clearLabSessionCookie } from '@/lib/http/lab';
import { apiRoute } from '@/lib/http/route';
import { deleteLabAccount, requireLabAccount } from '@/lib/lab/accounts';

/** Ends an experiment: the lab account and all its logins go now rather than at the sweep. */
export const DELETE = apiRoute(async (request) => {
  const account = await requireLabAccount(await authenticateLab(request));
  await deleteLabAccount(account.id);
  const response = new NextResponse(null, { status: 204 });
  clearLabSessionCookie(response);
  return response;
});

export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH } from '@/lib/http/route';
