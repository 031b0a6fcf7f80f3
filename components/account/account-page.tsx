'use client';

import { useEffect } from 'react';
import { useAuth } from '../auth-provider';
import { SignedIn } from '../signed-in';
import { PageTitle } from '../ui';
import { ActiveLogins } from './active-logins';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';

export function AccountPage() {
  const { reload } = useAuth();
  // The profile may have changed on another device since this tab last asked.
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <SignedIn>
      {(me) => (
        <>
          <PageTitle lead={`${me.user.email} · ${me.user.role === 'company' ? `company account for ${me.user.companyName ?? ''}` : 'job seeker'}`}>My account</PageTitle>
          <div className="grid gap-6 md:grid-cols-2">
            <ProfileForm user={me.user} />
            <PasswordForm email={me.user.email} />
            <ActiveLogins className="md:col-span-2" />
          </div>
        </>
      )}
    </SignedIn>
  );
}
