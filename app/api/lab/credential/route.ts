import { labCredential } from '@/lib/contracts/lab';
import { authenticateLab, presentedLabCredential } from '@/lib/http/lab';
import { respond } from '@/lib/http/respond';
import { apiRoute } from '@/lib/http/route';
import { requireLabAccount } from '@/lib/lab/accounts';
import { describeLabCredential } from '@/lib/lab/credential';

export const GET = apiRoute(async (request) => {
  const principal = await authenticateLab(request);
  await requireLabAccount(principal);
  return respond(labCredential, await describeLabCredential(principal, presentedLabCredential(request)));
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
