import { z } from 'zod';

/**
 * A point in time on the wire. The server holds `Date` objects and JSON carries ISO 8601 strings;
 * a codec (rather than strings on both sides) keeps that conversion in one place: the server
 * shapes its answer with `z.encode(schema, value)` from the Dates it already has, and the client's
 * `schema.parse(json)` (decode) hands the pages Dates, so no page parses a date string itself and
 * a field that stops being a valid timestamp fails at the boundary, not in a formatter.
 */
export const isoDate = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (iso) => new Date(iso),
  encode: (date) => date.toISOString(),
});
