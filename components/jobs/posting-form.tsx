'use client';

import { useState } from 'react';
import { api, ApiError, errorMessage } from '@/lib/client/api';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { createPostingSchema } from '@/lib/validation/jobs';
import { Button, Card, Field, Notice, TextAreaField } from '../ui';
import type { Posting } from './types';

export function PostingForm({ onCreated }: { onCreated: (posting: Posting) => void }) {
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = { title: String(form.get('title') ?? ''), description: String(form.get('description') ?? ''), location: String(form.get('location') ?? '') };
    setResult(null);
    const checked = createPostingSchema.safeParse(input);
    if (!checked.success) {
      setFields(fieldErrorsOf(checked.error));
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const { posting } = await api<{ posting: Posting }>('/api/jobs', { method: 'POST', body: checked.data });
      formElement.reset();
      onCreated(posting);
      setResult({ tone: 'success', text: `Published “${posting.title}”.` });
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) setFields(error.fields);
      const message = errorMessage(error);
      if (message) setResult({ tone: 'error', text: message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="New posting">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-2" noValidate>
        {result ? (
          <div className="md:col-span-2">
            <Notice tone={result.tone}>{result.text}</Notice>
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
