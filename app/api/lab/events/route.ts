import { apiRoute } from '@/lib/http/route';
import { labAuditEvents, requireLabAccount } from '@/lib/lab/accounts';
import { authenticateLab } from '@/lib/http/lab';
import { labEvents } from '@/lib/contracts/lab';
import { respond } from '@/lib/http/respond';

/** The audit trail of the caller's lab account, oldest first. */
export const GET = apiRoute(async (request) => {
  const account = await requireLabAccount(await authenticateLab(request));
  return respond(labEvents, { events: await labAuditEvents(account.id) });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
