import { useId } from 'react';

// Small building blocks so every form gets the same labels, focus rings and error wiring.

const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

export function Button({ variant = 'primary', className = '', ...props }: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' | 'done' }) {
  const look = {
    done: 'border border-emerald-300 bg-emerald-50 text-emerald-900 disabled:cursor-default',
    primary: 'bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-300',
    secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-400',
    danger: 'border border-red-300 bg-white text-red-700 hover:bg-red-50 disabled:text-red-300',
  }[variant];
  return <button type="button" className={`rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed ${look} ${focusRing} ${className}`} {...props} />;
}

type FieldShellProps = { label: string; errors?: string[]; hint?: string; className?: string };

function FieldShell({ label, errors = [], hint, className = '', children }: FieldShellProps & { children: (control: ControlProps) => React.ReactNode }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const control: ControlProps = {
    id,
    'aria-invalid': errors.length > 0,
    'aria-describedby': describedBy,
    className: `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm ${errors.length ? 'border-red-500' : 'border-slate-300'} ${focusRing}`,
  };
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children(control)}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

type ControlProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined; className: string };

export function Field({ label, errors, hint, className, ...props }: FieldShellProps & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'className'>) {
  return (
    <FieldShell label={label} errors={errors} hint={hint} className={className}>
      {(control) => <input {...props} {...control} />}
    </FieldShell>
  );
}

export function TextAreaField({ label, errors, hint, className, ...props }: FieldShellProps & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, 'className'>) {
  return (
    <FieldShell label={label} errors={errors} hint={hint} className={className}>
      {(control) => <textarea rows={4} {...props} {...control} />}
    </FieldShell>
  );
}

/** An error is announced at once (role=alert); a notice politely (role=status). */
export function Notice({ tone, children }: { tone: 'error' | 'info' | 'success'; children: React.ReactNode }) {
  const look = { error: 'border-red-200 bg-red-50 text-red-800', info: 'border-sky-200 bg-sky-50 text-sky-900', success: 'border-emerald-200 bg-emerald-50 text-emerald-900' }[tone];
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border px-4 py-3 text-sm ${look}`}>
      {children}
    </div>
  );
}

export function Card({ title, children, className = '' }: { title: string; children: React.ReactNode; className?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm ${className}`}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-4">{children}</div>
    </section>
  );
}

export function PageTitle({ children, lead }: { children: React.ReactNode; lead?: React.ReactNode }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight">{children}</h1>
      {lead ? <p className="mt-2 text-slate-600">{lead}</p> : null}
    </div>
  );
}

/** A table's column titles: `cellClassName` styles each, a column given as an object adds its own classes. */
export function TableHead({ columns, className, cellClassName }: { columns: (string | { title: string; className: string })[]; className: string; cellClassName: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((column) => {
          const { title, className: own } = typeof column === 'string' ? { title: column, className: '' } : column;
          return (
            <th key={title} scope="col" className={`${cellClassName} ${own}`.trim()}>
              {title}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

export const formatTime = (value: string | number | Date) =>
  new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
