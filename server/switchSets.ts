/**
 * The switches a request is answered with, and the state a server with exactly those switches keeps.
 * The server's own set is REFERENCE_FAULTS and REFERENCE_TOLERANCES. Started with
 * REFERENCE_SWITCH_HEADER=1, a request may add switches by name in `x-reference-switches`, and each
 * distinct choice is a server of its own inside the process: its own behaviour and its own stored
 * resources, so a resource created under one choice is unknown (404) under another. Conditions are not
 * switches: they stay server-wide.
 */
import type { Answer, OutgoingResponse, RequestInfo } from './http';
import { graphError } from './http';
import { DocumentedAnswers } from './documentedAnswers';
import type { ServedDocuments } from './servedDocuments';
import { StatefulCollections } from './statefulCollections';
import { ResourceStore } from './store';
import { commaList } from '../src/config';
import { behaviourOf, pickSwitches, unknownSwitchesMessage, type Behaviour, type ServerSwitch } from './switches';

/** The request header that adds switches for that request (comma-separated fault and tolerance names). */
export const SWITCHES_HEADER = 'x-reference-switches';

/** A server as one set of switches makes it. */
export class SwitchSet {
  readonly behaviour: Behaviour;
  readonly store = new ResourceStore();
  readonly collections: StatefulCollections;
  readonly documented: DocumentedAnswers;

  constructor(
    private readonly documents: ServedDocuments,
    private readonly switches: readonly ServerSwitch[],
  ) {
    this.behaviour = behaviourOf(switches);
    this.documented = new DocumentedAnswers(documents, this.store, this.behaviour);
    this.collections = new StatefulCollections(documents, this.store, this.behaviour, this.documented);
  }

  /** The switches change the answer about to be sent. The service's own metadata is no page's promise: none changes it. */
  applyTo({ response, context }: Answer): void {
    if (context.action === 'metadata') return;
    const { action, type, sent } = context;
    const { registry, servedTypes, suite } = this.documents;
    for (const entry of this.switches)
      entry.respond?.(response, { action, ...(type && { type }), ...(sent !== undefined && { sent }), registry, servedTypes, suite });
  }
}

export class SwitchSets {
  private readonly serverWide: SwitchSet;
  /** The sets requests chose, by the names they added. */
  private readonly chosen = new Map<string, SwitchSet>();

  constructor(
    private readonly documents: ServedDocuments,
    private readonly switches: readonly ServerSwitch[],
    /** The switches a request may add by header; undefined: the header is ignored. */
    private readonly byHeader: readonly ServerSwitch[] | undefined,
  ) {
    this.serverWide = new SwitchSet(documents, switches);
  }

  /** The set a request is answered with: the server's own, plus what its header adds; a 400 for a name no switch has. */
  chosenBy(request: RequestInfo): { set: SwitchSet } | { refused: OutgoingResponse } {
    const header = request.headers[SWITCHES_HEADER];
    if (!this.byHeader || header === undefined) return { set: this.serverWide };
    const { picked, unknown } = pickSwitches(commaList([header].flat().join(',')), this.byHeader);
    if (unknown.length) return { refused: graphError(400, 'BadRequest', unknownSwitchesMessage(SWITCHES_HEADER, unknown, this.byHeader)) };
    const added = [...new Set(picked)].filter((entry) => !this.switches.includes(entry));
    if (!added.length) return { set: this.serverWide };
    const key = added.map((entry) => entry.name).join(',');
    let set = this.chosen.get(key);
    if (!set) this.chosen.set(key, (set = new SwitchSet(this.documents, [...this.switches, ...added])));
    return { set };
  }

  /** Absolute URLs of every resource held, under any switch set. */
  urls(origin: string): string[] {
    return [this.serverWide, ...this.chosen.values()].flatMap((set) => set.store.urls(origin, this.documents.basePath));
  }
}
