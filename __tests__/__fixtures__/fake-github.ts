/**
 * The tests' fake of GitHub's REST API: the emulator's GitHub companion (emulator/github.js),
 * alone on a port of 127.0.0.1, with the comparisons and runs each test writes. The compare
 * endpoint is paginated (commits by per_page, files 300 a page, at most 3,000 in all; or, with
 * `filesOnFirstPageOnly`, GitHub's documented rule), the Actions runs endpoints list a
 * workflow's runs newest first, filtered by branch and status, with Link headers; a token check
 * and injectable failures. One module with the emulator's: what the tests prove of the action
 * against it holds for what a person tries against the emulator.
 */
import { GITHUB_TOKEN, startGitHub, type GitHubOptions } from '../../emulator/github.js'

export type { Comparison, FakeFile, FakeRun } from '../../emulator/github.js'
export type FakeGitHubOptions = GitHubOptions

export const FAKE_TOKEN = GITHUB_TOKEN

export const startFakeGitHub = (options: FakeGitHubOptions = {}) => startGitHub(options)

export type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>

export const sha = (n: number | string): string => String(n).repeat(40).slice(0, 40)
