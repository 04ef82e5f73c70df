/**
 * The production wiring of the three reactors (one per action type, each bundling only the SDK
 * client it calls: the bundle budget is 400 KiB, and Lambda + SSM together exceed it) and of the
 * SSM status handler (no action client at all).
 */
import { config } from '#shared/config.ts';
import type { ActionRunners } from '#shared/automation/actions.ts';
import type { ActionType } from '#shared/domain/automation/automated-response.ts';
import type { AutomationDeps } from '#shared/use-cases/automation/context.ts';
import { readDeps } from '#shared/use-cases/automation/deps.ts';
import { systemClock } from '#shared/use-cases/context.ts';

export function reactorDeps(type: ActionType, actions: ActionRunners): AutomationDeps {
  return { ...readDeps, actions, handles: [type], now: systemClock };
}

export const statusDeps: Pick<AutomationDeps, 'automation' | 'incidents' | 'now'> = { ...readDeps, now: systemClock };

export const namespace = config.EVENT_NAMESPACE;
