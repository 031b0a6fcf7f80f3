import 'server-only';
import type { User } from '@/lib/contracts/users';
import { roleSchema } from '@/lib/validation/auth';

/** The only user fields that ever leave the server (never the password hash). */
export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  companyName: true,
  createdAt: true,
} as const;

/** A user row as publicUserSelect reads it: the database keeps the role as a plain string. */
export type PublicUserRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  companyName: string | null;
  createdAt: Date;
};

/** What leaves the server is the contract's User (lib/contracts/users.ts), the role checked. */
export type PublicUser = User;

export function toPublicUser(user: PublicUserRow): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: roleSchema.parse(user.role),
    companyName: user.companyName,
    createdAt: user.createdAt,
  };
}
