/** Kept equal to package.json's version by a test; named in every request's User-Agent. */
export const VERSION = '1.1.0'
export const ACTION_NAME = 'cloudflare-purge-action'
