/**
 * Severity and impact. Severity is how urgent the response is; impact is what users see
 * (0 maintenance, 1 minor, 2 major, 3 outage), the scale of the component-status API and of the
 * status page. Either is derived from the other when only one is given.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const IMPACTS = [0, 1, 2, 3] as const;
export type Impact = (typeof IMPACTS)[number];

export const IMPACT_NAMES: Readonly<Record<Impact, string>> = { 0: 'maintenance', 1: 'minor', 2: 'major', 3: 'outage' };

export type ComponentStatusName = 'operational' | 'maintenance' | 'minor' | 'major' | 'outage';

/**
 * A component's status in one vocabulary, for the status grid and for events alike: `operational`
 * when no incident affects it (`maintenance` while a maintenance window covers it), otherwise the
 * impact's name. Impact 0 of a component is not a maintenance by itself.
 */
export function componentStatusName(impact: Impact, underMaintenance = false): ComponentStatusName {
  if (impact > 0) return IMPACT_NAMES[impact] as ComponentStatusName;
  return underMaintenance ? 'maintenance' : 'operational';
}

// A person's minor incident is a minor incident (impact 1); impact 0 belongs to maintenance windows only.
const SEVERITY_IMPACT: Readonly<Record<Severity, Impact>> = { critical: 3, high: 2, medium: 1, low: 1, minor: 1 };
const IMPACT_SEVERITY: Readonly<Record<Impact, Severity>> = { 3: 'critical', 2: 'high', 1: 'medium', 0: 'minor' };

export const impactOf = (severity: Severity): Impact => SEVERITY_IMPACT[severity];
export const severityOf = (impact: Impact): Severity => IMPACT_SEVERITY[impact];

const ALIASES: Readonly<Record<string, Severity>> = {
  sev1: 'critical',
  sev2: 'high',
  sev3: 'medium',
  sev4: 'low',
  sev5: 'minor',
  p1: 'critical',
  p2: 'high',
  p3: 'medium',
  p4: 'low',
  p5: 'minor',
};

/**
 * `critical`, `SEV1`, `sev1`, `SEV1_CRITICAL`, `P1` → `critical`. Unknown input stays as it is, so
 * the schema rejects it with the list of accepted values.
 */
export function normalizeSeverity(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const value = input.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(value)) return value;
  const [head, tail] = value.split(/[_-]/, 2);
  const alias = head ? ALIASES[head] : undefined;
  if (alias && (tail === undefined || tail === alias)) return alias;
  return input;
}

export const INCIDENT_TYPES = ['outage', 'degraded_performance', 'maintenance', 'security', 'feature_disabled', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
