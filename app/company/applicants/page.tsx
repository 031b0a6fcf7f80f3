import type { Metadata } from 'next';
import { ApplicantsPage } from '@/components/jobs/applicants-page';

export const metadata: Metadata = { title: 'Applicants' };

export default function Applicants() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <ApplicantsPage />
    </main>
  );
}
