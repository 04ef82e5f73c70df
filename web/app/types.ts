/**
 * The API's shapes, as the server defines them (type-only imports: nothing of the server is
 * bundled but the pure lifecycle and severity constants the views import themselves).
 */
import type { Incident, TimelineEntry } from '#shared/domain/incidents/incident.ts';
import type { Status } from '#shared/domain/incidents/lifecycle.ts';
import type { Severity } from '#shared/domain/severity.ts';
import type { Assignment, Comment } from '#shared/store/incidents/incident-store.ts';
import type { ASSIGNMENT_ROLES } from '#shared/schemas/incident.ts';

export type { Incident, Status, Severity, Assignment, Comment };
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export type IncidentDetail = Incident & {
  allowed_transitions: Status[];
  timeline: Omit<TimelineEntry, 'incident'>[];
  comments: Comment[];
  assignments: Assignment[];
};

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  limit: number;
}

export interface Summary {
  total: number;
  active: number;
  by_status: Record<Status, number>;
  by_severity: Record<Severity, number>;
  active_by_severity: Record<Severity, number>;
  by_status_and_severity: Record<Status, Record<Severity, number>>;
}

export interface Component {
  id: string;
  name: string;
  description: string;
  attributes: { name: string; value: string }[];
  display_group: string | null;
}

export interface BoardEntry {
  id: string;
  name: string;
  display_group: string | null;
  attributes: { name: string; value: string }[];
  impact: number;
  status: 'operational' | 'maintenance' | 'minor' | 'major' | 'outage';
  incident: { id: string; title: string; impact: number; status: string } | null;
  maintenance: { id: string; title: string; start_time: string; end_time: string } | null;
}

export interface Maintenance {
  id: string;
  title: string;
  description: string;
  components: string[];
  start_time: string;
  end_time: string;
  status: 'planned' | 'in_progress' | 'completed';
  created_by: string;
}

export interface Me {
  id: string;
  name: string;
  kind: string;
  roles: string[];
  scopes: string[];
}

export interface AppConfig {
  apiUrl: string;
  auth: { authorizeUrl: string; tokenUrl: string; revokeUrl: string; logoutUrl: string; clientId: string; scope: string };
}
