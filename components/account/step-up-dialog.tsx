'use client';

import { useId, useRef, useState } from 'react';
import { ApiError, errorMessage } from '@/lib/client/api-error';
import { reauthenticate } from '@/lib/client/auth-actions';
import { Button, Field, Notice } from '../ui';
import { useModal } from '../use-modal';

const WRONG_PASSWORD = 'The password is incorrect.';

/**
 * Step-up (RFC 9470 style): a sensitive action refused with `insufficient_user_authentication`
 * asks for the password here. A modal <dialog> keeps focus inside, closes on Escape, and gives
 * focus back to the button that opened it. `onConfirmed` runs once the login is fresh again.
 */
type StepUpDialogProps = { open: boolean; action: string; opener: HTMLElement | null; onConfirmed: () => void; onCancel: () => void };

export function StepUpDialog({ open, action, opener, onConfirmed, onCancel }: StepUpDialogProps) {
  const dialogRef = useModal(open, opener);
  const formRef = useRef<HTMLFormElement>(null);
  const titleId = useId();
  const textId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = (confirmed: boolean) => {
    formRef.current?.reset();
    setProblem(null);
    if (confirmed) onConfirmed();
    else onCancel();
  };

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    if (!password) return setProblem('Enter your password.');
    setBusy(true);
    setProblem(null);
    try {
      await reauthenticate(password);
      finish(true);
    } catch (error) {
      setProblem(error instanceof ApiError && error.code === 'invalid_password' ? WRONG_PASSWORD : errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    // Escape closes the dialog natively and fires `cancel`: the caller then forgets the action.
    <dialog ref={dialogRef} aria-labelledby={titleId} aria-describedby={textId} onCancel={() => finish(false)} className="m-auto w-full max-w-sm rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-lg backdrop:bg-slate-900/40">
      <form ref={formRef} onSubmit={onSubmit} className="space-y-4" noValidate>
        <h2 id={titleId} className="text-lg font-semibold">
          Confirm your password
        </h2>
        <p id={textId} className="text-sm text-slate-600">
          To {action}, enter your password again: your last password check was too long ago.
        </p>
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        <Field label="Password" type="password" name="password" autoComplete="current-password" required />
        <div className="flex justify-end gap-3">
          <Button variant="secondary" onClick={() => finish(false)} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Confirm'}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
