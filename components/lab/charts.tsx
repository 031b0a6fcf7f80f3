// Plain SVG: a handful of bars and dots needs no chart library (nothing to load or keep updated,
// nothing the CSP has to allow), and a viewBox scales to any width, 390 px phones included.

type Bar = { label: string; value: number | null; className: string };

/** Horizontal bars on one scale, one group per metric. */
export function BarChart({ title, groups, unit }: { title: string; groups: { label: string; bars: Bar[] }[]; unit: string }) {
  const max = Math.max(1e-9, ...groups.flatMap((group) => group.bars.map((bar) => bar.value ?? 0)));
  const rowHeight = 14;
  const groupGap = 10;
  const groupHeight = (group: { bars: Bar[] }) => 16 + group.bars.length * rowHeight + groupGap;
  const tops = groups.map((_, index) => groups.slice(0, index).reduce((sum, group) => sum + groupHeight(group), 0));
  const height = groups.reduce((sum, group) => sum + groupHeight(group), 0);
  return (
    <svg role="img" aria-label={title} viewBox={`0 0 320 ${height}`} className="w-full max-w-xl">
      {groups.map((group, groupIndex) => {
        return (
          <g key={group.label} transform={`translate(0 ${tops[groupIndex]})`}>
            <text x="0" y="11" className="fill-slate-700 text-[10px] font-semibold">
              {group.label}
            </text>
            {group.bars.map((bar, index) => {
              const width = ((bar.value ?? 0) / max) * 190;
              const barY = 16 + index * rowHeight;
              return (
                <g key={bar.label}>
                  <text x="0" y={barY + 10} className="fill-slate-600 text-[9px]">
                    {bar.label}
                  </text>
                  <rect x="60" y={barY + 2} width={Math.max(width, 1)} height="9" rx="2" className={bar.className} />
                  <text x={64 + width} y={barY + 10} className="fill-slate-700 text-[9px]">
                    {bar.value === null ? '–' : `${bar.value.toFixed(2)} ${unit}`}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

export type TimelineDot = { lane: string; seconds: number; ok: boolean };

/** One lane per credential, a dot per request (green accepted, red refused) on the server's clock. */
export function Timeline({ title, lanes, dots, markers }: { title: string; lanes: string[]; dots: TimelineDot[]; markers: { seconds: number; label: string }[] }) {
  const span = Math.max(1, ...dots.map((dot) => dot.seconds), ...markers.map((marker) => marker.seconds)) * 1.05;
  const x = (seconds: number) => 70 + (Math.max(0, seconds) / span) * 240;
  // Room under the lanes for one label row per marker, so close markers never print over each other.
  const height = 22 + lanes.length * 22 + markers.length * 10;
  return (
    <svg role="img" aria-label={title} viewBox={`0 0 320 ${height}`} className="w-full max-w-2xl">
      {lanes.map((lane, index) => (
        <g key={lane}>
          <text x="0" y={22 + index * 22} className="fill-slate-700 text-[9px]">
            {lane}
          </text>
          <line x1="70" x2="310" y1={19 + index * 22} y2={19 + index * 22} className="stroke-slate-200" />
        </g>
      ))}
      {dots.map((dot, index) => (
        <circle key={index} cx={x(dot.seconds)} cy={19 + lanes.indexOf(dot.lane) * 22} r="3" className={dot.ok ? 'fill-emerald-500' : 'fill-red-500'} />
      ))}
      {markers.map((marker, index) => (
        <g key={marker.label}>
          <line x1={x(marker.seconds)} x2={x(marker.seconds)} y1="8" y2={height - 4 - index * 10 - 8} strokeDasharray="3 2" className="stroke-slate-500" />
          <text x={x(marker.seconds)} y={height - 4 - index * 10} textAnchor="end" className="fill-slate-600 text-[8px]">
            {marker.label}
          </text>
        </g>
      ))}
      <text x="70" y="8" className="fill-slate-500 text-[8px]">
        0 s = revocation (server clock)
      </text>
      <text x="310" y="8" textAnchor="end" className="fill-slate-500 text-[8px]">
        {span.toFixed(0)} s
      </text>
    </svg>
  );
}
