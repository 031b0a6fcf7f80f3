/** The table the benchmark prints, and the targets it checks (README "Performance"). */
import type { Percentiles } from './load';

export type Row = {
  scenario: string;
  perSecond: number;
  latencyMs: Pick<Percentiles, 'p50' | 'p95' | 'p99'>;
  dbQueries: number;
  credentialBytes: number;
  vsBaseline?: number;
};

/** Server-side time (Server-Timing p50s) beside the floor of the same work, and CPU per request. */
export type FloorRow = {
  scenario: string;
  serverMs: number;
  authMs: number | null;
  dbMs: number;
  floorMs: number | null;
  authFloorMs: number | null;
  cpuMsPerRequest: number | null;
};

const optional = (value: number | null, digits = 3) => (value === null ? '-' : value.toFixed(digits));
const ratio = (value: number | null, of: number | null) => (value === null || of === null || of <= 0 ? '-' : `${(value / of).toFixed(2)}x`);

export function formatFloorTable(rows: FloorRow[]): string {
  const header = ['scenario', 'server ms', 'floor ms', 'vs floor', 'auth ms', 'auth floor', 'auth vs floor', 'db ms', 'CPU ms/req'];
  const lines = rows.map((row) => [
    row.scenario,
    row.serverMs.toFixed(3),
    optional(row.floorMs),
    ratio(row.serverMs, row.floorMs),
    optional(row.authMs),
    optional(row.authFloorMs),
    ratio(row.authMs, row.authFloorMs),
    row.dbMs.toFixed(3),
    optional(row.cpuMsPerRequest),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column]!, column > 0)).join('  ');
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(render)].join('\n');
}

export type TargetCheck = { name: string; target: string; measured: string; met: boolean };

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));
const fixed = (value: number, digits = 2) => value.toFixed(digits);

export function formatTable(rows: Row[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'queries', 'cred B', 'vs base'];
  const lines = rows.map((row) => [
    row.scenario,
    fixed(row.perSecond, 1),
    fixed(row.latencyMs.p50),
    fixed(row.latencyMs.p95),
    fixed(row.latencyMs.p99),
    fixed(row.dbQueries, 2),
    String(row.credentialBytes),
    row.vsBaseline === undefined ? '' : fixed(row.vsBaseline, 2),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column]!, column > 0)).join('  ');
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(render)].join('\n');
}

export function formatTargets(checks: TargetCheck[]): string {
  return checks.map((check) => `${check.met ? 'met   ' : 'MISSED'}  ${check.name}: ${check.measured} (target ${check.target})`).join('\n');
}

export type ScalingColumn = { instances: number; rows: { scenario: string; perSecond: number; p50: number; vsFirst: number }[] };

/** Per scenario: rate and median latency through each instance count, and the last vs the first (median of per-round ratios). */
export function formatScaling(columns: ScalingColumn[]): string {
  const first = columns[0];
  const last = columns.at(-1);
  if (!first || !last) return '';
  const header = ['scenario (through the front door)', ...columns.flatMap((column) => [`${column.instances}× req/s`, `${column.instances}× p50`]), `${last.instances}× vs ${first.instances}×`];
  const lines = first.rows.map((row, index) => [
    row.scenario,
    ...columns.flatMap((column) => [fixed(column.rows[index]!.perSecond, 1), fixed(column.rows[index]!.p50)]),
    fixed(last.rows[index]!.vsFirst, 2),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column]!, column > 0)).join('  ');
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(render)].join('\n');
}
