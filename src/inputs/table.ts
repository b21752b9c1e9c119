/**
 * The action's inputs: the one table that declares each of them, in action.yml's order, with its
 * default, its kind, the short description action.yml shows, the details docs/inputs.md shows,
 * and the reader that turns its text into a value. `npm run docs` writes action.yml's inputs, the
 * README's input table and docs/inputs.md from it; a test holds them to it.
 */
import { readApiUrl } from './api-url.js'
import { readChanged, readSiteDir, readSitemap, readSiteUrl } from './changed.js'
import { readChangedRules } from './changed-rules.js'
import { readGithubToken, readToken } from './credentials.js'
import { readEnvironments } from './environments.js'
import { readGateUrls, readWaitFor } from './gate.js'
import { choice, flag, list, seconds, text, wholeNumber, type Reading } from './kit.js'
import { readVerifyUrls } from './verify.js'
import { readWarm } from './warm.js'
import { readZones } from './zones.js'

export interface InputSpec<T = unknown> extends Reading<T> {
  /** What action.yml declares, and what an empty value means. */
  default?: string
  /** Declared required in action.yml (the runner does not enforce it: the reader does). */
  required?: boolean
  /** What the workflow editor and the Marketplace show: at most 200 characters. */
  short: string
  /** Markdown for docs/inputs.md: what the short description leaves out. */
  details?: string
  /**
   * The input whose setting this one is used under: given while that one is off, it is ignored
   * with a warning. `github_token`'s default is filled in by the runner: never "given".
   */
  under?: 'changed' | 'verify' | 'wait_for_url'
  /** The default is an expression the runner fills in (`${{ github.token }}`). */
  runnerDefault?: boolean
}

/** A job's limit on GitHub-hosted runners, in seconds. */
export const MAX_TIMEOUT_SECONDS = 21_600
/** The longest `wait_timeout`, in seconds: an hour. */
export const MAX_WAIT_TIMEOUT_SECONDS = 3600
/** The most `changed_max_urls` may be: far past what one push of a site changes. */
export const MAX_CHANGED_URLS = 1_000_000

