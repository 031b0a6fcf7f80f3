import { z } from 'zod';
import { authModeSchema } from './auth';

// The lab's request shape (its answers' shapes are lib/contracts/lab.ts), shared by its route
// handler (app/api/lab/logins) and the page that runs the experiments (lib/client/lab).

/** At most three logins per throwaway account, and one session among them (one lab cookie). */
export const labLoginsRequestSchema = z.strictObject({
  modes: z
    .array(authModeSchema)
    .min(1)
    .max(3)
    .refine((modes) => modes.filter((mode) => mode === 'session').length <= 1, 'At most one session login per lab account'),
});
export type LabLoginsRequest = z.infer<typeof labLoginsRequestSchema>;
