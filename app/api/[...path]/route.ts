import { notFound } from '@/lib/http/errors';
import { apiRoute } from '@/lib/http/route';

// Any /api path no route matches: the API's JSON error shape, not the HTML 404 page a browser gets.
const unknownEndpoint = apiRoute(async () => {
  throw notFound('There is no API endpoint at this path.');
});

export { unknownEndpoint as GET, unknownEndpoint as POST, unknownEndpoint as PUT, unknownEndpoint as PATCH, unknownEndpoint as DELETE };
