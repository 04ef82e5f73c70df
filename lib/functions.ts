/**
 * The Lambda functions that are not API routes (those are in lib/routes.ts): their handler entries.
 * The constructs that deploy them and the benchmark, which holds every function to the same bundle
 * and cold-import budget as the routes, both read this list.
 */
export const WORKER_FUNCTIONS = {
  publishTimeline: 'functions/events/publish-timeline.ts',
  fanOut: 'functions/notifications/fan-out.ts',
  deliver: 'functions/notifications/deliver.ts',
  handleAlarmStateChange: 'functions/alarms/handle-alarm-state-change.ts',
  // Paging: escalation (lib/constructs/paging.ts).
  pagingReactor: 'functions/paging/react-to-incident-event.ts',
  pagingTimer: 'functions/paging/fire-timer.ts',
  // status (site)
  publishSite: 'functions/status/publish-site.ts',
  // Automated responses (lib/constructs/automated-responses.ts).
  automationWebhookReactor: 'functions/automation/run-webhook-responses.ts',
  automationLambdaReactor: 'functions/automation/run-lambda-responses.ts',
  automationSsmReactor: 'functions/automation/run-ssm-responses.ts',
  automationSsmStatus: 'functions/automation/handle-ssm-status.ts',
} as const;
