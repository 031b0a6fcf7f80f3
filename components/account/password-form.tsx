'use client';

import { useState } from 'react';
import { api, ApiError, errorMessage } from '@/lib/client/api';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { changePasswordSchema, MIN_PASSWORD_LENGTH } from '@/lib/validation/auth';
import { Button, Card, Field, Notice } from '../ui';

export function PasswordForm({ email, onChanged }: { email: string; onChanged: () => void }) {
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') };
    setResult(null);
    const checked = changePasswordSchema.safeParse(input);
    if (!checked.success) {
      setFields(fieldErrorsOf(checked.error));
      return;
    }
    setFields({});
    setBusy(true);
    try {
      await api('/api/me/password', { method: 'POST', body: input });
      formElement.reset();
      onChanged();
      setResult({ tone: 'success', text: 'Password changed. Every other login was ended.' });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_current_password') setFields({ currentPassword: ['The current password is not right.'] });
      else if (error instanceof ApiError && error.status === 422) setFields(error.fields);
      else {
        const message = errorMessage(error);
        if (message) setResult({ tone: 'error', text: message });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Change password">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
        {/* Lets password managers tell which account the new password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field label="Current password" type="password" name="currentPassword" autoComplete="current-password" required errors={fields.currentPassword} />
        <Field
          label="New password"
          type="password"
          name="newPassword"
          autoComplete="new-password"
          required
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Changing it logs out every other device.`}
          errors={fields.newPassword}
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </Button>
      </form>
    </Card>
  );
}
