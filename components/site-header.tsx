'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { errorMessage } from '@/lib/client/api-error';
import { logOut } from '@/lib/client/auth-actions';
import { modeLabel } from '@/lib/client/auth-mode';
import { leaveTo } from '@/lib/client/navigation';
import { loginUrl } from '@/lib/routes';
import type { User } from '@/lib/contracts/users';
import { useAuth } from './auth-provider';

const linkClass = (active: boolean) =>
  `rounded-md px-2 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
    active ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:text-slate-900'
  }`;

export function SiteHeader() {
  const auth = useAuth();
  const pathname = usePathname();
  const [problem, setProblem] = useState<string | null>(null);
  // On a phone the links and the login controls fold behind a Menu button; from sm up they are always shown.
  const [menuOpen, setMenuOpen] = useState(false);
  const user = auth.status === 'authenticated' ? auth.me.user : null;

  async function onLogOut() {
    setProblem(null);
    try {
      await logOut();
      leaveTo(loginUrl({ loggedOut: true }));
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  const links = [
    { href: '/jobs', label: 'Jobs', show: user !== null },
    { href: '/company/applicants', label: 'Applicants', show: user?.role === 'company' },
    { href: '/me', label: 'My account', show: user !== null },
    { href: '/lab', label: 'Lab', show: true },
    { href: '/settings', label: 'Settings', show: true },
  ].filter((link) => link.show);

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-indigo-600">
          Auth modes
        </Link>
        <span className="ml-auto rounded-full bg-indigo-50 px-2.5 py-0.5 text-xs font-medium text-indigo-800 sm:order-last sm:ml-0" data-testid="active-mode">
          Mode: {modeLabel(auth.mode)}
        </span>
        <MenuButton open={menuOpen} onToggle={() => setMenuOpen((open) => !open)} />
        <div id="site-menu" className={`${menuOpen ? 'flex' : 'hidden'} w-full flex-col gap-3 sm:flex sm:w-auto sm:flex-1 sm:flex-row sm:items-center`} onClick={() => setMenuOpen(false)}>
          <nav aria-label="Main" className="flex flex-wrap gap-1">
            {links.map((link) => (
              <Link key={link.href} href={link.href} className={linkClass(pathname === link.href)} aria-current={pathname === link.href ? 'page' : undefined}>
                {link.label}
              </Link>
            ))}
          </nav>
          <LoginControls user={user} loading={auth.status === 'loading'} pathname={pathname} onLogOut={onLogOut} />
        </div>
      </div>
      {problem || auth.status === 'error' ? (
        <p role="alert" className="mx-auto max-w-5xl px-4 pb-3 text-sm text-red-700">
          {problem ?? auth.error}
        </p>
      ) : null}
    </header>
  );
}

/** Who is logged in and the way out, or the ways in. */
function LoginControls({ user, loading, pathname, onLogOut }: { user: User | null; loading: boolean; pathname: string; onLogOut: () => void }) {
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm sm:ml-auto">
      {user ? (
        <>
          <div role="group" aria-label="Logged in as">
            <span className="font-medium">{user.name}</span>{' '}
            <span className="text-slate-500">({user.role === 'company' ? `company, ${user.companyName ?? ''}` : 'job seeker'})</span>
          </div>
          <button
            type="button"
            onClick={onLogOut}
            className="rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Log out
          </button>
        </>
      ) : loading ? (
        <span className="text-slate-500">Checking login…</span>
      ) : (
        <>
          <Link href="/login" className={linkClass(pathname === '/login')}>
            Log in
          </Link>
          <Link href="/signup" className={linkClass(pathname === '/signup')}>
            Sign up
          </Link>
        </>
      )}
    </div>
  );
}

/** Phones only: folds the links and login controls away. */
function MenuButton({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium sm:hidden focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      aria-expanded={open}
      aria-controls="site-menu"
      onClick={onToggle}
    >
      Menu
    </button>
  );
}
