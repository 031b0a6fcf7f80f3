import { z } from 'zod';
import { isoDate } from './dates';

const postingFields = {
  id: z.string(),
  title: z.string(),
  description: z.string(),
  location: z.string(),
  createdAt: isoDate,
  company: z.object({ id: z.string(), name: z.string() }),
};

/** One posting as GET /api/jobs lists it; `applied`: whether the calling seeker applied. */
export const posting = z.object({ ...postingFields, applied: z.boolean() });
export type Posting = z.output<typeof posting>;

/** GET /api/jobs, newest first. */
export const postingsResponse = z.object({ postings: z.array(posting) });

/** POST /api/jobs (201). */
export const createdPostingResponse = z.object({ posting });

/** POST /api/jobs/{id}/applications (201). */
export const applicationResponse = z.object({ application: z.object({ id: z.string(), postingId: z.string(), createdAt: isoDate }) });

export const postingCount = z.object({ id: z.string(), title: z.string(), createdAt: isoDate, applicantCount: z.number().int() });
export type PostingCount = z.output<typeof postingCount>;

/** GET /api/company/applicant-counts: the caller's own postings. */
export const applicantCountsResponse = z.object({ postings: z.array(postingCount) });
