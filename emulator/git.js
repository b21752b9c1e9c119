// @ts-check
/**
 * Comparisons read from a local git repository, as GitHub's compare API computes them for
 * `base...head`: the commits of base..head, oldest first; the files that differ from the merge
 * base to head (`git diff --name-status -M` from `git merge-base base head`: added, modified,
 * removed, renamed with the previous name, a type change as "changed"); `ahead_by` and
 * `behind_by` counted each way, and from them `status`: `identical`, `ahead`, `behind` (a
 * rollback: no file listed, since head adds nothing to the merge base) or `diverged`.
 *
 * Where GitHub's docs are silent the emulator guesses, and says so here: two histories with no
 * common commit answer 404 like an unknown commit; a removed file's `sha` is that of the blob
 * removed. Every ref given is checked (no option can be smuggled in) and resolved to a commit
 * before any other git command sees it.
 *
 * @typedef {import('./github-compare.js').Comparison} Comparison
 * @typedef {import('./github-compare.js').FakeCommit} FakeCommit
 * @typedef {import('./github-compare.js').FakeFile} FakeFile
 */
import { execFile } from 'node:child_process'
import { resolve as resolvePath } from 'node:path'

/** A ref as people write one: a SHA, a branch or tag, `HEAD~2`, `v1.0^`. */
const REF = /^(?!-)[\w./~^-]{1,255}$/
const LETTERS = /** @type {Record<string, string>} */ ({
  A: 'added',
  M: 'modified',
  D: 'removed',
  R: 'renamed',
  C: 'copied',
  T: 'changed'
})
// Fields of one commit, a unit separator between them; the message last (it may hold anything).
const FORMAT = '--format=%H%x1f%T%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B'

/**
 * Runs git in `dir`; its output, or undefined when it exits with an error (a ref it does not know).
 * @param {string} dir @param {string[]} args @returns {Promise<string | undefined>}
 */
const git = (dir, args) =>
  new Promise((resolve) =>
    execFile(
      'git',
      ['-C', dir, '-c', 'core.quotepath=false', ...args],
      {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        timeout: 30_000,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }
      },
      (error, stdout) => resolve(error ? undefined : stdout)
    )
  )

/** @param {string} record @returns {FakeCommit} */
const readCommit = (record) => {
  const [sha = '', tree, parents = '', an, ae, ad, cn, ce, cd, message = ''] = record.split('\x1f')
  return {
    sha,
    tree,
    parents: parents.split(' ').filter(Boolean),
    author: { name: an, email: ae, date: ad },
    committer: { name: cn, email: ce, date: cd },
    message: message.replace(/\n+$/, '')
  }
}

/** `git diff --raw -z` and `--numstat -z` together: one entry a file. @param {string} raw @param {string} numstat @returns {FakeFile[]} */
export const readDiff = (raw, numstat) => {
  /** Lines added and deleted, by the file's (new) name. @type {Map<string, [number, number]>} */
  const counts = new Map()
  const stats = numstat.split('\0')
  for (let i = 0; i < stats.length - 1; i++) {
    const [added = '-', deleted = '-', path = ''] = /** @type {string} */ (stats[i]).split('\t')
    // A rename's names follow as two fields of their own: the old, then the new.
    const name = path === '' ? ((i += 2), stats[i]) : path
    counts.set(name ?? '', [Number(added) || 0, Number(deleted) || 0])
  }
  /** @type {FakeFile[]} */
  const files = []
  const fields = raw.split('\0')
  for (let i = 0; i < fields.length - 1; i++) {
    const meta = /** @type {string} */ (fields[i])
    if (!meta.startsWith(':')) continue
    const [, , oldSha, newSha, letters = ''] = meta.slice(1).split(' ')
    const letter = letters.charAt(0)
    const two = letter === 'R' || letter === 'C'
    const first = fields[++i] ?? ''
    const filename = two ? (fields[++i] ?? '') : first
    const [additions, deletions] = counts.get(filename) ?? [0, 0]
    files.push({
      filename,
      status: LETTERS[letter] ?? 'changed',
      ...(two ? { previous_filename: first } : {}),
      additions,
      deletions,
      sha: letter === 'D' ? (oldSha ?? null) : (newSha ?? null)
    })
  }
  return files
}

