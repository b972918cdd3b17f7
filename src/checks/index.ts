/** The checks every contract is held to, in report order. A new check is one entry here (and its name in core/checkNames). */
import type { CheckName } from '../core/checkNames';
import { contentType } from './contentType';
import { echo } from './echo';
import { errorShape } from './errorShape';
import { metadata } from './metadata';
import { nothingCreated } from './nothingCreated';
import { odataType } from './odataType';
import { schema } from './schema';
import { status } from './status';
import type { Check } from './types';

export const checks: readonly Check[] = [status, contentType, schema, echo, odataType, errorShape, nothingCreated, metadata];

// Every name in core/checkNames has its check, and no check is missing a name.
const named: Record<CheckName, Check> = {
  status,
  'content-type': contentType,
  schema,
  echo,
  'odata-type': odataType,
  'error-shape': errorShape,
  'nothing-created': nothingCreated,
  metadata,
};
export const checkNamed = (name: CheckName): Check => named[name];

export type { Check, CheckContext, Outcome } from './types';
