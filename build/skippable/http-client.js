// The bundle's `@actions/http-client`, through tsconfig.json's `paths`, for the reason undici.js
// gives: @actions/core imports it at its top for getIDToken(), which the action never calls, and
// @actions/artifact (loaded only with `changed: build`) uses it for real. Without this re-export
// (`"sideEffects": false`), that one real use would make http-client's import of undici used in
// the module the main chunk already holds, and undici would come back into every start-up.
// A relative path: the package name would be mapped back here.
export * from '../../node_modules/@actions/http-client/lib/index.js'
