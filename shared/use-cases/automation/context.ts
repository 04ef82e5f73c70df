/** What the automated-response use cases receive (production wiring in deps.ts, local in shared/local/event-pipeline.ts). */
import type { ActionRunners, GetAutomation } from '#shared/automation/actions.ts';
import type { ActionType } from '#shared/domain/automation/automated-response.ts';
import type { Lookup } from '#shared/notify/target-safety.ts';
import type { AutomationStore } from '#shared/store/automation/automation-store.ts';
import type { IncidentStore } from '#shared/store/incidents/incident-store.ts';

export interface AllowLists {
  /** Lambda function ARNs a rule may invoke. */
  readonly lambda: readonly string[];
  /** SSM Automation document names (or ARNs) a rule may start. */
  readonly ssm: readonly string[];
}

export interface RuleDeps {
  readonly automation: AutomationStore;
  readonly allow: AllowLists;
  readonly stage: string;
  readonly lookup?: Lookup;
  readonly now: () => Date;
}

export interface AutomationDeps {
  readonly automation: AutomationStore;
  readonly incidents: Pick<IncidentStore, 'get'>;
  readonly actions: ActionRunners;
  /**
   * The action types this reactor runs; rules of other types are left to the reactor that runs
   * them (in AWS one function per type, each with only its SDK client; locally one for all).
   */
  readonly handles: readonly ActionType[];
  readonly now: () => Date;
  /** SSM: the poll that follows an execution when its status events do not arrive. */
  readonly getAutomation?: GetAutomation;
}

/** `A,B, C` → ['A', 'B', 'C'] (the allow-lists come from the environment). */
export const parseAllowList = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
