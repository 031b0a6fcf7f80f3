import type { Metadata } from 'next';
import { AccountPage } from '@/components/account/account-page';
import { widePage } from '@/components/wide-page';

export const metadata: Metadata = { title: 'My account' };
export default widePage(AccountPage);
