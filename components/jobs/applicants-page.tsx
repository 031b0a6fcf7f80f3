'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/api-error';
import { applicantCountsResponse, type PostingCount } from '@/lib/contracts/jobs';
import { SignedIn } from '../signed-in';
import { Button, formatTime, Notice, PageTitle, TableHead } from '../ui';

export function ApplicantsPage() {
  return (
    <SignedIn>
      {(me) =>
        me.user.role === 'company' ? (
          <>
            <PageTitle lead={`Postings of ${me.user.companyName ?? me.user.name} and how many people applied.`}>Applicants</PageTitle>
            <ApplicantCounts />
          </>
        ) : (
          <>
            <PageTitle>Companies only</PageTitle>
            <Notice tone="info">
              Applicant counts are for companies. You are logged in as a job seeker.{' '}
              <Link href="/jobs" className="font-medium underline">
                Browse job postings
              </Link>
            </Notice>
          </>
        )
      }
    </SignedIn>
  );
}

function ApplicantCounts() {
  const [postings, setPostings] = useState<PostingCount[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api('/api/company/applicant-counts', applicantCountsResponse).then(
        (body) => body.postings,
        (error: unknown) => {
          setProblem(errorMessage(error));
          return null;
        },
      ),
    [],
  );

  useEffect(() => {
    let current = true;
    void load().then((list) => current && list && setPostings(list));
    return () => {
      current = false;
    };
  }, [load]);

  async function refresh() {
    setProblem(null);
    const list = await load();
    if (list) setPostings(list);
  }

  return (
    <div className="space-y-4">
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      {postings === null ? (
        <p className="text-slate-500">Loading…</p>
      ) : postings.length === 0 ? (
        <p className="text-slate-600">
          No postings yet. <Link href="/jobs" className="font-medium text-indigo-700 underline">Publish one</Link>.
        </p>
      ) : (
        <CountsTable postings={postings} />
      )}
      <Button variant="secondary" onClick={refresh}>
        Refresh counts
      </Button>
    </div>
  );
}

function CountsTable({ postings }: { postings: PostingCount[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <TableHead className="bg-slate-100 text-slate-700" cellClassName="px-4 py-3 font-medium" columns={['Posting', 'Posted', { title: 'Applicants', className: 'text-right' }]} />
        <tbody className="divide-y divide-slate-200">
          {postings.map((posting) => (
            <tr key={posting.id}>
              <th scope="row" className="px-4 py-3 font-medium">{posting.title}</th>
              <td className="px-4 py-3">{formatTime(posting.createdAt)}</td>
              <td className="px-4 py-3 text-right tabular-nums">{posting.applicantCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
