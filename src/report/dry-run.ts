import { kindLabel, type Kind, type RunPlan } from '../model.js'
import { count } from '../text.js'
import { cell, table } from './markdown.js'
import { nothingPurged } from './outputs.js'
import { scope, type Report, type RunContext } from './report.js'

/** What a dry run would send, per kind (and zone, with several), and that nothing was sent. */
export const reportDryRun = (
  plan: RunPlan,
  requests: { kind: Kind; zone: string }[],
  context: RunContext,
  unrouted: string[] = [],
  /** The GETs a real run sends first (zone lookups, the list of environments). */
  lookups = 0
): Report => {
  const several = plan.zones.length > 1
  const zones = several ? plan.zones.map((z) => z.given) : [undefined]
  const rows = zones.flatMap((zone) =>
    plan.kinds.flatMap((k) => {
      const sent = requests.filter(
        (r) => r.kind === k.kind && (zone === undefined || r.zone === zone)
      )
      if (several && sent.length === 0) return []
      const items = k.kind === 'purge_everything' ? 1 : k.items.length
      return [
        several
          ? [cell(zone!), kindLabel(k.kind), count(sent.length)]
          : [kindLabel(k.kind), count(items), count(k.duplicates), count(sent.length)]
      ]
    })
  )
  const columns = several
    ? ['Zone', 'Kind', '>Requests']
    : ['Kind', '>Items', '>Duplicates dropped', '>Requests']
  const pending =
    unrouted.length === 0
      ? ''
      : `\n\n${count(unrouted.length)} item(s) are routed once the zones given by ID are looked up (their names decide where each URL, host or prefix goes).`
  return {
    outputs: nothingPurged(plan, []),
    summary: {
      status: 'dry-run',
      title: `Cloudflare cache ${plan.mode}: dry run`,
      scope: scope(plan, undefined, context),
      sections: [
        { body: `${table(columns, rows)}${pending}` },
        {
          body: `${lookups > 0 ? `A real run would first send ${count(lookups)} lookup(s), listed in the log with the requests. ` : ''}Nothing was sent: the dry_run input is true.`
        }
      ]
    },
    failure: undefined
  }
}
