import 'server-only';
import { db } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';
import { requireRole, type Principal } from '@/lib/auth/principal';
import { Conflict, NotFound } from '@/lib/domain-errors';
import type { CreatePostingInput } from '@/lib/validation/jobs';

const LIST_LIMIT = 200;

const postingSelect = {
  id: true,
  title: true,
  description: true,
  location: true,
  createdAt: true,
  company: { select: { id: true, companyName: true } },
} as const;

type PostingRow = {
  id: string;
  title: string;
  description: string;
  location: string;
  createdAt: Date;
  company: { id: string; companyName: string | null };
};

const toPosting = (row: PostingRow, applied: boolean) => ({
  id: row.id,
  title: row.title,
  description: row.description,
  location: row.location,
  createdAt: row.createdAt,
  company: { id: row.company.id, name: row.company.companyName ?? '' },
  applied,
});

export type Posting = ReturnType<typeof toPosting>;

/** Newest postings first; for a job seeker each says whether they already applied. */
export async function listPostings(principal: Principal): Promise<Posting[]> {
  const rows = await db().jobPosting.findMany({
    select: {
      ...postingSelect,
      applications: principal.role === 'seeker' ? { where: { seekerId: principal.userId }, select: { id: true } } : false,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: LIST_LIMIT,
  });
  return rows.map((row) => toPosting(row, (row.applications?.length ?? 0) > 0));
}

export async function createPosting(principal: Principal, input: CreatePostingInput): Promise<Posting> {
  requireRole(principal, 'company');
  const row = await db().jobPosting.create({ data: { ...input, companyId: principal.userId }, select: postingSelect });
  return toPosting(row, false);
}

/** One application per seeker per posting; the unique index decides under concurrency. */
export async function applyToPosting(principal: Principal, postingId: string) {
  requireRole(principal, 'seeker');
  const posting = await db().jobPosting.findUnique({ where: { id: postingId }, select: { id: true } });
  if (!posting) throw new NotFound('No such posting.');
  try {
    return await db().application.create({
      data: { postingId, seekerId: principal.userId },
      select: { id: true, postingId: true, createdAt: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict('already_applied', 'You already applied to this posting.');
    throw error;
  }
}

/** A company's own postings with their applicant counts; never another company's. */
export async function applicantCounts(principal: Principal) {
  requireRole(principal, 'company');
  const rows = await db().jobPosting.findMany({
    where: { companyId: principal.userId },
    select: { id: true, title: true, createdAt: true, _count: { select: { applications: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map((row) => ({ id: row.id, title: row.title, createdAt: row.createdAt, applicantCount: row._count.applications }));
}
