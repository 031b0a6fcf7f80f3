import 'client-only';

/** One metric of a Server-Timing header, e.g. `auth;dur=0.41;desc="jwt"`. */
export type TimingMetric = { name: string; duration: number | null; description: string | null };

export type TimingRecord = { method: string; path: string; status: number; metrics: TimingMetric[]; at: number };

export function parseServerTiming(header: string | null): TimingMetric[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name = '', ...params] = part.split(';').map((piece) => piece.trim());
      let duration: number | null = null;
      let description: string | null = null;
      for (const param of params) {
        const [key, rawValue = ''] = param.split('=');
        const value = rawValue.replace(/^"|"$/g, '');
        if (key === 'dur' && value !== '' && Number.isFinite(Number(value))) duration = Number(value);
        if (key === 'desc') description = value;
      }
      return { name, duration, description };
    });
}