/** The commit a ref names in the repository at `root`, or undefined. @param {string} root @param {string} ref */
const resolveIn = async (root, ref) => {
  if (!REF.test(ref)) return undefined
  const sha = await git(root, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${ref}^{commit}`
  ])
  return sha?.trim() || undefined
}

/** Commits as `git log` lists them. @param {string} root @param {string[]} args */
const commitsIn = async (root, ...args) =>
  ((await git(root, ['log', '-z', FORMAT, ...args])) ?? '')
    .split('\0')
    .filter((record) => record !== '')
    .map(readCommit)

/** @param {number} ahead @param {number} behind @returns {Comparison['status']} */
const statusOf = (ahead, behind) =>
  ahead === 0 ? (behind === 0 ? 'identical' : 'behind') : behind === 0 ? 'ahead' : 'diverged'

/**
 * `base...head` as GitHub compares it, or undefined when either is unknown.
 * @param {string} root @param {string} base @param {string} head @returns {Promise<Comparison | undefined>}
 */
const compareIn = async (root, base, head) => {
  const [from, to] = await Promise.all([resolveIn(root, base), resolveIn(root, head)])
  if (from === undefined || to === undefined) return undefined
  const mergeBase = (await git(root, ['merge-base', from, to]))?.trim()
  if (mergeBase === undefined || mergeBase === '') return undefined
  const range = ['-z', '-M', '--no-ext-diff', '--no-textconv', mergeBase, to]
  const [ahead, behind, raw, numstat, [baseCommit], [mergeBaseCommit]] = await Promise.all([
    commitsIn(root, '--reverse', `${from}..${to}`),
    git(root, ['rev-list', '--count', `${to}..${from}`]),
    git(root, ['diff', '--raw', '--no-abbrev', ...range]),
    git(root, ['diff', '--numstat', ...range]),
    commitsIn(root, '-1', from),
    commitsIn(root, '-1', mergeBase)
  ])
  const behindBy = Number(behind ?? 0)
  return {
    status: statusOf(ahead.length, behindBy),
    commits: ahead,
    behind_by: behindBy,
    files: readDiff(raw ?? '', numstat ?? ''),
    base: baseCommit,
    merge_base: mergeBaseCommit,
    head: to
  }
}

/**
 * A git repository to compare in. Throws when `dir` is not one.
 * @param {string} dir
 */
export const gitRepository = async (dir) => {
  const root = (await git(resolvePath(dir), ['rev-parse', '--show-toplevel']))?.trim()
  if (root === undefined || root === '')
    throw new Error(`${JSON.stringify(dir)} is not in a git repository (git rev-parse failed)`)
  const branch = (await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']))?.trim() || 'main'
  /** @param {string} ref */
  const resolve = (ref) => resolveIn(root, ref)
  return {
    root,
    /** The branch checked out (runs are on it unless they say otherwise); "main" when detached. */
    branch,
    resolve,
    /** @type {import('./github-compare.js').CompareSource} */
    compare: (base, head) => compareIn(root, base, head),
    /**
     * A push event of the last commit on the branch (`before` its parent, `after` HEAD), as the
     * runner writes one to GITHUB_EVENT_PATH; undefined when HEAD has no parent.
     * @param {string} repository "owner/name"
     */
    pushEvent: async (repository) => {
      const [after, before] = await Promise.all([resolve('HEAD'), resolve('HEAD~1')])
      if (after === undefined || before === undefined) return undefined
      return {
        ref: `refs/heads/${branch}`,
        before,
        after,
        created: false,
        deleted: false,
        forced: false,
        repository: { full_name: repository },
        head_commit: { id: after }
      }
    }
  }
}
