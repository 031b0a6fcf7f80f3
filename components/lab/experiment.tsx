'use client';

import { useState } from 'react';
import { labRequestsSent } from '@/lib/client/lab/request';
import { Button, Card, Notice } from '../ui';

/** One experiment runs at a time, so no experiment's requests fall into another's measurement. */
export type LabLock = { busy: string | null; setBusy: (name: string | null) => void };

type Progress = { done: number; total: number };

export function useExperiment<T>(name: string, lock: LabLock) {
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [sent, setSent] = useState<number | null>(null);

  async function run(task: (onProgress: (done: number, total: number) => void) => Promise<T>) {
    lock.setBusy(name);
    setError(null);
    setProgress(null);
    const before = labRequestsSent();
    try {
      setResult(await task((done, total) => setProgress({ done, total })));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The experiment failed.');
    } finally {
      setSent(labRequestsSent() - before);
      lock.setBusy(null);
    }
  }

  return { result, error, progress, sent, running: lock.busy === name, blocked: lock.busy !== null, run };
}

type CardProps = {
  title: string;
  lead: React.ReactNode;
  experiment: { error: string | null; progress: Progress | null; sent: number | null; running: boolean; blocked: boolean };
  actions: { label: string; onRun: () => void }[];
  controls?: React.ReactNode;
  children?: React.ReactNode;
};

/** The frame every experiment shares: what it does, its Run button(s), progress, and how many requests it sent. */
export function ExperimentCard({ title, lead, experiment, actions, controls, children }: CardProps) {
  const { error, progress, sent, running, blocked } = experiment;
  return (
    <Card title={title}>
      <div className="space-y-4 text-sm">
        <div className="space-y-2 text-slate-700">{lead}</div>
        {controls}
        <div className="flex flex-wrap gap-2">
          {actions.map((action) => (
            <Button key={action.label} onClick={action.onRun} disabled={blocked}>
              {action.label}
            </Button>
          ))}
        </div>
        {running ? (
          <div role="status" className="space-y-1">
            <p>Running…{progress ? ` ${progress.done} of ${progress.total} requests` : ''}</p>
            <progress className="h-2 w-full" max={progress?.total ?? 1} value={progress?.done ?? 0} />
          </div>
        ) : null}
        {error ? <Notice tone="error">{error}</Notice> : null}
        {!running && sent !== null ? (
          <p className="text-xs text-slate-500" data-testid="requests-sent">
            This run sent {sent} requests, one at a time, and nothing else from this page ran meanwhile.
          </p>
        ) : null}
        {children}
      </div>
    </Card>
  );
}

export const ms = (value: number | null) => (value === null ? '–' : `${value.toFixed(2)} ms`);
