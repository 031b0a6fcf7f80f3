import type { Metadata } from 'next';
import { ApplicantsPage } from '@/components/jobs/applicants-page';
import { widePage } from '@/components/wide-page';

export const metadata: Metadata = { title: 'Applicants' };
export default widePage(ApplicantsPage);
