import { useEffect, useRef } from 'react';

/**
 * Shows the <dialog> as a modal while `open` (the rest of the page is inert meanwhile), and
 * focuses `opener` again once it closed, however it closed (buttons, Escape).
 */
export function useModal(open: boolean, opener: HTMLElement | null) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open) {
      returnTo.current = opener;
      if (!dialog.open) dialog.showModal();
      return;
    }
    if (dialog.open) dialog.close();
    returnTo.current?.focus();
    returnTo.current = null;
  }, [open, opener]);
  return ref;
}
