/**
 * The event types (after the namespace) that change something public: the AWS bus rule of the
 * site publisher and the local rule both match these. Comments and assignments are private;
 * `incident.escalated` changes nothing public. Maintenance windows have no events: the publisher's
 * schedule (every 5 minutes in AWS, every minute locally) picks their edits and their start and end up.
 */
export const PUBLIC_EVENT_TYPES = [
  'incident.created',
  'incident.updated',
  'incident.update_added',
  'incident.status_changed',
  'incident.acknowledged',
  'incident.resolved',
  'incident.deleted',
  'component.status_changed',
] as const;
