import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'

const root = new URL('../..', import.meta.url)
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8')

type Step = {
  id?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, string>
}
type Job = {
  uses?: string
  permissions?: unknown
  'timeout-minutes'?: unknown
  strategy?: { matrix?: Record<string, unknown> }
  steps?: Step[]
}
type Workflow = {
  on?: unknown
  permissions?: unknown
  concurrency?: unknown
  jobs: Record<string, Job>
}

const workflows = readdirSync(new URL('.github/workflows/', root)).map((name) => {
  const text = read(`.github/workflows/${name}`)
  return { name, text, doc: parse(text) as Workflow }
})
const workflow = (name: string): Workflow => workflows.find((w) => w.name === name)!.doc
const steps = (doc: Workflow): Step[] => Object.values(doc.jobs).flatMap((job) => job.steps ?? [])

describe('GitHub workflows', () => {
  it('are CI, check-dist, CodeQL and release', () => {
    expect(workflows.map((w) => w.name).sort()).toEqual([
      'check-dist.yml',
      'ci.yml',
      'codeql.yml',
      'release.yml'
    ])
  })

  it.each(workflows)('$name reads contents only, at the top level', ({ doc }) => {
    expect(doc.permissions).toEqual({ contents: 'read' })
  })

  it.each(workflows)('$name pins every third-party action to a commit SHA', ({ doc }) => {
    const uses = [...Object.values(doc.jobs), ...steps(doc)].flatMap((s) => s.uses ?? [])
    for (const ref of uses)
      if (!ref.startsWith('./')) expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)
  })

  it.each(workflows)('$name names the release of every pinned SHA in a comment', ({ text }) => {
    // Dependabot updates the comment along with the SHA; without it a reviewer cannot tell what runs.
    const pinned = text.split('\n').filter((line) => /^\s*(- )?uses: [^.]/.test(line))
    expect(pinned.length).toBeGreaterThan(0)
    for (const line of pinned) expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/)
  })

  it.each(workflows)('$name gives every job a timeout-minutes', ({ doc }) => {
    // The default is 360 minutes: a hung purge or emulator would hold a runner for six hours.
    for (const [id, job] of Object.entries(doc.jobs)) {
      const minutes = job['timeout-minutes']
      expect({ id, integer: Number.isInteger(minutes) }).toEqual({ id, integer: true })
      expect(minutes).toBeGreaterThan(0)
      expect(minutes).toBeLessThanOrEqual(30)
    }
  })

  it.each(workflows)(
    '$name runs once per branch or pull request, cancelling superseded pull request runs',
    ({ doc }) => {
      expect(doc.concurrency).toEqual({
        group: '${{ github.workflow }}-${{ github.ref }}',
        'cancel-in-progress': "${{ github.event_name == 'pull_request' }}"
      })
    }
  )

  it('CI runs .ci/run, and the action itself with uses: ./ against the emulator', () => {
    const ci = workflow('ci.yml')
    expect(steps(ci).some((s) => s.run === 'bash .ci/run')).toBe(true)
    const own = steps(ci).filter((s) => s.uses === './')
    expect(own.length).toBeGreaterThanOrEqual(2)
    for (const step of own) expect(step.with?.api_url).toBe('http://127.0.0.1:8787/client/v4')
  })

  it("CI's emulator command starts the emulator and prints the api_url line CI waits for", async () => {
    const command = steps(workflow('ci.yml'))
      .map((s) => /^node (emulator\/cli\.js(?: --[\w-]+ \S+)*)/m.exec(s.run ?? '')?.[1])
      .find((c) => c !== undefined)
    expect(command).toBe('emulator/cli.js --port 8787 --plan pro')
    // The same flags, on a free port so that the test does not depend on 8787.
    const args = command!.split(' ').map((arg, i, all) => (all[i - 1] === '--port' ? '0' : arg))
    const child = spawn(process.execPath, args, { cwd: root })
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (chunk) => {
          out += chunk
          // What CI's wait loop greps for in the emulator's log.
          if (/api_url.*\n/.test(out)) resolve(out)
        })
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
      })
      expect(printed).toMatch(/api_url: http:\/\/127\.0\.0\.1:\d+\/client\/v4/)
    } finally {
      child.kill()
    }
  })

  it('check-dist rebuilds dist/ the way .ci/run does', () => {
    expect(
      steps(workflow('check-dist.yml')).some((s) => s.run === 'bash scripts/check-dist.sh')
    ).toBe(true)
    expect(read('.ci/run')).toContain('bash scripts/check-dist.sh')
  })

  it('check-dist uploads the rebuilt dist/ as an artifact when it differs', () => {
    const all = steps(workflow('check-dist.yml'))
    const check = all.findIndex((s) => s.run === 'bash scripts/check-dist.sh')
    const id = all[check]?.id
    expect(id).toMatch(/^[\w-]+$/)
    const upload = all.slice(check + 1).find((s) => s.uses?.startsWith('actions/upload-artifact@'))
    expect(upload?.if).toBe(`failure() && steps.${id}.outcome == 'failure'`)
    expect(upload?.with?.path).toMatch(/^dist\/?$/)
    expect(upload?.with?.name).toBe('dist')
  })

  it('CodeQL scans the workflows (actions) and the code (javascript-typescript)', () => {
    const languages = Object.values(workflow('codeql.yml').jobs).flatMap((job) =>
      (job.steps ?? [])
        .filter((s) => s.uses?.startsWith('github/codeql-action/init@'))
        .flatMap((s) => {
          const value = String(s.with?.languages ?? '')
          const fromMatrix = /^\$\{\{ matrix\.(\w+) \}\}$/.exec(value)?.[1]
          const list = fromMatrix === undefined ? value : job.strategy?.matrix?.[fromMatrix]
          return Array.isArray(list) ? list.map(String) : String(list).split(/[\s,]+/)
        })
    )
    expect(languages.sort()).toEqual(['actions', 'javascript-typescript'])
  })
})

