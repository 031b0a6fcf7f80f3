'use client';

import { useState } from 'react';
import { labRequestsSent } from '@/lib/client/lab/request';
import { PageTitle } from '../ui';
import { CostExperiment } from './cost-experiment';
import { InstancesExperiment } from './instances-experiment';
import { RevocationExperiment } from './revocation-experiment';
import { StolenRefreshExperiment } from './stolen-refresh-experiment';
import { TokenXray } from './token-xray';

/**
 * The lab: experiments on throwaway accounts, never on this tab's own login (docs/decisions/0009-lab.md).
 * One runs at a time so that no experiment's requests land inside another's measurement.
 */
export function LabPage() {
  const [busy, setBusyState] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const lock = {
    busy,
    setBusy: (name: string | null) => {
      setBusyState(name);
      setSent(labRequestsSent());
    },
  };
  return (
    <>
      <PageTitle
        lead={
          <>
            What each mode costs and risks, measured now on this server. Every experiment makes a throwaway account (deleted at
            the end, or within 15 minutes); this tab&apos;s own login is never used or changed.
          </>
        }
      >
        Lab
      </PageTitle>
      <p className="mb-6 text-sm text-slate-600" data-testid="lab-requests-total">
        The lab has sent {sent} requests from this page so far.
      </p>
      <div className="grid gap-6">
        <CostExperiment lock={lock} />
        <RevocationExperiment lock={lock} />
        <StolenRefreshExperiment lock={lock} />
        <TokenXray lock={lock} />
        <InstancesExperiment lock={lock} />
      </div>
    </>
  );
}
