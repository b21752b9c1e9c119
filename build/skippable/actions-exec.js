// The bundle's `@actions/exec`, through tsconfig.json's `paths`, for the reason undici.js gives:
// @actions/core's `platform` namespace imports it for getDetails(), which the action never
// calls, and it brings @actions/io and child_process into every start-up.
// (@actions/exec exports only its root, which this file stands for: hence the path.)
export * from '../../node_modules/@actions/exec/lib/exec.js'
