import { isObject } from '../core/json';
import { kept, notApplicable, requestLine, outcomeOf, type Check } from './types';

/** A rejected request leaves nothing behind: no resource carrying its marker, no item at the unknown id. */
export const nothingCreated: Check = {
  name: 'nothing-created',
  promise: () => 'a rejected request leaves no resource behind',
  documentedAt: requestLine,
  listedFor: (contract) => contract.kind === 'negative',
  whyNotApplicable: (contract) =>
    contract.kind === 'negative' && contract.probe ? undefined : 'nothing identifies a resource this request could have created',
  async verify({ contract, readBack }) {
    const probe = contract.kind === 'negative' ? contract.probe : undefined;
    const reads = await readBack();
    const first = reads[0];
    if (!probe || !first) return notApplicable('nothing was read back');
    const { request, response } = first;
    if (probe.kind === 'item') {
      if (response.status === 404) return kept;
      if (response.status >= 200 && response.status < 300) {
        return outcomeOf([{ actual: `GET ${request.url} answered ${response.status}: the rejected request left a resource at this id` }]);
      }
      return notApplicable(`GET ${request.url} answered ${response.status}; the target offers no read-back of items`);
    }
    const pages = reads.map((exchange) => exchange.response.json);
    if (response.status !== 200 || !pages.every((page) => isObject(page) && Array.isArray(page.value))) {
      return notApplicable(
        `GET ${request.url} answered ${response.status} without a "value" list; the target offers no read-back of the collection`,
      );
    }
    const found = pages
      .flatMap((page) => (page as { value: unknown[] }).value)
      .filter((item) => isObject(item) && item[probe.property] === probe.value);
    return found.length
      ? outcomeOf([
          {
            actual: `${request.url} holds ${found.map((item) => idText((item as { id?: unknown }).id)).join(', ')} with ${probe.property} = "${probe.value}": the rejected request created it`,
          },
        ])
      : kept;
  },
};

/** An id as the target wrote it (one that is neither string nor number as JSON, never as [object Object]). */
const idText = (id: unknown) =>
  id === undefined ? '(no id)' : typeof id === 'string' || typeof id === 'number' ? String(id) : JSON.stringify(id);
