/**
 * The dry run: what it lists is every request a real run sends first (the zone lookups, the list
 * of environments) and then the purges, and its heading counts exactly that.
 */
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_ZONE, OTHER_ZONE } from '../../emulator/server.js'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs/parse.js'
import { planPurge } from '../../src/plan/plan.js'
import { summaryText } from '../../src/report/report.js'
import { dryRun } from '../../src/steps/dry-run.js'
import { recordingLog } from '../__fixtures__/log.js'

const API = 'http://127.0.0.1:9/client/v4'
const context = { repository: '', sha: '', runUrl: undefined }

const dry = async (inputs: Partial<RawInputs>) => {
  const parsed = parseInputs({
    ...(Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs),
    api_url: API,
    dry_run: 'true',
    ...inputs
  })
  const { lines, log } = recordingLog()
  const report = await dryRun(planPurge(parsed), parsed, context, log)
  const listed = lines.filter(([, m]) => /^(GET|POST) /.test(m)).map(([, m]) => m.split('\n')[0])
  const heading = lines.find(([level]) => level === 'group')![1]
  return { listed, heading, report }
}

describe('dryRun', () => {
  it('lists the lookup of each zone, by name and by ID, before the purges, and counts them all', async () => {
    const { listed, heading, report } = await dry({
      zone: `${DEFAULT_ZONE.name}\n${OTHER_ZONE.id}`,
      tags: 'a',
      hosts: 'www.example.com'
    })
    expect(listed).toEqual([
      `GET ${API}/zones?name=example.com&per_page=50 (to find the zone ID)`,
      `GET ${API}/zones/${OTHER_ZONE.id} (to read its name and plan)`,
      expect.stringMatching(/^POST /),
      expect.stringMatching(/^POST /),
      expect.stringMatching(/^POST /)
    ])
    expect(heading).toBe(
      'Dry run: 5 request(s) that would be sent (2 lookup(s), 3 purge request(s)); none is sent'
    )
    expect(summaryText(report)).toContain('A real run would first send 2 lookup(s)')
  })

  it('lists the lookup of a zone given by ID alone, and the list of environments named', async () => {
    const { listed, heading } = await dry({
      zone: DEFAULT_ZONE.id,
      environment: 'Staging',
      tags: 'a'
    })
    expect(listed).toEqual([
      `GET ${API}/zones/${DEFAULT_ZONE.id} (to read its name and plan)`,
      `GET ${API}/zones/${DEFAULT_ZONE.id}/environments (to find the environment IDs)`,
      `POST ${API}/zones/${DEFAULT_ZONE.id}/environments/<id of Staging>/purge_cache`
    ])
    expect(heading).toMatch(/^Dry run: 3 request\(s\) that would be sent/)
  })
})
