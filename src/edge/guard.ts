/**
 * The deploy gate's HTTP client, which connects to no loopback, private or link-local address
 * the user did not name. The check is made on the connection itself: the name's addresses are
 * judged in the `lookup` the socket is opened with, so the address checked is the address
 * connected to. A lookup of its own before the request would be a second question to DNS, which
 * a rebinding name answers with a public address first and 127.0.0.1 the next time.
 *
 * It is undici's `fetch` with an `Agent` whose connector takes that `lookup`: the undici that
 * @actions/http-client already brings (so nothing more is bundled), and its own fetch rather than
 * Node's, whose bundled undici is another version on each Node release and is not promised to
 * take a dispatcher from a different one. An IP address in the URL is never looked up: the
 * redirect policy (http.ts) judges it before any request.
 */
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { Agent, fetch } from 'undici'
import { HOST_KIND_WORDS, hostKind } from '../address.js'
import { quote } from '../text.js'

/** Every address a name resolves to, as `dns.lookup` with `all: true` gives them. */
export type Resolve = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>

const systemResolve: Resolve = (hostname, options) =>
  dns.lookup(hostname, { ...options, all: true })

/** A connection refused because the name resolved to a local address the user did not name. */
export class AddressRefused extends Error {
  constructor(hostname: string, address: string) {
    const kind = hostKind(address)
    super(
      `${quote(hostname, 100)} resolves to ${address}, ${kind === 'public' ? 'a public host' : HOST_KIND_WORDS[kind]}: not connected, as wait_for_url does not name it`
    )
    this.name = 'AddressRefused'
  }
}

/**
 * A `lookup` for sockets that fails when a name other than those in `named` resolves to any
 * address that is not public: one such address among public ones is enough, since the socket
 * may try each of them.
 */
export const guardedLookup =
  (named: ReadonlySet<string>, resolve: Resolve = systemResolve): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname, options).then(
      (addresses) => {
        const local = named.has(hostname)
          ? undefined
          : addresses.find((a) => hostKind(a.address) !== 'public')
        if (local !== undefined) callback(new AddressRefused(hostname, local.address), [])
        else if (addresses.length === 0)
          callback(
            Object.assign(new Error(`no address for ${quote(hostname, 100)}`), {
              code: 'ENOTFOUND'
            }),
            []
          )
        else if (options.all === true) callback(null, addresses)
        else callback(null, addresses[0]!.address, addresses[0]!.family)
      },
      (error: NodeJS.ErrnoException) => callback(error, [])
    )
  }

/** What the gate asks of its client: a fetch, and an end to its connections once polling is done. */
export interface GuardedClient {
  fetch: (
    url: URL,
    init: { headers: Record<string, string>; signal: AbortSignal }
  ) => ReturnType<typeof fetch>
  close: () => Promise<void>
}

/**
 * A client whose connections go only to public addresses, or to the hosts in `named` (a URL's
 * `hostname`: the ones the user gave), whatever they resolve to. Redirects are never followed
 * here: the caller follows them by hand, hop by hop, through the redirect policy.
 */
export const guardedClient = (named: Iterable<string>, resolve?: Resolve): GuardedClient => {
  const agent = new Agent({ connect: { lookup: guardedLookup(new Set(named), resolve) } })
  return {
    fetch: (url, init) => fetch(url, { ...init, redirect: 'manual', dispatcher: agent }),
    // Every poll has ended by then (each is bounded in time): nothing is left to wait for.
    close: () => agent.destroy()
  }
}
