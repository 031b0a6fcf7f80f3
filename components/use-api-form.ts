import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { ApiError, errorMessage } from '@/lib/client/api-error';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

export type FieldErrors = Record<string, string[]>;
export type FormNotice = { tone: 'error' | 'success'; text: string };

/** What a failed call shows: messages next to the fields, a notice above the form, or both. */
export type Failure = { fields?: FieldErrors; problem?: string | null };

export type ApiFormOptions<Input> = {
  /**
   * Takes the values from the submitted form, not from state: text typed before hydration is in
   * the inputs only.
   */
  read: (form: FormData) => Input;
  /** The schema the server applies, so mistakes show before a round trip. */
  schema?: z.ZodType<unknown, NoInfer<Input>>;
  /**
   * Makes the call with the input as read rather than the schema's output: the server parses it
   * again, and an output is not always valid input (signup's companyName becomes null).
   * Resolves to the success notice, or to null when the page is being left: the form then stays
   * busy so it cannot be sent twice on the way out.
   */
  send: (input: Input) => Promise<string | null>;
  /** Empties the inputs after a success, for forms that create something or take a password. */
  resetOnSuccess?: boolean;
  /** Answers particular to this form (a taken email, a wrong password); undefined means the usual ones. */
  explain?: (error: ApiError) => Failure | undefined;
};

export type ApiForm = {
  onSubmit: (event: React.FormEvent<HTMLFormElement>) => Promise<void>;
  fields: FieldErrors;
  notice: FormNotice | null;
  busy: boolean;
};

/** The submit cycle every form shares: read, check, call the API, then show the outcome. */
export function useApiForm<Input>(options: ApiFormOptions<Input>): ApiForm {
  const [fields, setFields] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<FormNotice | null>(null);
  const [busy, setBusy] = useState(false);

  // A success notice is about the last submit only: once the user types anywhere on the page (this
  // form or another), it is old news and goes.
  const showingSuccess = notice?.tone === 'success';
  useEffect(() => {
    if (!showingSuccess) return;
    const dismiss = () => setNotice(null);
    document.addEventListener('input', dismiss);
    return () => document.removeEventListener('input', dismiss);
  }, [showingSuccess]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const input = options.read(new FormData(formElement));
    setNotice(null);
    const checked = options.schema?.safeParse(input);
    if (checked && !checked.success) {
      setFields(fieldErrorsOf(checked.error));
      return;
    }
    setFields({});
    setBusy(true);
    let leaving = false;
    try {
      const success = await options.send(input);
      leaving = success === null;
      if (success !== null) {
        if (options.resetOnSuccess) formElement.reset();
        setNotice({ tone: 'success', text: success });
      }
    } catch (error) {
      const failure = (error instanceof ApiError ? options.explain?.(error) : undefined) ?? usualFailure(error);
      setFields(failure.fields ?? {});
      setNotice(failure.problem ? { tone: 'error', text: failure.problem } : null);
    } finally {
      if (!leaving) setBusy(false);
    }
  }

  return { onSubmit, fields, notice, busy };
}

/** For forms that show the server's summary of a 422 above the form as well as the messages at the fields. */
export const withInvalidSummary = (error: ApiError): Failure | undefined => (error.status === 422 ? { fields: error.fields, problem: error.message } : undefined);

function usualFailure(error: unknown): Failure {
  if (error instanceof ApiError && error.status === 422) return { fields: error.fields };
  return { problem: errorMessage(error) };
}
