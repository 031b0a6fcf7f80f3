import { HomeActions } from '@/components/home-actions';
import { MeasuredComparison } from '@/components/lab/measured-comparison';

const comparison = [
  {
    question: 'Where the credential lives',
    session: 'An HttpOnly cookie holding a sealed, random session token',
    jwt: 'Access token in page memory; refresh token in an HttpOnly cookie',
  },
  {
    question: 'What the browser sends',
    session: 'The cookie, automatically, on every request',
    jwt: 'Authorization: Bearer <access token>, added by the fetch wrapper',
  },
  {
    question: 'Database work per request',
    session: 'One indexed lookup of the session row',
    jwt: 'None: the signature is checked with a public key',
  },
  {
    question: 'Can page scripts read it?',
    session: 'No',
    jwt: 'The access token, yes (memory only); the refresh token, no',
  },
  {
    question: 'Revocation',
    session: 'Immediate: delete the row',
    jwt: 'Refresh family at once; an issued access token until it expires',
  },
  {
    question: 'Several servers',
    session: 'Every server needs the shared session store',
    jwt: 'Any server with the public key verifies access tokens',
  },
];

export default function HomePage() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-12">
      <h1 className="text-3xl font-semibold tracking-tight">Sessions and JWTs, side by side</h1>
      <p className="mt-3 max-w-3xl text-slate-600">
        One job board, two ways of keeping you logged in. Switch between a database session and a
        pair of JSON Web Tokens in the settings, and see what each one costs on every request.
      </p>
      <HomeActions />

      <section aria-labelledby="comparison-heading" className="mt-12">
        <h2 id="comparison-heading" className="text-xl font-semibold">
          How the two modes compare
        </h2>
        <MeasuredComparison rows={comparison} />
      </section>
    </main>
  );
}
