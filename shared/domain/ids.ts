/** Identifiers: human-readable incident ids and time-sortable ULIDs for timeline entries. */
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 48-bit millisecond time + 80 random bits, Crockford base32, sorts by time. */
export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(bytes[i] ?? 0) % 32];
  return time + random;
}

/** `20261124` for a UTC instant. */
export function dayKey(at: Date): string {
  return at.toISOString().slice(0, 10).replaceAll('-', '');
}

/** `INC-20261124-0042`: the day's sequence, at least four digits. */
export function incidentId(day: string, sequence: number): string {
  return `INC-${day}-${String(sequence).padStart(4, '0')}`;
}

/** At most 12 digits of sequence: a path id has a length bound (DynamoDB refuses keys over 2 KB). */
export const INCIDENT_ID_PATTERN = /^INC-\d{8}-\d{4,12}$/;
/** `INC-` + day + `-` + 12 digits. */
export const INCIDENT_ID_MAX_LENGTH = 25;
