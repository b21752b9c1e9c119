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

export interface Trap {
  port: number
  /** Connections made to it, on any of its addresses: none, if the code under test is right. */
  connections: number
  close: () => Promise<void>
}

/**
 * A server no request should reach: the target of redirects that must not be followed. It
 * listens on 127.0.0.1 and, where the machine has IPv6, on ::1 at the same port, so that every
 * loopback form of an address (127.1, 0x7f.1, 2130706433, 0.0.0.0, [::1], [::ffff:127.0.0.1],
 * localhost) would reach it; it counts connections, not only requests, and answers nothing.
 */
export const trap = async (): Promise<Trap> => {
  const servers = [createServer(), createServer()]
  const state = { connections: 0 }
  for (const server of servers)
    server.on('connection', (socket) => {
      state.connections++
      socket.destroy()
    })
  const listen = (server: (typeof servers)[number], port: number, host: string) =>
    new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen({ port, host, ipv6Only: host === '::1' }, () => resolve(true))
    })
  await listen(servers[0]!, 0, '127.0.0.1')
  const port = (servers[0]!.address() as AddressInfo).port
  const ipv6 = await listen(servers[1]!, port, '::1')
  const open = ipv6 ? servers : servers.slice(0, 1)
  return {
    port,
    get connections() {
      return state.connections
    },
    close: () =>
      Promise.all(
        open.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))
      ).then(() => undefined)
  }
}
