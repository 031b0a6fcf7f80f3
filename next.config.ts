import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and WASM-backed packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ['@libsql/client', '@prisma/adapter-libsql', 'bcrypt'],
  poweredByHeader: false,
};

export default nextConfig;
