import 'server-only';

/** The only user fields that ever leave the server (never the password hash). */
export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  companyName: true,
  createdAt: true,
} as const;

export type PublicUser = {
  id: string;
  email: string;
  name: string;
  role: string;
  companyName: string | null;
  createdAt: Date;
};

export function toPublicUser(user: PublicUser): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    companyName: user.companyName,
    createdAt: user.createdAt,
  };
}
