/**
 * What automated responses need from storage: the rules, and each incident's executions with the
 * timeline entries that report them. shared/store/automation/dynamo-automation-store.ts implements it.
 */
import type { AutomatedResponseRule, Execution, Trigger } from '#shared/domain/automation/automated-response.ts';
import type { TimelineEntry } from '#shared/domain/incidents/incident.ts';

/** The reactor reads at most this many rules (one partition, one paginated Query). */
export const MAX_RULES = 200;

export interface ExecutionRef {
  readonly incident_id: string;
  readonly trigger: Trigger;
  readonly rule_id: string;
}

export interface AutomationStore {
  listRules(): Promise<AutomatedResponseRule[]>;
  getRule(id: string): Promise<AutomatedResponseRule | undefined>;
  createRule(rule: AutomatedResponseRule): Promise<void>;
  /** Replaces the rule if it is still at `expectedVersion`; false otherwise. */
  replaceRule(rule: AutomatedResponseRule, expectedVersion: number): Promise<boolean>;
  deleteRule(id: string): Promise<boolean>;

  /**
   * Writes the execution of (incident, trigger, rule) if there is none yet (a conditional put):
   * false when one exists, i.e. another delivery of the same event started it.
   */
  startExecution(execution: Execution): Promise<boolean>;
  getExecution(ref: ExecutionRef): Promise<Execution | undefined>;
  /**
   * The execution's next state and its timeline entry in one transaction, if the stored one is
   * still at `expectedVersion`; false otherwise. `externalId` also stores the pointer from an SSM
   * automation execution id back to this execution.
   */
  updateExecution(after: Execution, expectedVersion: number, entry: TimelineEntry | undefined, externalId?: string): Promise<boolean>;
  /** An incident's executions, oldest first (bounded by the number of rules × triggers). */
  listExecutions(incidentId: string): Promise<Execution[]>;
  /** The execution an SSM automation execution id belongs to. */
  findByExternalId(externalId: string): Promise<ExecutionRef | undefined>;
}
