'use client';

import { useEffect, useState } from 'react';
import { useAuth } from '../auth-provider';
import { SignedIn } from '../signed-in';
import { PageTitle } from '../ui';
import { ActiveLogins } from './active-logins';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';

export function AccountPage() {
  const { reload } = useAuth();
  // A password change ends the other logins; remounting the list shows that.
  const [loginsVersion, setLoginsVersion] = useState(0);
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
            <PasswordForm email={me.user.email} onChanged={() => setLoginsVersion((version) => version + 1)} />
            <ActiveLogins key={loginsVersion} className="md:col-span-2" />
          </div>
        </>
      )}
    </SignedIn>
  );
}
