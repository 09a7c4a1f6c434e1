/**
 * [RP6] Local calendar arithmetic in a tenant's IANA time zone, with the platform's Intl data:
 * UTC offsets at an instant, local midnights, and the pieces of a range over which the offset
 * stays the same (so storage can bucket by `(t + offset) / day` exactly, across DST changes).
 */

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a time zone name the platform knows (e.g. `Europe/Warsaw`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `at`, in ms (Warsaw in summer: +7 200 000). */
export function offsetAt(timeZone: string, at: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (at - (at % 1000));
}

/** A local date as a day number: days since 1970-01-01 (the same count the wall clock reads). */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The instant the local day `day` starts in the zone. */
export function localMidnight(timeZone: string, day: number): number {
  const wall = day * DAY_MS;
  const guess = wall - offsetAt(timeZone, wall);
  // The offset at the guess is the one in force at that local midnight (unless a change falls
  // within the hours between, which the second look settles).
  return wall - offsetAt(timeZone, guess);
}

/** A piece of time [from, until) over which the zone's offset is `offsetMs`. */
export interface OffsetSegment {
  from: number;
  until: number;
  offsetMs: number;
}

/** [RP6] [from, until) cut where the zone's offset changes (DST), each piece with its offset. */
export function offsetSegments(timeZone: string, from: number, until: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let start = from;
  let offset = offsetAt(timeZone, from);
  // Offsets change at most a few times a year and never twice within a few hours: look hourly
  // steps a day apart, then narrow the change down to the second.
  let probe = from;
  while (probe < until) {
    const next = Math.min(probe + DAY_MS, until);
    const nextOffset = offsetAt(timeZone, next - 1);
    if (nextOffset !== offset) {
      let low = probe;
      let high = next - 1;
      while (high - low > 1000) {
        const mid = low + Math.floor((high - low) / 2);
        if (offsetAt(timeZone, mid) === offset) low = mid;
        else high = mid;
      }
      const change = high - (high % 1000);
      segments.push({ from: start, until: change, offsetMs: offset });
      start = change;
      offset = nextOffset;
    }
    probe = next;
  }
  segments.push({ from: start, until, offsetMs: offset });
  return segments;
}

/** The Monday-based week a local day falls in (1970-01-01 was a Thursday: day 0 → week 0). */
export function weekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** The first local day of a week from {@link weekOf}. */
export function mondayOf(week: number): number {
  return week * 7 - 3;
}

/** The month a local day falls in, as year × 12 + month index. */
export function monthOf(day: number): number {
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The first local day of a month from {@link monthOf}. */
export function firstDayOfMonth(month: number): number {
  return Math.floor(Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS);
}

/** Hours of a local week, Monday 00:00 first: 0–167 from the local hour number since 1970. */
export function weekHourOf(localHour: number): number {
  // Local hour 0 was Thursday 00:00, 72 hours after the Monday that began that week.
  return (localHour + 72) % 168;
}

export { HOUR_MS };

/**
 * [RP10] The local day number and hour (0–23) of an instant, given the zone's offset then; a
 * repeated hour of a DST change counts as that hour twice, as the wall clock shows it.
 */
export function localDayAndHour(at: number, offsetMs: number): { day: number; hour: number } {
  const local = at + offsetMs;
  return { day: Math.floor(local / DAY_MS), hour: Math.floor(local / HOUR_MS) % 24 };
}

/** The offset of the segment `at` falls in (the last one's past the end). */
export function offsetIn(segments: readonly OffsetSegment[], at: number): number {
  for (const segment of segments) if (at < segment.until) return segment.offsetMs;
  return segments.at(-1)?.offsetMs ?? 0;
}
