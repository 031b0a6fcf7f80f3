import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False in the server render and during hydration, true once React runs the page. Forms that post
 * credentials stay disabled until then: a click before hydration would make the browser submit
 * the form natively, with the password in the URL.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
