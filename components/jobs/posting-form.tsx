'use client';

import { api } from '@/lib/client/api';
import { createdPostingResponse, type Posting } from '@/lib/contracts/jobs';
import { createPostingSchema } from '@/lib/validation/jobs';
import { Button, Card, Field, Notice, TextAreaField } from '../ui';
import { useApiForm, withInvalidSummary } from '../use-api-form';

export function PostingForm({ onCreated }: { onCreated: (posting: Posting) => void }) {
  const { onSubmit, fields, notice, busy } = useApiForm({
    read: (form) => ({ title: String(form.get('title') ?? ''), description: String(form.get('description') ?? ''), location: String(form.get('location') ?? '') }),
    schema: createPostingSchema,
    send: async (input) => {
      const { posting } = await api('/api/jobs', createdPostingResponse, { method: 'POST', body: input });
      onCreated(posting);
      return `Published “${posting.title}”.`;
    },
    resetOnSuccess: true,
    explain: withInvalidSummary,
  });

  return (
    <Card title="New posting">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-2" noValidate>
        {notice ? (
          <div className="md:col-span-2">
            <Notice tone={notice.tone}>{notice.text}</Notice>
          </div>
        ) : null}
        <Field label="Title" name="title" required errors={fields.title} />
        <Field label="Location" name="location" required errors={fields.location} />
        <TextAreaField label="Description" name="description" required errors={fields.description} className="md:col-span-2" />
        <div>
          <Button type="submit" disabled={busy}>
            {busy ? 'Publishing…' : 'Publish posting'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
