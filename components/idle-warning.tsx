'use client';

import { useEffect, useId, useState } from 'react';
import { errorMessage } from '@/lib/client/api-error';
import { endIdleLogin, extendLogin } from '@/lib/client/auth-actions';
import { loginEndsAt, useClientAuth } from '@/lib/client/auth-store';
import { countdown, useNow } from './settings/use-now';
import { Button, Notice } from './ui';
import { useModal } from './use-modal';

// setTimeout keeps a 32-bit delay: a longer one fires at once, so a far end is approached in steps.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Warns `warningSeconds` before this tab's login ends for lack of use (the session's idle end, the
 * refresh token's expiry in JWT mode). "Stay logged in" puts the end off with one request; left
 * alone, the login ends and the page leaves for the login page with the expiry message. The end
 * comes from the server's answers, which other tabs share, so every tab warns, stays or leaves
 * together.
 */
export function IdleWarning({ warningSeconds }: { warningSeconds: number }) {
  const endsAt = loginEndsAt(useClientAuth());
  // The end the warning was raised (or dismissed with Escape) for: a new end closes it by itself.
  const [warnedFor, setWarnedFor] = useState<number | null>(null);
  const [dismissedFor, setDismissedFor] = useState<number | null>(null);

  useEffect(() => {
    if (endsAt === null) return;
    const cancelWarning = atTime(endsAt - warningSeconds * 1000, () => setWarnedFor(endsAt));
    const cancelEnd = atTime(endsAt, () => void endIdleLogin());
    return () => {
      cancelWarning();
      cancelEnd();
    };
  }, [endsAt, warningSeconds]);

  const open = endsAt !== null && warnedFor === endsAt && dismissedFor !== endsAt;
  return <IdleDialog open={open} endsAt={endsAt ?? 0} onDismiss={() => setDismissedFor(endsAt)} />;
}

function IdleDialog({ open, endsAt, onDismiss }: { open: boolean; endsAt: number; onDismiss: () => void }) {
  const dialogRef = useModal(open, null);
  const titleId = useId();
  const textId = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function stay() {
    setBusy(true);
    setProblem(null);
    try {
      await extendLogin();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    // Escape only hides the warning: the login still ends when its time is up.
    <dialog ref={dialogRef} aria-labelledby={titleId} aria-describedby={textId} onCancel={onDismiss} className="m-auto w-full max-w-sm rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-lg backdrop:bg-slate-900/40">
      <div className="space-y-4">
        <h2 id={titleId} className="text-lg font-semibold">
          You are about to be logged out
        </h2>
        <p id={textId} className="text-sm text-slate-600">
          {open ? <TimeLeft endsAt={endsAt} /> : null} Your login ends then because it has not been used for a while.
        </p>
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        <div className="flex justify-end">
          <Button onClick={() => void stay()} disabled={busy}>
            {busy ? 'Staying…' : 'Stay logged in'}
          </Button>
        </div>
      </div>
    </dialog>
  );
}

/** Mounted only while the warning is open, so no tab ticks every second for nothing. */
function TimeLeft({ endsAt }: { endsAt: number }) {
  const now = useNow();
  return <span data-testid="idle-countdown">Time left: {countdown(endsAt, now)}.</span>;
}

/** Runs fn at the given time (ms since the epoch, this browser's clock); returns the cancel. */
function atTime(at: number, fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const arm = () => {
    const delay = at - Date.now();
    timer = delay > LONGEST_TIMER_MS ? setTimeout(arm, LONGEST_TIMER_MS) : setTimeout(fn, Math.max(0, delay));
  };
  arm();
  return () => clearTimeout(timer);
}
