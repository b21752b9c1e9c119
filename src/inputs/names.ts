/**
 * The action's inputs as action.yml declares them, in its order; the one table of the defaults the
 * code applies, which every parser reads; and the bounds on the numbers.
 */

/** The inputs of "purge what the deploy changed" and of `sitemap`, in action.yml's order. */
export const CHANGE_INPUT_NAMES = [
  'changed',
  'site_url',
  'site_dir',
  'changed_since',
  'github_token',
  'changed_fallback',
  'changed_extensionless',
  'changed_include',
  'changed_exclude',
  'changed_rules',
  'changed_max_urls',
  'sitemap'
] as const

/** The deploy gate's inputs (wait for the new version before purging), in action.yml's order. */
export const GATE_INPUT_NAMES = [
  'wait_for_url',
  'wait_for',
  'wait_timeout',
  'wait_on_timeout'
] as const

/** Warming's inputs (fetch what was purged through Cloudflare), in action.yml's order. */
export const WARM_INPUT_NAMES = ['warm', 'warm_limit', 'warm_concurrency'] as const

export const INPUT_NAMES = [
  'token',
  'email',
  'api_key',
  'zone',
  'environment',
  'urls',
  'tags',
  'hosts',
  'prefixes',
  'purge_everything',
  'from_file',
  'mode',
  'dry_run',
  'api_url',
  'timeout',
  'request_timeout',
  'batch_size',
  ...CHANGE_INPUT_NAMES,
  'verify',
  'verify_limit',
  'verify_urls',
  ...GATE_INPUT_NAMES,
  ...WARM_INPUT_NAMES
] as const

export type InputName = (typeof INPUT_NAMES)[number]
export type ChangeInputName = (typeof CHANGE_INPUT_NAMES)[number]
export type RawInputs = Record<InputName, string>

/**
 * What an empty input means. action.yml declares the same defaults (a test holds them equal);
 * github_token's, `${{ github.token }}`, is the runner's to fill in and has none here.
 */
export const DEFAULTS = {
  purge_everything: 'false',
  mode: 'purge',
  dry_run: 'false',
  api_url: 'https://api.cloudflare.com/client/v4',
  timeout: '300',
  request_timeout: '30',
  batch_size: '100',
  changed: 'false',
  site_dir: '.',
  changed_fallback: 'prefix',
  changed_extensionless: 'false',
  changed_max_urls: '3000',
  verify: 'off',
  verify_limit: '20',
  wait_timeout: '600',
  wait_on_timeout: 'fail',
  warm: 'false',
  warm_limit: '1000',
  warm_concurrency: '8'
} as const satisfies Partial<RawInputs>

export type DefaultedInput = keyof typeof DEFAULTS

/** The largest batch Cloudflare accepts for any kind (URLs on Enterprise). */
export const MAX_BATCH_SIZE = 500
/** A job's limit on GitHub-hosted runners; also far below Node's timer limit (2^31-1 ms). */
export const MAX_TIMEOUT_SECONDS = 21_600
export const MAX_REQUEST_TIMEOUT_SECONDS = 600
/** The largest `verify_limit`: the most URLs checked after a purge. */
export const MAX_VERIFY_LIMIT = 1000
/** The longest `wait_timeout`, in seconds: an hour. */
export const MAX_WAIT_TIMEOUT_SECONDS = 3600
/** The most URLs warming fetches, and the most in flight at once. */
export const MAX_WARM_LIMIT = 100_000
export const MAX_WARM_CONCURRENCY = 64
