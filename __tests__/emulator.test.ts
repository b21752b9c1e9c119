import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { DEFAULT_TOKEN, DEFAULT_ZONE, startEmulator } from '../emulator/server.js'

describe('the emulator', () => {
  it('starts from the command line the way CI starts it, and answers on the printed api_url', async () => {
    const child = spawn(process.execPath, ['emulator/cli.js', '--port', '0', '--plan', 'free'], {
      cwd: new URL('..', import.meta.url)
    })
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (chunk) => {
          out += chunk
          if (out.includes('Ctrl-C')) resolve(out)
        })
        child.on('exit', (code) => reject(new Error(`exited ${code}`)))
      })
      const apiUrl = /api_url: (\S+)/.exec(printed)![1]!
      const reply = await fetch(`${apiUrl}/zones/${DEFAULT_ZONE.id}/purge_cache`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
        body: '{"tags": ["a"]}'
      })
      expect(reply.status).toBe(200)
      expect(reply.headers.get('ratelimit-policy')).toBe('"burst";q=25;w=300')
    } finally {
      child.kill()
    }
  })

  it('enforces a plan bucket with 429, Retry-After and error 1134', async () => {
    const api = await startEmulator({
      limits: { requests: { rate: 1, burst: 1 }, maxFiles: 100, maxItems: 100 }
    })
    try {
      const purge = () =>
        fetch(`${api.apiUrl}/zones/${DEFAULT_ZONE.id}/purge_cache`, {
          method: 'POST',
          headers: { authorization: `Bearer ${DEFAULT_TOKEN}` },
          body: '{"hosts": ["www.example.com"]}'
        })
      expect((await purge()).status).toBe(200)
      const limited = await purge()
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBe('1')
      expect(await limited.json()).toMatchObject({ success: false, errors: [{ code: 1134 }] })
    } finally {
      await api.close()
    }
  })
})
