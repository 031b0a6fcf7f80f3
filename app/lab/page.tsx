import type { Metadata } from 'next';
import { LabPage } from '@/components/lab/lab-page';

export const metadata: Metadata = { title: 'Lab' };

export default function Lab() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <LabPage />
    </main>
  );
}
