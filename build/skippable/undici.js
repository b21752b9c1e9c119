// The bundle's `undici`, through tsconfig.json's `paths` (ncc applies them to every import in
// the bundle, node_modules included; tsc sees the same types; jest imports undici itself).
//
// @actions/core imports @actions/http-client at its top for getIDToken(), and http-client
// imports undici, ~430 KB of the main chunk and ~30 ms of every start-up, though only a proxy
// or an OIDC token would use it. This folder's package.json says `"sideEffects": false`, so
// webpack leaves this re-export, and undici behind it, out of any chunk where no import of
// undici is used: the main chunk loses it, and the chunks that use it (the `changed` code's
// Octokit) carry it as before. docs/performance.md has the profile; a bundle test
// (__tests__/bundle/start-up.test.ts) fails if the main chunk carries undici again.
export * from 'undici/index.js'
