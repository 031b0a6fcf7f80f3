import { z } from 'zod';

// Shared by the route handlers and the forms, so both enforce the same rules.

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_BYTES = 72;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .pipe(z.email('Enter a valid email address'));

/**
 * Throwaway accounts of the lab (lib/lab/accounts.ts) live under this reserved domain (.invalid
 * never resolves, RFC 2606); signup refuses it, so the clean-up that deletes lab accounts can
 * never take a real one with them.
 */
export const LAB_EMAIL_DOMAIN = 'lab.auth-modes.invalid';
export const isLabEmail = (email: string) => email.toLowerCase().endsWith(`@${LAB_EMAIL_DOMAIN}`);

const utf8Bytes = (value: string) => new TextEncoder().encode(value).length;

/** A new password: bcrypt must see all of it, so no NUL and at most 72 bytes (never truncated). */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .refine((value) => utf8Bytes(value) <= MAX_PASSWORD_BYTES, `Use at most ${MAX_PASSWORD_BYTES} bytes (fewer for emoji and accented letters)`)
  .refine((value) => !value.includes('\0'), 'The password cannot contain a NUL character');

export const displayNameSchema = z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters');

export const roleSchema = z.enum(['seeker', 'company']);
export type Role = z.infer<typeof roleSchema>;

export const signupSchema = z
  .strictObject({
    email: emailSchema.refine((email) => !isLabEmail(email), 'This domain is reserved'),
    password: newPasswordSchema,
    name: displayNameSchema,
    role: roleSchema,
    companyName: z.string().trim().min(1, 'Enter the company name').max(100, 'Use at most 100 characters').optional(),
  })
  .refine((value) => value.role !== 'company' || value.companyName !== undefined, {
    path: ['companyName'],
    message: 'Companies need a company name',
  })
  .transform((value) => ({ ...value, companyName: value.role === 'company' ? value.companyName! : null }));
export type SignupInput = z.infer<typeof signupSchema>;

/** Login input is only checked for shape; whether it is right is the password check's business. */
export const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email').max(254, 'Email is too long'),
  password: z.string().min(1, 'Enter your password').max(1024, 'Password is too long'),
  /** "Keep me logged in": false makes a browser-session cookie and a login of SESSION_TRANSIENT_TTL. */
  remember: z.boolean().default(true),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** Basic-auth logins have no body: `?remember=false` says what the JSON field would. */
export const rememberQuerySchema = z.enum(['true', 'false']).transform((value) => value === 'true').optional();

/** Step-up: the password again, for the login making the request (POST /api/auth/reauthenticate). */
export const reauthenticateSchema = z.strictObject({
  password: z.string().min(1, 'Enter your password').max(1024, 'Password is too long'),
});

export const updateProfileSchema = z.strictObject({ name: displayNameSchema });

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, 'Enter your current password').max(1024),
  newPassword: newPasswordSchema,
});

export const authModeSchema = z.enum(['session', 'jwt']);
export type AuthMode = z.infer<typeof authModeSchema>;
