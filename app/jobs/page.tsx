import type { Metadata } from 'next';
import { JobsPage } from '@/components/jobs/jobs-page';

export const metadata: Metadata = { title: 'Jobs' };

export default function Jobs() {
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <JobsPage />
    </main>
  );
}
