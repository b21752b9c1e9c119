// The bundle's `undici`, through tsconfig.json's `paths` (ncc applies them to every bare import
// in the bundle, node_modules included; tsc sees the same types; jest imports undici itself).
//
// @actions/core imports @actions/http-client at its top for getIDToken(), and http-client
// imports undici: ~430 KB of the main chunk and tens of ms of every start-up, though only a
// proxy or an OIDC token would use it. This folder's package.json says `"sideEffects": false`,
// so webpack leaves this re-export, and undici behind it, out of any chunk where no import of
// undici is used: the main chunk loses it, and the chunk that uses it (the `changed` code's
// Octokit) carries it. undici's one side effect, making itself the dispatcher of Node's
// `fetch`, then happens only in a run that loads that chunk. docs/performance.md (start-up)
// has the profile; __tests__/bundle/start-up.test.ts fails if the main chunk carries undici.
export * from 'undici/index.js'
