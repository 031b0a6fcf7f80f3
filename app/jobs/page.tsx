import type { Metadata } from 'next';
import { JobsPage } from '@/components/jobs/jobs-page';
import { widePage } from '@/components/wide-page';

export const metadata: Metadata = { title: 'Jobs' };
export default widePage(JobsPage);