export const INPUTS = {
  token: {
    ...text('a secret', readToken),
    short:
      'Cloudflare API token with Zone > Cache Purge (and Zone > Zone > Read for a zone given by name). Keep it in a secret. Not needed for a dry run.',
    details:
      'Sent as `Authorization: Bearer`. An account API token (`cfat_`) works as a user token (`cfut_`) does. A Global API Key is refused: v1 takes API tokens only, which can be limited to purging. [The token](../README.md#the-token) lists the permissions each input needs.'
  },
  zone: {
    ...text('a list of zone IDs or domain names', readZones),
    required: true,
    short:
      'The zone: its ID (32 hex characters) or its domain name, such as example.com. Several, one per line: each URL, host and prefix goes to the zone its host is in.',
    details:
      'A domain name is looked up with `GET /zones?name=`, which needs Zone > Zone > Read. IDs and names may be mixed. Tags and `purge_everything` go to every zone. Where the token can read a zone given by ID, its name is read too (`GET /zones/{id}`), so that a URL outside it is named in a warning.'
  },
  environment: {
    ...text('a list of environment names or IDs', readEnvironments),
    short:
      'Purge these environments of the zone (Version Management) instead of the whole zone: by name, such as staging, or by ID. Several, one per line.',
    details:
      "A name is matched without regard to case in `GET /zones/{zone_id}/environments` (the token needs Zone Versioning Read); an ID (28 to 32 hex characters, the list's `ref`) costs no lookup. Each environment gets every item and is purged and reported on its own. Production is purged through the zone's endpoint: purging everything there purges every environment. One zone only."
  },
  urls: {
    ...list('urls'),
    short:
      'URLs to purge, one per line, comma-separated, or a JSON array, with {"url", "headers"} objects where the cache key includes headers.',
    details:
      'Each URL is purged exactly as written (the host in lower case and punycode, a `#fragment` dropped with a warning; one a browser would request in another form, such as `:443` or `/../`, is a warning giving that form): `https://www.example.com/` and `https://www.example.com/index.html` are two cache entries. A URL no given zone covers is a warning (one zone) or an error (several). Loopback and private hosts cannot be behind Cloudflare: a warning.'
  },
  tags: {
    ...list('names'),
    short: 'Cache tags to purge, one per line or comma-separated.',
    details: 'At most 1,024 printable ASCII characters each, no spaces; matched without case.'
  },
  hosts: {
    ...list('names'),
    short: 'Host names to purge, such as www.example.com, one per line or comma-separated.'
  },
  prefixes: {
    ...list('names'),
    short:
      'URL prefixes to purge, host and path without a scheme, such as www.example.com/blog/, one per line or comma-separated.',
    details: 'No query string or fragment; at most 31 `/` separators.'
  },
  purge_everything: {
    ...flag,
    default: 'false',
    short:
      '`true` purges everything cached in the zone, or in the environment (in production: in every environment). Not with any list.'
  },
  from_file: {
    ...text('a path', (field) => field.value),
    short:
      'A file with more to purge, for lists too long for an input: URLs one per line, a JSON array, or a JSON object shaped like the API body. In the workspace or RUNNER_TEMP.',
    details:
      'Plain text: one URL per line, blank lines and `#` comments skipped. JSON: an array of URLs and `{"url", "headers"}` objects, or `{"files": [...], "tags": [...], "hosts": [...], "prefixes": [...], "purge_everything": true}`. Merged with the inline lists. A regular UTF-8 file of at most 64 MiB; a file that lists nothing purges nothing and succeeds, with a notice.'
  },
  mode: {
    ...choice(['purge', 'invalidate']),
    default: 'purge',
    short:
      '`purge` deletes cached content; `invalidate` marks it stale, so Cloudflare revalidates it with the origin.'
  },
  dry_run: {
    ...flag,
    default: 'false',
    short:
      '`true` checks the inputs, prints the requests a run would send, and sends nothing (URLs 100 a request: a real run sends up to 500 where the zone is on Enterprise).'
  },
  api_url: {
    ...text('an https URL', readApiUrl),
    default: 'https://api.cloudflare.com/client/v4',
    short:
      "Base URL of Cloudflare's API: for a proxy, or the local emulator. https only, but plain http for loopback addresses."
  },
  timeout: {
    ...seconds(1, MAX_TIMEOUT_SECONDS, "(6 hours, a job's limit on GitHub-hosted runners)"),
    default: '300',
    short:
      'Seconds the step may spend on Cloudflare and the edge: requests, retries, rate-limit waits, verify and warm (not wait_timeout).',
    details:
      'One request is abandoned and retried after 30 seconds, or after `timeout` when that is shorter.'
  },
  changed: {
    ...text('`false`, `true`, `last-success`, `build`, or a commit SHA or ref', readChanged),
    default: 'false',
    short:
      "Also purge the URLs of the files the deploy changed: `true` (the push's commits), `last-success` (since the last successful run), `build` (the built files, hashed), or a commit SHA or ref.",
    details:
      "Changed files come from GitHub's compare API, so a shallow checkout is enough: added, modified, removed and renamed files (both names). `true` compares the push's `before` and `after`, or a pull request's base and head. `last-success` compares from the commit of this workflow's most recent successful run on this branch, so what cancelled and failed runs changed is purged too (needs `actions: read`). A SHA, tag or branch compares from it (a branch named `build` as `refs/heads/build`). A ref GitHub does not know fails the step before any purge. `build` compares the files the build wrote in `site_dir` (not the repository root), hashed, with the list of hashes the last successful run kept as its artifact `cloudflare-purge-manifest`; this run's list is kept only when the step succeeds (needs `actions: read`; see docs/build-diff.md). `site_dir/a/index.html` is purged as `site_url/a/` and `site_url/a/index.html`, `site_dir/a/b.html` as `site_url/a/b.html` and `site_url/a/b`. Needs `site_url`."
  },
  site_url: {
    ...text('a URL', readSiteUrl),
    under: 'changed',
    short:
      'The URL `site_dir` is served at, such as https://www.example.com/. Needed with `changed`.'
  },
  site_dir: {
    ...text('a folder', readSiteDir),
    default: '.',
    under: 'changed',
    short:
      'The repository folder served at `site_url`, such as `public`. Changed files outside it are not purged.'
  },
  github_token: {
    ...text('a secret', readGithubToken),
    default: '${{ github.token }}',
    runnerDefault: true,
    under: 'changed',
    short:
      "Token for GitHub's API, used by `changed`: it needs `contents: read`, and `actions: read` for `last-success`. The default works."
  },
  changed_fallback: {
    ...choice(['prefix', 'everything', 'fail']),
    default: 'prefix',
    under: 'changed',
    short:
      'What to purge when the changed files cannot be known (a force push, a new branch, no earlier success) or are too many: `prefix` (site_url), `everything`, or `fail`.',
    details:
      'The log and the job summary say when and why it was used: a notice where the event explains it, a warning where something failed.'
  },
  changed_rules: {
    ...text('rules, one per line', readChangedRules),
    under: 'changed',
    short:
      'What changed files purge, one rule per line, `GLOB: TARGET`, first match wins; TARGET is `skip`, `urls` (its own), `everything`, `tag:NAME`, `prefix:HOST/PATH`, `host:HOST` or `url:URL`.',
    details:
      "GLOB is matched against the path relative to `site_dir`: `*` and `?` within a folder name, `**` any number of folders; a glob without `/` matches a file name in any folder. Several targets are comma-separated (`assets/**/*.css: urls, tag:styles`); `skip` and `everything` stand alone, and `everything` is then the step's only purge. Files no rule matches purge their own URLs. To purge only some files, end with `**: skip`; to leave some out, give them `skip` first."
  },
  changed_max_urls: {
    ...wholeNumber(1, MAX_CHANGED_URLS),
    default: '3000',
    under: 'changed',
    short:
      'The most URLs the changed files may map to: past it, `changed_fallback` applies (one prefix, or everything, costs less than thousands of URLs).'
  },
  sitemap: {
    ...text('a path or an https URL', readSitemap),
    short:
      'A sitemap whose URLs are purged too: a file in the workspace such as public/sitemap.xml, or an https:// URL. Indexes are followed, gzip is read.',
    details:
      'A URL must be public (no user name or password); plain http only for loopback hosts. An index is followed to sitemaps of the same origin when read from a URL. At most 500,000 URLs. Read after `wait_for_url` shows the deploy is live.'
  },
  verify: {
    ...choice(['off', 'warn', 'fail']),
    default: 'off',
    short:
      'After the purge, request purged URLs through Cloudflare: `warn` or `fail` when one is still served from a copy cached before the purge; `off` checks nothing.',
    details:
      "Every `verify_urls` entry is checked, and up to 20 of the purged URLs, spread evenly. The check reads `CF-Cache-Status` and `Age`, and fetches each page once (its first MiB), which caches what the origin serves now: run it after the origin is updated. A stale page gets a cause: the origin is asked once (past the cache) whether it serves the new version, and a page cached again from the old one is purged once more and checked again; an entry the purge did not cover gets the zone's Cache Rules (with Cache Settings Read) named; the scripts, stylesheets and images an HTML page references are requested, and one that is missing is a broken page. See [checking the edge](verify.md)."
  },
  verify_urls: {
    ...text('a list of URLs', readVerifyUrls),
    under: 'verify',
    short:
      'URLs for `verify` to check, such as pages a tag, host, prefix or everything purge covers (which name no URL of their own). At most 1,000.'
  },
  wait_for_url: {
    ...text('a list of URLs', readGateUrls),
    short:
      'Before purging, poll these URLs until each shows `wait_for`: purging before the new version is served caches the old one again. One per line, at most 20.',
    details:
      'Polled about every second, growing to 10 s, bypassing caches. A redirect is followed only within the origin named; one elsewhere is reported with its target, so that you can name that URL instead.'
  },
  wait_for: {
    ...text('text', readWaitFor),
    under: 'wait_for_url',
    short:
      "The text that shows the new version is live, in a `wait_for_url`'s body or headers. By default the run's commit SHA, in full or its first 7 characters."
  },
  wait_timeout: {
    ...seconds(1, MAX_WAIT_TIMEOUT_SECONDS, '(an hour)'),
    default: '600',
    under: 'wait_for_url',
    short: 'Seconds to wait for every `wait_for_url` to show `wait_for`. Not counted in `timeout`.'
  },
  wait_on_timeout: {
    ...choice(['fail', 'purge']),
    default: 'fail',
    under: 'wait_for_url',
    short:
      'When `wait_timeout` runs out: `fail` purges nothing and fails, naming each URL and what it showed; `purge` purges anyway, with a warning, and does not warm.'
  },
  warm: {
    ...text('`false`, `true`, or a number from 1 to 100,000', readWarm),
    default: 'false',
    short:
      'After a successful purge, request the purged URLs once through Cloudflare so the first visitors find them cached: `true` (at most 1,000), or the most URLs to warm.',
    details:
      'The first URLs purged are warmed, 8 at a time, within `timeout`, with their `{url, headers}` headers. It reaches the data centre nearest the runner (and the upper tier with Tiered Cache). Never fails the step: a 4xx, 5xx or failed request is a warning. URLs `verify` fetched are not fetched again.'
  }
} as const satisfies Record<string, InputSpec>

export type InputName = keyof typeof INPUTS
export type InputValue<K extends InputName> = ReturnType<(typeof INPUTS)[K]['read']>

/** The input names, in action.yml's order. */
export const INPUT_NAMES = Object.keys(INPUTS) as InputName[]

/** What an empty value of each input means: its default, or `''`. */
export const defaultOf = (name: InputName): string => {
  const spec: InputSpec = INPUTS[name]
  return spec.runnerDefault === true ? '' : (spec.default ?? '')
}
