import type { z } from 'zod';

/**
 * Zod issues as `{field: [messages]}`: the `fields` of a 422 response, and what forms show, so a
 * mistake reads the same whether the browser or the server caught it.
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
