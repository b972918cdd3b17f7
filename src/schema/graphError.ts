/** The error body Graph clients depend on: {"error":{"code":string,"message":string,...}}. */
import { EDM_KEYWORD, type Schema } from './buildSchemas';

export const GRAPH_ERROR_SCHEMA: Schema = {
  $id: 'urn:graph-doc-contracts:graph-error',
  [EDM_KEYWORD]: 'Graph error body',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      [EDM_KEYWORD]: 'Graph error object',
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { [EDM_KEYWORD]: 'String', type: 'string', minLength: 1 },
        message: { [EDM_KEYWORD]: 'String', type: 'string' },
        innerError: { [EDM_KEYWORD]: 'inner error object', type: 'object' },
        innererror: { [EDM_KEYWORD]: 'inner error object', type: 'object' },
      },
    },
  },
};
