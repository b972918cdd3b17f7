/**
 * Switches change how the reference server behaves, for the self-test matrix: a fault breaks exactly
 * one documented promise, a tolerance is a liberty the documents allow. Both are plain entries in a
 * list; the server applies the ones named in REFERENCE_FAULTS / REFERENCE_TOLERANCES, and, when started
 * with REFERENCE_SWITCH_HEADER=1, those a request names in its `x-reference-switches` header.
 */
import type { Suite } from '../src/contracts/loadContracts';
import type { TypeDef, TypeRegistry } from '../src/contracts/typeRegistry';
import { typedSlots, type TypedSlot } from '../src/contracts/typedValues';
import { isObject } from '../src/core/json';
import type { Action, OutgoingResponse } from './http';
import type { Resource } from './store';

export interface SwitchContext {
  action: Action;
  /** The resource type of the collection addressed, when one is. */
  type?: TypeDef;
  registry: TypeRegistry;
  /** The request body as sent, parsed, when there was one. */
  sent?: unknown;
  /** Every resource type the server serves (faults may need "another" type). */
  servedTypes: TypeDef[];
  /** The contracts the server was built from (a switch may answer as a documented example does). */
  suite?: Suite;
}

export interface Behaviour {
  skipAuth: boolean;
  acceptInvalidInput: boolean;
  ignoreUpdates: boolean;
  unknownIdsFound: boolean;
  keepDateOffsets: boolean;
  unsentCollectionsEmpty: boolean;
}

const DEFAULT_BEHAVIOUR: Behaviour = {
  skipAuth: false,
  acceptInvalidInput: false,
  ignoreUpdates: false,
  unknownIdsFound: false,
  keepDateOffsets: false,
  unsentCollectionsEmpty: false,
};

/** How the server behaves with these switches on (each switch's behaviour, later ones winning). */
export const behaviourOf = (switches: readonly ServerSwitch[]): Behaviour =>
  switches.reduce<Behaviour>((merged, entry) => ({ ...merged, ...entry.behaviour }), { ...DEFAULT_BEHAVIOUR });

export interface ServerSwitch {
  name: string;
  /** The promise a fault breaks, or the liberty a tolerance takes, in a few words. */
  description: string;
  behaviour?: Partial<Behaviour>;
  /** Changes the response about to be sent (a copy; stored resources are not affected). */
  respond?: (response: OutgoingResponse, context: SwitchContext) => void;
}

const RESOURCE_ACTIONS: readonly Action[] = ['create', 'read', 'update'];

/** A switch that rewrites single-resource bodies (create, read, update answers). */
export function onResource(
  name: string,
  description: string,
  change: (body: Resource, slots: TypedSlot[], context: SwitchContext) => void,
  actions: readonly Action[] = RESOURCE_ACTIONS,
): ServerSwitch {
  return {
    name,
    description,
    respond(response, context) {
      if (!actions.includes(context.action) || !context.type || !isObject(response.body)) return;
      change(response.body, typedSlots(response.body, context.type.name, context.registry), context);
    },
  };
}

/** Every object inside a value, the value itself included, depth first. */
export function objectsIn(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((item) => objectsIn(item, found));
  else if (isObject(value)) {
    found.push(value);
    Object.values(value).forEach((child) => objectsIn(child, found));
  }
  return found;
}

/** Was this slot's property sent in the request (same path)? */
export function wasSent(slot: TypedSlot, sent: unknown): boolean {
  let value: unknown = sent;
  for (const key of slot.path) {
    if (value === null || typeof value !== 'object' || !(key in value)) return false;
    value = (value as Record<string | number, unknown>)[key];
  }
  return true;
}

/** The entries the names pick, in the names' order, and the names no entry has. */
export function pickSwitches<T extends { name: string }>(
  names: readonly string[],
  known: readonly T[],
): { picked: T[]; unknown: string[] } {
  const picked: T[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const entry = known.find((candidate) => candidate.name === name);
    if (entry) picked.push(entry);
    else unknown.push(name);
  }
  return { picked, unknown };
}

/** The one line that refuses unknown names (a configuration error, or a 400 for the header): which ones, and the known ones. */
export const unknownSwitchesMessage = (where: string, unknown: readonly string[], known: readonly { name: string }[]) =>
  `${where}: unknown switch ${unknown.join(', ')}; known: ${known.map((entry) => entry.name).join(', ')}`;
