'use client';

import { useState } from 'react';
import { userResponse, type User } from '@/lib/contracts/users';
import { api } from '@/lib/client/api';
import { updateProfileSchema } from '@/lib/validation/auth';
import { useAuth } from '../auth-provider';
import { Button, Card, Field, Notice } from '../ui';
import { useApiForm, withInvalidSummary } from '../use-api-form';

export function ProfileForm({ user }: { user: User }) {
  const auth = useAuth();
  const [name, setName] = useState(user.name);
  const { onSubmit, fields, notice, busy } = useApiForm({
    read: () => ({ name }),
    schema: updateProfileSchema,
    send: async (input) => {
      await api('/api/me', userResponse, { method: 'PATCH', body: input });
      await auth.reload();
      return 'Your name was saved.';
    },
    explain: withInvalidSummary,
  });

  return (
    <Card title="Profile">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
        <Field label="Display name" name="name" autoComplete="name" required value={name} onChange={(event) => setName(event.target.value)} errors={fields.name} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save name'}
        </Button>
      </form>
    </Card>
  );
}
