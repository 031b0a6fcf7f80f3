import { z } from 'zod';

/** Every error the API answers: `{"error": {code, message, fields?}}` (`fields` only on 422). */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});
export type ErrorBody = z.output<typeof errorBody>;
