import { z } from 'zod';

export const createPostingSchema = z.strictObject({
  title: z.string().trim().min(3, 'Use at least 3 characters').max(120, 'Use at most 120 characters'),
  description: z.string().trim().min(10, 'Use at least 10 characters').max(4000, 'Use at most 4000 characters'),
  location: z.string().trim().min(2, 'Enter a location').max(120, 'Use at most 120 characters'),
});
export type CreatePostingInput = z.infer<typeof createPostingSchema>;

/** Ids are cuids or the seed's readable ids; anything else cannot exist, so it is a 404 early. */
export const idSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);
