import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The layers of docs/architecture.md: an import against an arrow fails the lint. Each path is
// refused through the @/ alias and relatively.
const layer = (names) => names.flatMap((name) => [`@/lib/${name}`, `@/lib/${name}/**`, `**/lib/${name}`, `**/lib/${name}/**`]);
const HTTP = ['http', 'http-*'];
const SERVER_MODULES = ['auth', 'auth-*', 'db', 'db-*', 'http', 'http-*', 'services', 'services-*', 'lab', 'bench', 'env', 'env-*', 'clock', 'dev-secrets', 'domain-errors', 'crypto'];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['lib/auth/**', 'lib/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'next/server', message: 'The auth core and storage do not speak HTTP: lib/http maps their results and errors (docs/architecture.md).' },
            { name: 'next/headers', message: 'The auth core and storage do not speak HTTP: lib/http reads requests (docs/architecture.md).' },
          ],
          patterns: [
            { group: [...layer(HTTP), '../http', '../http/**'], message: 'lib/auth and lib/db sit below lib/http and may not import it (docs/architecture.md).' },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/services/**', 'lib/lab/**', 'lib/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...layer(HTTP), '../http', '../http/**'], message: 'What a request does throws lib/domain-errors.ts; lib/http alone maps errors to statuses (docs/architecture.md).' },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/client/**', 'components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['server-only', 'next/server', 'next/headers'].map((name) => ({
            name,
            message: 'Browser code imports no server module; put what both sides need in lib/contracts, lib/validation or lib/cookies (docs/architecture.md).',
          })),
          patterns: [
            {
              group: layer(SERVER_MODULES),
              message: 'Browser code imports no server module; put what both sides need in lib/contracts, lib/validation or lib/cookies (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  globalIgnores(['.next/**', 'lib/generated/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts']),
]);
