import 'server-only';
import { after } from 'next/server';
import { scheduleCleanup } from '@/lib/auth/cleanup';

/** The periodic clean-up of expired credentials (lib/auth/cleanup.ts), run once the response is sent. */
export const cleanUpAfterResponse = (): void => scheduleCleanup(after);
