import 'server-only';
import { loginSchema, rememberQuerySchema, type LoginInput } from '@/lib/validation/auth';
import { parseBasicAuth } from './basic-auth';
import { readJsonBody, validate } from './body';
import { badRequest } from './errors';

/**
 * Credentials from `Authorization: Basic` (non-browser clients) or from a JSON body. A Basic login
 * has no body, so its "keep me logged in" is the query parameter `remember=true|false`.
 */
export async function readLoginCredentials(request: Request): Promise<LoginInput> {
  const authorization = request.headers.get('authorization');
  if (authorization === null) return readJsonBody(request, loginSchema);
  const { username, password } = parseBasicAuth(authorization);
  const remember = rememberQuerySchema.safeParse(new URL(request.url).searchParams.get('remember') ?? undefined);
  if (!remember.success) throw badRequest('The remember parameter must be "true" or "false".');
  return validate(loginSchema, { email: username, password, remember: remember.data });
}
