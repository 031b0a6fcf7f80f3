import type { Metadata } from 'next';
import { AccountPage } from '@/components/account/account-page';

export const metadata: Metadata = { title: 'My account' };

export default function MePage() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <AccountPage />
    </main>
  );
}
