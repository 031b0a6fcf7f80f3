import type { Metadata } from 'next';
import { LabPage } from '@/components/lab/lab-page';
import { widePage } from '@/components/wide-page';

export const metadata: Metadata = { title: 'Lab' };
export default widePage(LabPage);
