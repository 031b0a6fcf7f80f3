import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/http/route';
import { labAuditEvents, requireLabAccount } from '@/lib/lab/accounts';
import { authenticateLab } from '@/lib/http/lab';
import type { LabEvents } from '@/lib/validation/lab';

/** The audit trail of the caller's lab account, oldest first. */
export const GET = apiRoute(async (request) => {
  const account = await requireLabAccount(await authenticateLab(request));
  const body: LabEvents = { events: await labAuditEvents(account.id) };
  return NextResponse.json(body);
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
