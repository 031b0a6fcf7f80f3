import type { ComponentType } from 'react';

/** The frame of the signed-in pages (jobs, applicants, account, lab): one width, one padding. */
export function widePage(Content: ComponentType) {
  return function WidePage() {
    return (
      <main className="mx-auto max-w-5xl px-4 py-8">
        <Content />
      </main>
    );
  };
}
