/** What to do about each Cloudflare error code a purge can meet; shown in the job summary. */
export const ADVICE: Record<number, string> = {
  1012: 'The request named nothing to purge. This is a bug in the action: please report it.',
  1014: 'A list in the request was not an array. This is a bug in the action: please report it.',
  1092: 'purge_everything cannot be sent with other lists: purge everything in a step of its own.',
  1134: "Cloudflare's rate limit kept refusing requests. The action already paces itself to it; every purge made with the same account (other jobs, other zones, the dashboard) shares the limit. Raise `timeout` to let a long purge finish, or run fewer purges at once.",
  1136: 'This environment selects requests by IP, country, ASN or threat score, so it cannot be purged by URL: purge by tag, host or prefix, or everything.',
  6003: 'Cloudflare found the authentication headers invalid: check `token` (or `email` and `api_key`).',
  6103: 'The Global API Key is malformed: copy `api_key` again, or use an API token in `token`.',
  7003: "Cloudflare could not route the request: the zone ID (or environment ID) is wrong. Copy the Zone ID from the zone's Overview page.",
  9109: "The token may not act on this zone: add the zone to the token's zone resources.",
  10000:
    'Authentication failed: the token is wrong, expired, or lacks the "Cache Purge" permission for this zone. Create a token with Zone > Cache Purge > Purge for this zone.'
}

export const adviceFor = (code: number): string =>
  ADVICE[code] ??
  "See Cloudflare's API documentation for this code, or the action's README (Troubleshooting)."
