// @ts-check
/**
 * Zone environments (Version Management) as Cloudflare's API shows them: `GET
 * /zones/{zone_id}/environments` answers `{ environments: [...] }`, each with `name`, `ref` (the
 * ID used in the purge path, 28 to 32 hex characters in the docs), `version`, `expression` (the
 * traffic filter that sends requests to it), `locked_on_deployment` and `position` (the
 * environments before and after it). Shape from Cloudflare's guide "Purge zone versions via API"
 * and the official SDK's `EnvironmentListResponse`.
 *
 * @typedef {{ before?: string, after?: string }} Position
 * @typedef {{ name: string, ref: string, version: number | null, expression: string, locked_on_deployment: boolean | null, position: Position, http_application_id?: string | null }} Environment
 */

/**
 * The example zone's environments: production (its filter, the zone's name alone, cannot be
 * edited), a staging one reached with a cookie, and one selected by the visitor's IP, in which
 * Cloudflare refuses purges by URL (error 1136).
 * @param {string} zone the zone's name
 * @returns {Environment[]}
 */
export const exampleEnvironments = (zone) => [
  {
    name: 'Production',
    ref: '4f8b2c6d1e9a7b3c5d0e2f4a6b8c9d',
    version: 3,
    expression: `(cf.zone.name eq "${zone}")`,
    locked_on_deployment: false,
    position: { before: '7c5dae5552338874e5053f2534d2767a' }
  },
  {
    name: 'Staging',
    ref: '7c5dae5552338874e5053f2534d2767a',
    version: 4,
    expression: `((any(http.request.cookies["staging"][*] eq "true"))) and (cf.zone.name eq "${zone}")`,
    locked_on_deployment: false,
    position: {
      before: 'b2f1a0c9d8e7f6a5b4c3d2e1f0a9b8c7',
      after: '4f8b2c6d1e9a7b3c5d0e2f4a6b8c9d'
    }
  },
  {
    name: 'Office',
    ref: 'b2f1a0c9d8e7f6a5b4c3d2e1f0a9b8c7',
    version: 4,
    expression: `((ip.src in {192.0.2.0/24 198.51.100.7})) and (cf.zone.name eq "${zone}")`,
    locked_on_deployment: false,
    position: { after: '7c5dae5552338874e5053f2534d2767a' }
  }
]

// Outside string literals, a field of the visitor's IP (and what derives from it: country,
// ASN), of the edge's IP, of location or of threat score. Cloudflare names IP, country, ASN and
// threat score; whether the edge's IP (`cf.edge.server_ip`, the docs' default Staging filter)
// counts is not documented: the emulator counts it, the stricter guess.
const SELECTING =
  /(?<![\w.])(ip\.src(?:\.[a-z_]+)*|ip\.geoip\.[a-z_]+|cf\.threat_score|cf\.edge\.server_ip)(?![\w.])/i
const STRINGS = /r(#+)"[^]*?"\1|"(?:[^"\\]|\\.)*"/g

/** Whether Cloudflare refuses purges by URL in this environment (error 1136). @param {Environment} environment */
export const refusesUrls = (environment) =>
  SELECTING.test(environment.expression.replace(STRINGS, '""'))

/** A few words on what sends requests to an environment, for the start-up banner. @param {Environment} environment */
export const describeEnvironment = (environment) =>
  /^\(cf\.zone\.name eq "[^"]*"\)$/.test(environment.expression)
    ? 'production: every request of the zone; purging everything here purges every environment'
    : refusesUrls(environment)
      ? `selected by IP, no purges by URL: ${environment.expression}`
      : environment.expression
