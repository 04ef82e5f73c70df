/**
 * Components: the registered things an incident affects (a service in a region, a database...).
 * A component is identified by its name plus attributes (`[{name, value}]`, e.g. region, category,
 * type); a request names a component by its name and some of its attributes and matches the
 * component whose attributes contain the given ones. Pure: no AWS imports.
 */
import { ConflictError, InvalidInputError, NotFoundError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';

export interface Attribute {
  readonly name: string;
  readonly value: string;
}

export interface Component {
  id: string;
  name: string;
  description: string;
  attributes: Attribute[];
  display_group: string | null;
  created_at: string;
  updated_at: string;
  /** Bumped by every change of the component and by every component-status decision about it. */
  version: number;
}

export const COMPONENT_FIELDS = ['id', 'name', 'description', 'attributes', 'display_group', 'created_at', 'updated_at', 'version'] as const satisfies readonly (keyof Component)[];

export const COMPONENT_ID_PATTERN = /^CMP-[0-9A-HJKMNP-TV-Z]{26}$/;

export const newComponentId = (now: number = Date.now()): string => `CMP-${ulid(now)}`;

export interface ComponentInput {
  name: string;
  description?: string | undefined;
  attributes?: Attribute[] | undefined;
  display_group?: string | null | undefined;
}

/** Attributes in a canonical order (by name, then value), without duplicates. */
export function normalizeAttributes(attributes: readonly Attribute[]): Attribute[] {
  const seen = new Set<string>();
  const out: Attribute[] = [];
  for (const a of attributes) {
    const key = `${a.name}\u0000${a.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: a.name, value: a.value });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.value.localeCompare(b.value));
}

const sameAttributes = (a: readonly Attribute[], b: readonly Attribute[]): boolean =>
  JSON.stringify(normalizeAttributes(a)) === JSON.stringify(normalizeAttributes(b));

export function newComponent(id: string, input: ComponentInput, now: string): Component {
  return {
    id,
    name: input.name,
    description: input.description ?? '',
    attributes: normalizeAttributes(input.attributes ?? []),
    display_group: input.display_group ?? null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

export function patchComponent(before: Component, patch: Partial<ComponentInput>, now: string): Component {
  return {
    ...before,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.attributes !== undefined ? { attributes: normalizeAttributes(patch.attributes) } : {}),
    ...(patch.display_group !== undefined ? { display_group: patch.display_group } : {}),
    updated_at: now,
    version: before.version + 1,
  };
}

/** Two components may share a name only if their attribute sets differ. */
export function assertUnique(candidate: Component, others: readonly Component[]): void {
  const twin = others.find((o) => o.id !== candidate.id && o.name === candidate.name && sameAttributes(o.attributes, candidate.attributes));
  if (twin) {
    throw new ConflictError(`A component named '${candidate.name}' with the same attributes already exists (${twin.id}).`, { existingComponentId: twin.id });
  }
}

/** `api (region=eu-de, type=http)`: how a component is named in timelines and messages. */
export function componentLabel(component: Pick<Component, 'name' | 'attributes'>): string {
  if (component.attributes.length === 0) return component.name;
  return `${component.name} (${component.attributes.map((a) => `${a.name}=${a.value}`).join(', ')})`;
}

const contains = (attributes: readonly Attribute[], wanted: Attribute): boolean => attributes.some((a) => a.name === wanted.name && a.value === wanted.value);

/** Every component with this name whose attributes contain all the given ones. */
export function matchComponents(components: readonly Component[], name: string, attributes: readonly Attribute[] = []): Component[] {
  return components.filter((c) => c.name === name && attributes.every((a) => contains(c.attributes, a)));
}

/**
 * The one component a request means. Several candidates: the one whose attributes are exactly the
 * given ones wins; otherwise the request is ambiguous (400, listing the candidates). None: 404.
 */
export function resolveComponent(components: readonly Component[], name: string, attributes: readonly Attribute[] = []): Component {
  const candidates = matchComponents(components, name, attributes);
  const given = attributes.map((a) => `${a.name}=${a.value}`).join(', ');
  if (candidates.length === 0) {
    const sameName = components.filter((c) => c.name === name).length;
    const why = sameName === 0 ? `no component is named '${name}'` : `${sameName} component(s) are named '${name}' but none has the attributes [${given}]`;
    throw new NotFoundError(`Unknown component: ${why}. Register it with POST /v1/components (admin) or fix the name and attributes.`, {
      component: { name, attributes },
    });
  }
  if (candidates.length === 1) return candidates[0] as Component;
  const exact = candidates.filter((c) => sameAttributes(c.attributes, attributes));
  if (exact.length === 1) return exact[0] as Component;
  throw new InvalidInputError(
    `Ambiguous component: ${candidates.length} components named '${name}' have the attributes [${given}]; add attributes to pick one: ${candidates.map(componentLabel).join('; ')}.`,
    { candidates: candidates.map((c) => ({ id: c.id, name: c.name, attributes: c.attributes })) },
  );
}
