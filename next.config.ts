import type { NextConfig } from 'next';

const production = process.env.NODE_ENV === 'production';

// Headers for every response; pages get their Content-Security-Policy (with a nonce) from proxy.ts.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
];

const nextConfig: NextConfig = {
  // Native and WASM-backed packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ['@libsql/client', '@prisma/adapter-libsql', 'bcrypt'],
  poweredByHeader: false,
  // server.mjs compresses pages and assets, never API answers (why: there).
  compress: false,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // JSON only: nothing in an API response may run or be framed.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
