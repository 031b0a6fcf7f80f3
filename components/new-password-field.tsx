import { MIN_PASSWORD_LENGTH } from '@/lib/validation/auth';
import { Field } from './ui';

/** Where a password is chosen: the browser may offer to generate one, and the hint states the rule the schema enforces. */
export function NewPasswordField({ label, name, note, errors }: { label: string; name: string; note?: string; errors?: string[] }) {
  return (
    <Field
      label={label}
      type="password"
      name={name}
      autoComplete="new-password"
      required
      hint={`At least ${MIN_PASSWORD_LENGTH} characters.${note ? ` ${note}` : ''}`}
      errors={errors}
    />
  );
}
