'use client';

import { useCallback, useEffect, useState } from 'react';
import { applicationResponse, postingsResponse, type Posting } from '@/lib/contracts/jobs';
import type { User } from '@/lib/contracts/users';
import { api } from '@/lib/client/api';
import { ApiError, errorMessage } from '@/lib/client/api-error';
import { SignedIn } from '../signed-in';
import { Button, formatTime, Notice, PageTitle } from '../ui';
import { PostingForm } from './posting-form';

export function JobsPage() {
  return (
    <SignedIn>
      {(me) => (
        <>
          <PageTitle lead={me.user.role === 'seeker' ? 'Apply with one click; each posting takes one application from you.' : 'Publish a posting; job seekers see it at once.'}>
            Job postings
          </PageTitle>
          <JobBoard user={me.user} />
        </>
      )}
    </SignedIn>
  );
}

function JobBoard({ user }: { user: User }) {
  const [postings, setPostings] = useState<Posting[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [applying, setApplying] = useState<string | null>(null);
  const [justApplied, setJustApplied] = useState<string | null>(null);

  const show = useCallback((error: unknown) => setProblem(errorMessage(error)), []);

  useEffect(() => {
    let current = true;
    api('/api/jobs', postingsResponse).then((body) => current && setPostings(body.postings), show);
    return () => {
      current = false;
    };
  }, [show]);

  const markApplied = (id: string) => setPostings((list) => list?.map((posting) => (posting.id === id ? { ...posting, applied: true } : posting)) ?? null);

  async function apply(posting: Posting) {
    setApplying(posting.id);
    setProblem(null);
    try {
      await api(`/api/jobs/${encodeURIComponent(posting.id)}/applications`, applicationResponse, { method: 'POST' });
      markApplied(posting.id);
      setJustApplied(posting.id);
    } catch (error) {
      // Applied from another tab or device meanwhile: the server's answer is the truth.
      if (error instanceof ApiError && error.code === 'already_applied') markApplied(posting.id);
      else show(error);
    } finally {
      setApplying(null);
    }
  }

  return (
    <div className="space-y-6">
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      {user.role === 'company' ? <PostingForm onCreated={(posting) => setPostings((list) => [posting, ...(list ?? [])])} /> : null}
      {postings === null ? (
        <p className="text-slate-500">Loading postings…</p>
      ) : postings.length === 0 ? (
        <p className="text-slate-600">No postings yet.</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Postings">
          {postings.map((posting) => (
            <PostingCard key={posting.id} posting={posting} user={user} applying={applying} justApplied={justApplied === posting.id} onApply={() => apply(posting)} />
          ))}
        </ul>
      )}
    </div>
  );
}

type PostingCardProps = { posting: Posting; user: User; applying: string | null; justApplied: boolean; onApply: () => void };

function PostingCard({ posting, user, applying, justApplied, onApply }: PostingCardProps) {
  return (
    <li aria-labelledby={`posting-${posting.id}`} className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={`posting-${posting.id}`} className="text-lg font-semibold">
        {posting.title}
      </h2>
      <p className="text-sm text-slate-600">
        {posting.company.name} · {posting.location} · posted {formatTime(posting.createdAt)}
      </p>
      <p className="mt-3 flex-1 whitespace-pre-line text-sm">{posting.description}</p>
      {user.role === 'seeker' ? (
        <div className="mt-4 flex flex-wrap items-center gap-3">
          {posting.applied ? (
            // A state, not an action: full contrast and a check mark instead of a greyed-out button.
            <Button disabled variant="done" aria-label={`Applied to ${posting.title}`}>
              <span aria-hidden="true">✓ </span>Applied
            </Button>
          ) : (
            <Button onClick={onApply} disabled={applying !== null} aria-label={`Apply to ${posting.title}`}>
              {applying === posting.id ? 'Applying…' : 'Apply'}
            </Button>
          )}
          {posting.applied && justApplied ? (
            <p role="status" className="text-sm text-emerald-800">
              Your application was sent.
            </p>
          ) : null}
        </div>
      ) : posting.company.id === user.id ? (
        <p className="mt-4 text-xs font-medium text-indigo-700">Your posting</p>
      ) : null}
    </li>
  );
}