describe('the release workflow', () => {
  const release = workflow('release.yml')

  it('runs on pushes to the default branch that change package.json', () => {
    expect(release.on).toEqual({ push: { branches: ['main'], paths: ['package.json'] } })
  })

  it('may write contents in its one job only, and uses nothing but actions/checkout and scripts/release.sh', () => {
    const jobs = Object.values(release.jobs)
    expect(jobs).toHaveLength(1)
    expect(jobs[0]!.permissions).toEqual({ contents: 'write' })
    const all = steps(release)
    const uses = all.flatMap((s) => s.uses ?? [])
    expect(uses.map((u) => u.split('@')[0])).toEqual(['actions/checkout'])
    expect(all.find((s) => s.uses !== undefined)?.with).toEqual({ 'fetch-depth': 0 })
    const run = all.filter((s) => s.run !== undefined)
    expect(run).toHaveLength(1)
    expect(run[0]!.run).toContain('bash scripts/release.sh --publish --since "$BEFORE"')
    expect((run[0] as { env?: Record<string, string> }).env).toEqual({
      GH_TOKEN: '${{ github.token }}',
      BEFORE: '${{ github.event.before }}'
    })
  })

  it("finds release notes for package.json's version in CHANGELOG.md", () => {
    const version = JSON.parse(read('package.json')).version as string
    const notes = execFileSync('bash', ['scripts/release.sh', '--notes'], {
      cwd: root,
      encoding: 'utf8'
    })
    expect(notes.trim().length).toBeGreaterThan(20)
    expect(read('CHANGELOG.md')).toContain(`## [${version}] - `)
    expect(read('CHANGELOG.md')).toContain(notes.trim())
  })
})

describe('issue forms', () => {
  type Form = {
    name?: string
    description?: string
    body?: { type: string; id?: string; attributes?: { label?: string } }[]
  }
  const form = (name: string): Form => parse(read(`.github/ISSUE_TEMPLATE/${name}`)) as Form

  it.each(['bug_report.yml', 'feature_request.yml'])(
    '%s is a form with a name, a description and labelled, uniquely named fields',
    (name) => {
      const { name: title, description, body = [] } = form(name)
      expect(title).toBeTruthy()
      expect(description).toBeTruthy()
      const fields = body.filter((item) => item.type !== 'markdown')
      expect(fields.length).toBeGreaterThanOrEqual(2)
      for (const field of fields) {
        expect(['input', 'textarea', 'dropdown', 'checkboxes']).toContain(field.type)
        expect(field.attributes?.label).toBeTruthy()
      }
      const ids = fields.map((field) => field.id)
      expect(new Set(ids).size).toBe(ids.length)
    }
  )

  it('config.yml sends vulnerabilities to private reporting instead of a blank issue', () => {
    const config = parse(read('.github/ISSUE_TEMPLATE/config.yml')) as {
      blank_issues_enabled?: boolean
      contact_links?: { url: string }[]
    }
    expect(config.blank_issues_enabled).toBe(false)
    expect(config.contact_links?.map((link) => link.url)).toContain(
      'https://github.com/OWNER/cloudflare-purge-action/security/advisories/new'
    )
    expect(read('SECURITY.md')).toContain('/security/advisories/new')
  })
})

describe('npm run local-action', () => {
  it('runs without a prompt, with a pinned @github/local-action', () => {
    // npx without --yes stops at "Ok to proceed?", and cancels when stdin is not a terminal.
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>
    expect(scripts['local-action']).toMatch(
      /^npx --yes @github\/local-action@\d+\.\d+\.\d+ \. src\/main\.ts \.env$/
    )
  })

  it('.env.example writes a job summary to a git-ignored file, and .env is git-ignored', () => {
    const env = Object.fromEntries(
      read('.env.example')
        .split('\n')
        .filter((line) => /^\w+=/.test(line))
        .map((line) => line.split(/=(.*)/s).slice(0, 2))
    ) as Record<string, string>
    const summary = env.GITHUB_STEP_SUMMARY
    expect(summary).toMatch(/^[\w.-]+\.md$/)
    const ignored = (path: string): boolean => {
      try {
        execFileSync('git', ['check-ignore', '--quiet', '--no-index', path], { cwd: root })
        return true
      } catch {
        return false
      }
    }
    expect({ '.env': ignored('.env'), [summary!]: ignored(summary!) }).toEqual({
      '.env': true,
      [summary!]: true
    })
  })
})
