/**
 * How a run names the environment it purged: in the scope line, in the tables and headings of a
 * run of several environments, and in the `zones` output. A run of one environment or of several
 * is reported like a run of one zone or of several, with the environment in the zone's place.
 */
import type { Plan, RunPlan } from '../model.js'
import { code } from './markdown.js'

/** What one part of a run of several is called: its environment's name, or its zone. */
export const partName = (plan: Plan): string =>
  plan.target === undefined ? plan.zone.given : (plan.target.name ?? plan.target.given)

/** How the parts of a run are counted: by zone, or by environment. */
export const partNoun = (plan: Plan): 'zone' | 'environment' =>
  plan.target === undefined ? 'zone' : 'environment'

/** The ID beside a part's name: its environment's, or its zone's. */
export const partId = (plan: Plan, zoneId: string): string => plan.target?.ref ?? zoneId

/** "environment `Staging` (`7c5d…`)": the scope line's words for the environment(s), if any. */
export const environmentScope = (plan: Plan | RunPlan): string | undefined => {
  if ('environments' in plan) {
    const given = plan.environments.map((e) => code(e.given))
    if (given.length === 0) return undefined
    return `${given.length === 1 ? 'environment' : 'environments'} ${given.join(', ')}`
  }
  const { target } = plan
  if (target === undefined)
    return plan.environment === undefined ? undefined : `environment ${code(plan.environment)}`
  const name = target.name ?? target.given
  const production = target.production === true ? ", production: sent to the zone's endpoint" : ''
  return name === target.ref
    ? `environment ${code(name)}`
    : `environment ${code(name)} (${code(target.ref)}${production})`
}

/** What the `zones` output says of the environment of a line, when it has one. */
export const environmentFields = (
  plan: Plan
): { environment: string; environment_id: string; environment_name: string | null } | object =>
  plan.target === undefined
    ? {}
    : {
        environment: plan.target.given,
        environment_id: plan.target.ref,
        environment_name: plan.target.name ?? null
      }
