#!/usr/bin/env node
// @ts-check
/** Runs the emulator in the foreground: `npm run emulator -- --plan pro --latency 100 --port 8787`. */
import { parseArgs } from 'node:util'
import { DEFAULT_KEY, DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from './server.js'
import { PLANS } from './limits.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    plan: { type: 'string', default: 'pro' },
    latency: { type: 'string', default: '0' },
    help: { type: 'boolean', default: false }
  }
})
if (values.help) {
  console.log(
    `Usage: npm run emulator -- [--port 8787] [--plan ${Object.keys(PLANS).join('|')}] [--latency ms]`
  )
  process.exit(0)
}
const emulator = await startEmulator({
  port: Number(values.port),
  plan: values.plan,
  latencyMs: Number(values.latency)
})
console.log(`Cloudflare purge API emulator (${values.plan} plan) on ${emulator.apiUrl}
  api_url: ${emulator.apiUrl}
  token:   ${DEFAULT_TOKEN}
  zone:    ${DEFAULT_ZONE.id} (${DEFAULT_ZONE.name})
  Global API Key: ${DEFAULT_KEY.email} / ${DEFAULT_KEY.key}
Ctrl-C stops it.`)
const stop = () => emulator.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
