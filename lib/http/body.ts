import 'server-only';
import type { z } from 'zod';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { HttpError, badRequest } from './errors';

export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a JSON body and validates it: 415 for another content type, 413 past the size limit
 * (counted while streaming, so a lying Content-Length cannot get more through), 400 for JSON that
 * does not parse, 422 with field errors for JSON of the wrong shape.
 */
export async function readJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const text = await readLimitedText(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.', 'invalid_json');
  }
  return validate(schema, value);
}

/** Validates any untrusted value (a body, a query, a path segment) against a schema. */
export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(422, 'validation_failed', 'Some fields are not valid.', { fields: fieldErrorsOf(result.error) });
}

async function readLimitedText(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest('The body is not valid UTF-8.', 'invalid_json');
  }
}

const tooLarge = () => new HttpError(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
