'use client';

import { api } from '@/lib/client/api';
import { noBody } from '@/lib/contracts/endpoints';
import { changePasswordSchema } from '@/lib/validation/auth';
import { NewPasswordField } from '../new-password-field';
import { Button, Card, Field, Notice } from '../ui';
import { useApiForm } from '../use-api-form';

export function PasswordForm({ email, onChanged }: { email: string; onChanged: () => void }) {
  const { onSubmit, fields, notice, busy } = useApiForm({
    read: (form) => ({ currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') }),
    schema: changePasswordSchema,
    send: async (input) => {
      await api('/api/me/password', noBody, { method: 'POST', body: input });
      onChanged();
      return 'Password changed. Every other login was ended.';
    },
    resetOnSuccess: true,
    explain: (error) => (error.code === 'invalid_current_password' ? { fields: { currentPassword: ['The current password is not right.'] } } : undefined),
  });

  return (
    <Card title="Change password">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
        {/* Lets password managers tell which account the new password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field label="Current password" type="password" name="currentPassword" autoComplete="current-password" required errors={fields.currentPassword} />
        <NewPasswordField label="New password" name="newPassword" note="Changing it logs out every other device." errors={fields.newPassword} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </Button>
      </form>
    </Card>
  );
}
