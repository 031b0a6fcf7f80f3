'use client';

import { useState } from 'react';
import { api, ApiError, errorMessage, type User } from '@/lib/client/api';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { updateProfileSchema } from '@/lib/validation/auth';
import { useAuth } from '../auth-provider';
import { Button, Card, Field, Notice } from '../ui';

export function ProfileForm({ user }: { user: User }) {
  const auth = useAuth();
  const [name, setName] = useState(user.name);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setResult(null);
    const checked = updateProfileSchema.safeParse({ name });
    if (!checked.success) {
      setFields(fieldErrorsOf(checked.error));
      return;
    }
    setFields({});
    setBusy(true);
    try {
      await api('/api/me', { method: 'PATCH', body: checked.data });
      await auth.reload();
      setResult({ tone: 'success', text: 'Your name was saved.' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) setFields(error.fields);
      const message = errorMessage(error);
      if (message) setResult({ tone: 'error', text: message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Profile">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
        <Field label="Display name" name="name" autoComplete="name" required value={name} onChange={(event) => setName(event.target.value)} errors={fields.name} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save name'}
        </Button>
      </form>
    </Card>
  );
}
