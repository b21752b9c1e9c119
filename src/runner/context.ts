/**
 * The workflow run's context from @actions/github. Imported from the package's own module rather
 * than its entry point: the entry also builds an Octokit client when it loads, about 9 ms of
 * start-up (measured with `npm run bench`) that a purge never uses. The lockfile pins the layout,
 * and a moved file fails the build rather than the run.
 */
import { Context } from '../../node_modules/@actions/github/lib/context.js'
import type { RunContext } from '../report/report.js'
import { defaultRoots } from '../inputs/workspace-file.js'
import type { ChangeEnv } from '../sources/changes.js'
import { ACTION_NAME, VERSION } from '../version.js'

export const context = new Context()

/** The repository, commit and run link, read without throwing where a local run lacks them. */
export const runContext = (): RunContext => {
  // Not context.repo: it throws when GITHUB_REPOSITORY is unset, as in a local run.
  const repository = process.env.GITHUB_REPOSITORY ?? ''
  return {
    repository,
    sha: context.sha ?? '',
    runUrl:
      repository !== '' && context.runId
        ? `${context.serverUrl}/${repository}/actions/runs/${context.runId}`
        : undefined
  }
}

/** Says who calls, so that Cloudflare (and the site's logs) can tell the action's requests. */
export const userAgent = (ctx: RunContext): string =>
  `${ACTION_NAME}/${VERSION} (+https://github.com/${ctx.repository || 'local'}${context.runId ? `; run ${context.runId}` : ''})`

/** What the changed-files step needs from the run: the event, the repository, the API, the time left. */
export const envFromContext = (timeLeftMs: number, userAgent: string): ChangeEnv => ({
  event: { name: context.eventName ?? '', payload: context.payload, sha: context.sha ?? '' },
  repository: process.env.GITHUB_REPOSITORY ?? '',
  githubApiUrl: context.apiUrl,
  userAgent,
  roots: defaultRoots(),
  deadline: Date.now() + timeLeftMs,
  runId: process.env.GITHUB_RUN_ID ?? '',
  ref: process.env.GITHUB_REF ?? '',
  serverUrl: context.serverUrl
})
