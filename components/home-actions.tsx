'use client';

import Link from 'next/link';
import { useAuth } from './auth-provider';

const primary =
  'rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';
const secondary =
  'rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

/** What to do next: log in or sign up when nobody is logged in, otherwise go on to the app. */
export function HomeActions() {
  const auth = useAuth();
  if (auth.status === 'loading') return <div className="mt-6 h-10" aria-hidden="true" />;
  const links =
    auth.status === 'authenticated'
      ? [
          { href: '/jobs', label: 'Browse jobs' },
          { href: '/me', label: 'My account' },
          { href: '/lab', label: 'Measure both in the lab' },
        ]
      : [
          { href: '/login', label: 'Log in' },
          { href: '/signup', label: 'Create an account' },
          { href: '/lab', label: 'Measure both in the lab' },
        ];
  return (
    <div className="mt-6 flex flex-wrap gap-3">
      {links.map((link, index) => (
        <Link key={link.href} href={link.href} className={index === 0 ? primary : secondary}>
          {link.label}
        </Link>
      ))}
    </div>
  );
}
