import { z } from 'zod';
import { isoDate } from './dates';

export const role = z.enum(['seeker', 'company']);

/** The only user fields that ever leave the server. */
export const user = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  companyName: z.string().nullable(),
  createdAt: isoDate,
});
export type User = z.output<typeof user>;

/** POST /api/auth/signup (201) and PATCH /api/me. */
export const userResponse = z.object({ user });
export type UserResponse = z.output<typeof userResponse>;
