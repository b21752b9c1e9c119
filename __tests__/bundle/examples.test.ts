/**
 * The workflows in examples/ and the YAML snippets of README.md and docs/ use the action as
 * action.yml declares it: every `with:` key is a declared input, every required input is given.
 * Each example's step of this action (`OWNER/cloudflare-purge-action@v1`) then runs, as the
 * runner would run it, against the emulator (and a fake GitHub for `changed: true`), with the
 * workflow's expressions replaced by test values, and must succeed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../../emulator/server.js'
import { runAction } from '../../scripts/run-action.js'
import { manifestLines } from '../../src/sources/build-manifest.js'
import { hashTree } from '../../src/sources/build-tree.js'
import { startFakeArtifacts, zip, type FakeArtifacts } from '../__fixtures__/fake-artifacts.js'
import { FAKE_TOKEN, sha, startFakeGitHub, type FakeGitHub } from '../__fixtures__/fake-github.js'
import type { Emulator } from '../__fixtures__/helpers.js'

const root = new URL('../..', import.meta.url)
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8')

type Step = {
  name?: string
  id?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
type Workflow = {
  on?: unknown
  permissions?: unknown
  jobs?: Record<string, { 'timeout-minutes'?: unknown; steps?: Step[] }>
}

const OURS = /^OWNER\/cloudflare-purge-action@/
const action = parse(read('action.yml')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
}
const declared = Object.keys(action.inputs)
const required = declared.filter((name) => action.inputs[name]!.required === true)

const stepsOf = (doc: unknown): Step[] => {
  if (Array.isArray(doc)) return doc as Step[]
  if (doc === null || typeof doc !== 'object') return []
  const jobs = (doc as Workflow).jobs
  if (jobs !== undefined) return Object.values(jobs).flatMap((job) => job.steps ?? [])
  return [doc as Step]
}
const ours = (steps: Step[]): Step[] => steps.filter((s) => OURS.test(s.uses ?? ''))

/** What is wrong with one step of this action, as a list of sentences (empty when nothing). */
const problems = (step: Step): string[] => {
  const given = step.with ?? {}
  return [
    ...(step.uses === 'OWNER/cloudflare-purge-action@v1' ? [] : [`uses ${step.uses}, not @v1`]),
    ...Object.keys(given)
      .filter((key) => !declared.includes(key))
      .map((key) => `with: ${key} is not an input of action.yml`),
    ...required
      .filter((name) => String(given[name] ?? '').trim() === '')
      .map((name) => `the required input ${name} is not given`)
  ]
}

const examples = readdirSync(new URL('examples/', root))
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => {
    const text = read(`examples/${name}`)
    return { name, text, doc: parse(text) as Workflow }
  })

/** The ```yaml blocks of the README and of docs/, each with where it is. */
const snippets = ['README.md', ...readdirSync(new URL('docs/', root)).map((f) => `docs/${f}`)]
  .filter((file) => file.endsWith('.md'))
  .flatMap((file) =>
    [...read(file).matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((match, i) => ({
      where: `${file}, YAML block ${i + 1}`,
      doc: parse(match[1]!) as unknown
    }))
  )

describe('the check of a step', () => {
  it('names an unknown input and a missing required one', () => {
    expect(problems({ uses: 'OWNER/cloudflare-purge-action@v1', with: { tokn: 'x' } })).toEqual([
      'with: tokn is not an input of action.yml',
      'the required input zone is not given'
    ])
  })
})

describe('examples/', () => {
  it('has a complete workflow for each documented use', () => {
    const names = examples.map((e) => e.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'purge-changed-after-deploy.yml',
        'purge-by-hand.yml',
        'purge-environment.yml',
        'purge-by-tags.yml',
        'purge-several-zones.yml',
        'purge-and-verify.yml',
        'purge-from-file.yml',
        'purge-when-live.yml',
        'purge-built-site.yml'
      ])
    )
  })

  it.each(examples)(
    '$name is a workflow with a trigger, permissions and job timeouts',
    ({ name, doc }) => {
      expect(doc.on).toBeDefined()
      // changed: last-success and build read the workflow's runs; nothing else needs more.
      expect(doc.permissions).toEqual(
        ['purge-changed-after-deploy.yml', 'purge-built-site.yml'].includes(name)
          ? { contents: 'read', actions: 'read' }
          : { contents: 'read' }
      )
      for (const job of Object.values(doc.jobs ?? {}))
        expect(Number.isInteger(job['timeout-minutes'])).toBe(true)
    }
  )

  it.each(examples)(
    '$name uses the action with declared inputs only, required ones given',
    ({ doc }) => {
      const steps = ours(stepsOf(doc))
      expect(steps.length).toBeGreaterThan(0)
      for (const step of steps)
        expect({ step: step.name ?? step.id, problems: problems(step) }).toEqual({
          step: step.name ?? step.id,
          problems: []
        })
    }
  )
})

