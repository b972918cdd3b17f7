/**
 * A request its page answers with several documented responses (a standard channel, a private one,
 * moderation on or off): the response keeps its promises when it keeps those of any one of them. The
 * documented responses are tried in page order, the first kept wins; when none is, the closest one (fewest
 * broken promises) is the one shown. Either way the report says which one it was.
 */
import type { Contract } from '../contracts/contractExample';
import type { CheckReport } from './run';

const ORDINALS = ['1st', '2nd', '3rd'];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;
const brokenPromises = (reports: readonly CheckReport[]) =>
  reports.reduce((sum, report) => sum + (report.outcome === 'broken' ? report.violations.length : report.outcome === 'crashed' ? 1 : 0), 0);

export interface Matched {
  /** The documented response the answer was held to. */
  contract: Contract;
  reports: CheckReport[];
  /** Which of the page's responses that was, when it documents more than one. */
  note?: string;
}

export async function checkAlternatives(contract: Contract, check: (contract: Contract) => Promise<CheckReport[]>): Promise<Matched> {
  const reports = await check(contract);
  const alternatives = contract.kind === 'documented' ? (contract.alternatives ?? []) : [];
  if (!alternatives.length) return { contract, reports };
  const candidates = [contract, ...alternatives];
  const line = (c: Contract) => c.pair.response?.line ?? c.pair.request.line;
  // Each candidate's broken promises, counted once.
  const tried: { matched: Matched; broken: number }[] = [{ matched: { contract, reports }, broken: brokenPromises(reports) }];
  for (const alternative of tried[0].broken ? alternatives : []) {
    const matched = { contract: alternative, reports: await check(alternative) };
    const broken = brokenPromises(matched.reports);
    tried.push({ matched, broken });
    if (!broken) break;
  }
  const kept = tried.find((t) => !t.broken);
  const { matched: chosen } = kept ?? tried.reduce((best, t) => (t.broken < best.broken ? t : best));
  const which = `the ${ordinal(candidates.indexOf(chosen.contract) + 1)} of ${candidates.length} documented responses (${contract.page.file}:${line(chosen.contract)})`;
  return {
    ...chosen,
    note: kept ? `matched ${which}` : `none of the ${candidates.length} documented responses was kept; shown: the closest, ${which}`,
  };
}
