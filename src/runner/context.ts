/**
 * The workflow run's context from @actions/github. Imported from the package's own module rather
 * than its entry point: the entry also builds an Octokit client when it loads, about 9 ms of
 * start-up (measured with `npm run bench`) that a purge never uses. The lockfile pins the layout,
 * and a moved file fails the build rather than the run.
 */
import { Context } from '../../node_modules/@actions/github/lib/context.js'

export const context = new Context()
