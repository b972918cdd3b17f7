/**
 * The switches the server answers with (REFERENCE_FAULTS and REFERENCE_TOLERANCES), and the state a
 * server with exactly those switches keeps: their behaviour and the resources it stores.
 */
import type { Answer } from './http';
import { DocumentedAnswers } from './documentedAnswers';
import type { ServedDocuments } from './servedDocuments';
import { StatefulCollections } from './statefulCollections';
import { ResourceStore } from './store';
import { behaviourOf, type Behaviour, type ServerSwitch } from './switches';

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

  /** The switches change the answer about to be sent. */
  applyTo({ response, context }: Answer): void {
    const { action, type, sent } = context;
    const { registry, servedTypes, suite } = this.documents;
    for (const entry of this.switches)
      entry.respond?.(response, { action, ...(type && { type }), ...(sent !== undefined && { sent }), registry, servedTypes, suite });
  }
}
