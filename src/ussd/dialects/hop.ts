/**
 * @module ussd/dialects/hop
 * What every dialect derives from a hop the same way: the path of inputs so far, the dial string, the bare
 * service code and the optional gateway extras. Kept in one place so that two dialects never disagree on,
 * say, whether the dial hop's empty input belongs to the path.
 */
import type { UssdHop } from '../types.js';

/**
 * The user's inputs of this session, oldest first, ending with this hop's input (empty on the dial).
 *
 * `hop.history` may or may not hold the dial hop's own input (always ''): it does exactly when it has one
 * entry per earlier hop (`sequence - 1` entries). That entry is not something the user typed, so it is
 * dropped; an empty input the user sent on a later hop is kept (it is a real input, e.g. an empty reply).
 */
export function inputsSoFar(hop: UssdHop): string[] {
  if (hop.first) return [];
  let history = [...hop.history];
  if (history.length > 0 && history.length === hop.sequence - 1 && history[0] === '') history = history.slice(1);
  return [...history, hop.input];
}

/** A gateway extra (`networkCode`, `operator`, `userId`…) or the given default. */
export function extra(hop: UssdHop, key: string, fallback = ''): string {
  const v = hop.extras?.[key];
  return typeof v === 'string' ? v : fallback;
}

/**
 * The string the user dialled: `extras.dialString` when the session starts with a pre-entered route
 * (`*714*5*3#`), else the service code itself.
 */
export function dialString(hop: UssdHop): string {
  return extra(hop, 'dialString', hop.serviceCode);
}

/** The service code without its leading `*` and trailing `#` (`*711*2#` → `711*2`), as Hubtel sends it. */
export function bareServiceCode(serviceCode: string): string {
  return serviceCode.replace(/^\*+/, '').replace(/#+$/, '');
}

/**
 * The dial string with the session's inputs appended (`*415#` then `*415*33#`, `*415*33*1#`): how gateways
 * that "keep appending to the initial dial string" (Advanta `INPUT`) carry the path.
 */
export function dialWithInputs(hop: UssdHop): string {
  const base = dialString(hop).replace(/#+$/, '');
  const inputs = inputsSoFar(hop);
  return `${[base, ...inputs].join('*')}#`;
}
