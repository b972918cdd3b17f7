/** The checks every documented example is held to, in report order. A new check is one entry here. */
import { contentType } from './contentType';
import { echo } from './echo';
import { errorShape } from './errorShape';
import { nothingCreated } from './nothingCreated';
import { odataType } from './odataType';
import { schema } from './schema';
import { status } from './status';
import type { Check } from './types';

export const checks: readonly Check[] = [status, contentType, schema, echo, odataType, errorShape, nothingCreated];

export type { Check, CheckContext, Exchange, Outcome } from './types';
