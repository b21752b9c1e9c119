/** Fake APIs that misbehave in ways Cloudflare's emulator never does, served over real HTTP. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Hostile {
  apiUrl: string
  requests: { method: string; path: string; body: string }[]
  close: () => Promise<void>
}

export const hostileApi = async (
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void
): Promise<Hostile> => {
  const requests: Hostile['requests'] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', body })
      handle(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    apiUrl: `http://127.0.0.1:${port}/client/v4`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export const json = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

export const ok = (id = '0123456789abcdef0123456789abcdef') => ({
  success: true,
  errors: [],
  messages: [],
  result: { id }
})

export const refusal = (code: number | undefined, message: string) => ({
  success: false,
  errors: [{ ...(code === undefined ? {} : { code }), message }],
  messages: [],
  result: null
})