describe('the YAML snippets of the README and docs/', () => {
  it('parse, and some use the action', () => {
    expect(snippets.length).toBeGreaterThan(5)
    expect(snippets.filter((s) => ours(stepsOf(s.doc)).length > 0).length).toBeGreaterThan(5)
  })

  it('use the action with declared inputs only, required ones given', () => {
    const found = snippets.flatMap(({ where, doc }) =>
      ours(stepsOf(doc)).flatMap((step) => problems(step).map((problem) => `${where}: ${problem}`))
    )
    expect(found).toEqual([])
  })
})

describe('each example, run against the emulator', () => {
  const BEFORE = sha('1')
  const AFTER = sha('2')
  // The last successful run of the deploy workflow, before the push's own `before`.
  const DEPLOYED = sha('9')
  let api: Emulator
  let github: FakeGitHub
  let artifacts: FakeArtifacts
  beforeAll(async () => {
    // The REST routes of the artifacts, beside the runs: run 8 kept the build of the workspace
    // below, but for blog/index.html, which this build changed.
    artifacts = await startFakeArtifacts({ githubToken: FAKE_TOKEN })
    const built = await hashTree(join(workspace(), 'public'))
    const hashes = new Map(built.files).set('blog/index.html', 'A'.repeat(43))
    const manifest = [
      ...manifestLines({ createdAt: '2026-12-01T00:00:00.000Z', commit: '', files: hashes })
    ]
    artifacts.service.put(
      8,
      'cloudflare-purge-manifest',
      zip([{ name: 'build-manifest.jsonl', data: Buffer.from(manifest.join('')) }])
    )
    // The origin of purge-when-live.yml: it serves the pushed commit already.
    api = await startEmulator({
      plan: 'pro',
      origin: { before: BEFORE, after: AFTER, switchAfterMs: 0 }
    })
    const files = [
      { filename: 'public/blog/index.html', status: 'modified' },
      { filename: 'public/app.js.map', status: 'modified' }
    ]
    github = await startFakeGitHub({
      repository: 'acme/site',
      comparisons: {
        [`${BEFORE}...${AFTER}`]: { status: 'ahead', files },
        [`${DEPLOYED}...${AFTER}`]: { status: 'ahead', files }
      },
      runs: [
        { id: 8, head_sha: DEPLOYED },
        { id: 9, head_sha: BEFORE, conclusion: 'cancelled' },
        { id: 10, head_sha: AFTER, status: 'in_progress' }
      ],
      routes: artifacts.routes
    })
  })
  afterAll(async () => {
    await api.close()
    await github.close()
    await artifacts.close()
  })

  /** A built site, as the examples' ./deploy.sh would leave it. */
  const workspace = (): string => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'example-')))
    for (const page of ['index.html', 'about.html', 'blog/index.html', 'app.js']) {
      mkdirSync(dirname(join(dir, 'public', page)), { recursive: true })
      writeFileSync(join(dir, 'public', page), `<p>${page}</p>`)
    }
    return dir
  }

  /** The values the runner would put in for the examples' expressions. */
  const expressions = (temp: string): Record<string, string> => ({
    'secrets.CLOUDFLARE_PURGE_TOKEN': DEFAULT_TOKEN,
    'vars.CLOUDFLARE_ZONE_ID': DEFAULT_ZONE.id,
    'runner.temp': temp,
    'github.token': FAKE_TOKEN,
    'github.ref': 'refs/heads/main',
    'vars.ORIGIN_VERSION_URL': `${api.url}/origin/version.json`,
    // purge-by-hand.yml, as someone would fill in its form.
    'inputs.urls': 'https://www.example.com/, https://www.example.com/pricing',
    'inputs.tags': 'homepage',
    'inputs.prefixes': 'www.example.com/blog/',
    'inputs.everything': 'false',
    'inputs.mode': 'invalidate'
  })
  const substitute = (value: unknown, values: Record<string, string>): string =>
    String(value).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
      const known = values[expression]
      if (known === undefined) throw new Error(`no test value for the expression ${expression}`)
      return known
    })

  type Accepted = { kind: string; mode: string; items: unknown[] }
  type Result = Awaited<ReturnType<typeof runAction>>
  const itemsOf = (accepted: Accepted[], kind: string): unknown[] =>
    accepted.filter((a) => a.kind === kind).flatMap((a) => a.items)
  /** What each example's purge must have done, beyond succeeding. */
  const outcomes: Record<string, (result: Result, accepted: Accepted[]) => void> = {
    'purge-and-verify.yml': (result) =>
      expect(JSON.parse(result.outputs.verified!)).toEqual({ purged: 2 }),
    'purge-by-hand.yml': (_, accepted) => {
      expect(new Set(accepted.map((a) => a.mode))).toEqual(new Set(['invalidate']))
      expect(itemsOf(accepted, 'files')).toHaveLength(2)
      expect(itemsOf(accepted, 'tags')).toEqual(['homepage'])
      expect(itemsOf(accepted, 'prefixes')).toEqual(['www.example.com/blog/'])
    },
    'purge-by-tags.yml': (_, accepted) =>
      expect(itemsOf(accepted, 'tags').sort()).toEqual(['homepage', 'navigation']),
    'purge-changed-after-deploy.yml': (_, accepted) => {
      // From the compare API, not the fallback: the page under both its URLs, the map excluded.
      expect(itemsOf(accepted, 'files').sort()).toEqual([
        'https://www.example.com/blog/',
        'https://www.example.com/blog/index.html'
      ])
      expect(itemsOf(accepted, 'prefixes')).toEqual([])
      // From the last successful run's commit, past the cancelled run.
      expect(github.requests.at(-1)!.path).toBe(`/repos/acme/site/compare/${DEPLOYED}...${AFTER}`)
    },
    'purge-built-site.yml': (result, accepted) => {
      // From run 8's manifest, not the fallback: the one page this build changed, both URLs.
      expect(itemsOf(accepted, 'files').sort()).toEqual([
        'https://www.example.com/blog/',
        'https://www.example.com/blog/index.html'
      ])
      expect(itemsOf(accepted, 'prefixes')).toEqual([])
      expect(result.stdout).toContain('since the build of run #8')
      // And this run's build is kept for the next.
      expect(artifacts.service.artifacts.filter((a) => a.runId === 10 && a.finalized)).toHaveLength(
        1
      )
    },
    'purge-environment.yml': (result, accepted) => {
      expect(accepted.map((a) => a.kind)).toEqual(['purge_everything'])
      expect(JSON.parse(result.outputs.zones!)).toEqual([
        expect.objectContaining({
          environment: 'staging',
          environment_id: DEFAULT_ZONE.environments[1]!.ref,
          environment_name: 'Staging'
        })
      ])
    },
    'purge-from-file.yml': (_, accepted) =>
      expect(itemsOf(accepted, 'files')).toEqual(
        expect.arrayContaining(['https://www.example.com/', 'https://www.example.com/blog/'])
      ),
    'purge-several-zones.yml': (result) =>
      expect(JSON.parse(result.outputs.zones!)).toHaveLength(2),
    'purge-when-live.yml': (result) => {
      expect(result.summary).toContain('### Waited for the deploy')
      expect(JSON.parse(result.outputs.warmed!)).toEqual(expect.objectContaining({ fetched: 2 }))
    }
  }

  it('knows what each example must purge', () => {
    expect(Object.keys(outcomes).sort()).toEqual(examples.map((e) => e.name))
  })

  it.each(examples)('$name succeeds', async ({ name, doc }) => {
    const dir = workspace()
    const temp = realpathSync(mkdtempSync(join(tmpdir(), 'runner-temp-')))
    const values = expressions(temp)
    const event = join(temp, 'event.json')
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', before: BEFORE, after: AFTER }))
    const env = {
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: temp,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'acme/site',
      GITHUB_SHA: AFTER,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '10',
      GITHUB_API_URL: github.apiUrl,
      CLOUDFLARE_PURGE_EDGE_URL: api.edgeUrl,
      // What the runner gives a JavaScript action to keep artifacts (purge-built-site.yml).
      ACTIONS_RUNTIME_TOKEN: artifacts.service.runtimeToken(10),
      ACTIONS_RESULTS_URL: artifacts.resultsUrl
    }
    api.state.accepted.length = 0
    let ran = 0
    for (const step of stepsOf(doc)) {
      // Shell steps that prepare what the action reads run as written (build and deploy scripts,
      // whose result the workspace stands for, and steps that read the outputs are the user's).
      if (step.run !== undefined && !/build\.sh|deploy\.sh|\$\{\{/.test(step.run)) {
        execFileSync('bash', ['-e', '-c', step.run], { cwd: dir, env: { ...process.env, ...env } })
        continue
      }
      if (!OURS.test(step.uses ?? '')) continue
      // The runner fills in action.yml's defaults for the inputs a step does not give.
      const inputs: Record<string, string> = {}
      for (const [input, spec] of Object.entries(action.inputs))
        if (spec.default !== undefined) inputs[input] = substitute(spec.default, values)
      for (const [input, value] of Object.entries(step.with ?? {}))
        inputs[input] = substitute(value, values)
      inputs.api_url = api.apiUrl
      const result = await runAction(inputs, { cwd: dir, env })
      expect({ name, code: result.code, log: result.code === 0 ? '' : result.stdout }).toEqual({
        name,
        code: 0,
        log: ''
      })
      outcomes[name]!(result, api.state.accepted)
      ran++
    }
    expect(ran).toBeGreaterThan(0)
    expect(api.state.accepted.length).toBeGreaterThan(0)
  })

  it('purge-from-file.yml lists each index.html page under its folder URL too', () => {
    const { doc } = examples.find((e) => e.name === 'purge-from-file.yml')!
    const dir = workspace()
    const temp = realpathSync(mkdtempSync(join(tmpdir(), 'runner-temp-')))
    const list = stepsOf(doc).find((s) => s.run?.includes('purge.txt'))!
    execFileSync('bash', ['-e', '-c', list.run!], {
      cwd: dir,
      env: { ...process.env, RUNNER_TEMP: temp }
    })
    expect(readFileSync(join(temp, 'purge.txt'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'https://www.example.com/',
      'https://www.example.com/about.html',
      'https://www.example.com/blog/',
      'https://www.example.com/blog/index.html',
      'https://www.example.com/index.html'
    ])
  })
})
