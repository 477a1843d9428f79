const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** "10m", "2h", "1d", "1w", "90s" or a bare number of minutes → seconds; null when unreadable. */
export const parseDuration = (text: string): number | null => {
  const m = /^\s*(\d{1,6})\s*([smhdw]?)\s*$/i.exec(text);
  if (!m) return null;
  const seconds = Number(m[1]) * (UNIT_SECONDS[(m[2] || 'm').toLowerCase()] ?? 60);
  return seconds > 0 ? seconds : null;
};

/** 3600 → "1h", 5400 → "1h 30m". */
export const formatDuration = (seconds: number): string => {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ') || '0s';
};
