/**
 * What kind of place a host is: this machine, a private network, or the internet. Judged by the
 * host's text alone, with no lookup: an IP address in any form the WHATWG URL parser or the OS
 * resolver (`inet_aton`, `inet_pton`) takes, or a name reserved for local use. Any other name is
 * `public` here: what it resolves to is checked where the connection is made (edge/guard.ts).
 */

export type HostKind = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'reserved' | 'public'

/** Each kind that is not public, in words that fit "points to …" and "is …". */
export const HOST_KIND_WORDS: Record<Exclude<HostKind, 'public'>, string> = {
  loopback: 'a loopback host (this machine)',
  private: 'a host on a private network',
  'link-local': 'a link-local host (where clouds serve instance metadata)',
  unspecified: 'an unspecified address (0.0.0.0 or ::, which reaches this machine)',
  reserved: 'a reserved address (multicast, documentation, or not yet assigned)'
}

/** IPv4 ranges that are not public: [first address, prefix length, kind]. */
const IPV4_RANGES: readonly (readonly [number, number, HostKind])[] = [
  [0x00000000, 8, 'unspecified'], // 0.0.0.0/8: "this network"; 0.0.0.0 reaches this machine
  [0x0a000000, 8, 'private'], // 10.0.0.0/8
  [0x64400000, 10, 'private'], // 100.64.0.0/10, carrier-grade NAT
  [0x7f000000, 8, 'loopback'], // 127.0.0.0/8
  [0xa9fe0000, 16, 'link-local'], // 169.254.0.0/16, 169.254.169.254 the metadata service
  [0xac100000, 12, 'private'], // 172.16.0.0/12
  [0xc0000000, 24, 'reserved'], // 192.0.0.0/24, IETF protocol assignments
  [0xc0000200, 24, 'reserved'], // 192.0.2.0/24, documentation
  [0xc0a80000, 16, 'private'], // 192.168.0.0/16
  [0xc6120000, 15, 'reserved'], // 198.18.0.0/15, benchmarking (and some proxies' fake IPs)
  [0xc6336400, 24, 'reserved'], // 198.51.100.0/24, documentation
  [0xcb007100, 24, 'reserved'], // 203.0.113.0/24, documentation
  [0xe0000000, 4, 'reserved'], // 224.0.0.0/4, multicast
  [0xf0000000, 4, 'reserved'] // 240.0.0.0/4, future use, and the broadcast address
]

/** The kind of an IPv4 address given as a 32-bit number. */
export const ipv4Kind = (address: number): HostKind => {
  for (const [first, prefix, kind] of IPV4_RANGES)
    if (address >>> (32 - prefix) === first >>> (32 - prefix)) return kind
  return 'public'
}

/** One part of an IPv4 address: decimal, octal after a leading 0, hex after 0x; "0x" alone is 0. */
const ipv4Number = (part: string): number | undefined => {
  if (part === '') return undefined
  const hex = /^0x/i.test(part)
  const octal = !hex && part.length > 1 && part.startsWith('0')
  const digits = hex ? part.slice(2) : octal ? part.slice(1) : part
  if (digits === '') return 0
  if (!(hex ? /^[0-9a-f]+$/i : octal ? /^[0-7]+$/ : /^[0-9]+$/).test(digits)) return undefined
  // Beyond 2^53 the value is out of every range below, however rounded.
  return parseInt(digits, hex ? 16 : octal ? 8 : 10)
}

/**
 * An IPv4 address in any form the WHATWG URL parser takes (and `inet_aton` with it): one to four
 * parts, each decimal, octal or hex, the last filling the bytes left (`127.1`, `0x7f.1`,
 * `2130706433`, `0177.0.0.1`), with one trailing dot allowed. Undefined when it is not one.
 */
export const parseIpv4 = (text: string): number | undefined => {
  const parts = text.split('.')
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop()
  if (parts.length > 4) return undefined
  const numbers: number[] = []
  for (const part of parts) {
    const n = ipv4Number(part)
    if (n === undefined) return undefined
    numbers.push(n)
  }
  const last = numbers.pop()!
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return undefined
  return numbers.reduce((sum, n, i) => sum + n * 256 ** (3 - i), last)
}

/** The dotted quad ending an IPv6 address (`::ffff:127.0.0.1`), as two 16-bit groups. */
const ipv4Tail = (text: string): number[] | undefined => {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return undefined
  const [a, b, c, d] = parts.map(Number) as [number, number, number, number]
  return [a * 256 + b, c * 256 + d]
}

const ipv6Groups = (text: string): number[] | undefined => {
  if (text === '') return []
  const groups: number[] = []
  const pieces = text.split(':')
  for (const [i, piece] of pieces.entries()) {
    if (i === pieces.length - 1 && piece.includes('.')) {
      const tail = ipv4Tail(piece)
      if (tail === undefined) return undefined
      groups.push(...tail)
    } else if (/^[0-9a-f]{1,4}$/i.test(piece)) groups.push(parseInt(piece, 16))
    else return undefined
  }
  return groups
}

/**
 * An IPv6 address as eight 16-bit groups, from its text with or without brackets, with `::`, an
 * IPv4 tail, or a zone (`fe80::1%eth0`, as a resolver may give it). Undefined when not one.
 */
export const parseIpv6 = (text: string): number[] | undefined => {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  const address = bare.replace(/%.*$/s, '')
  if (!address.includes(':')) return undefined
  const halves = address.split('::')
  if (halves.length > 2) return undefined
  const head = ipv6Groups(halves[0]!)
  const tail = halves.length === 2 ? ipv6Groups(halves[1]!) : []
  if (head === undefined || tail === undefined) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  return [...head, ...Array<number>(missing).fill(0), ...tail]
}

/** The kind of an IPv6 address; one that carries an IPv4 address is judged by that address. */
export const ipv6Kind = (g: readonly number[]): HostKind => {
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  const v4 = (hi: number, lo: number) => ipv4Kind(((g[hi]! << 16) | g[lo]!) >>> 0)
  if (zero(0, 8)) return 'unspecified'
  if (zero(0, 7) && g[7] === 1) return 'loopback'
  // ::ffff:0:0/96 mapped, ::/96 compatible (deprecated), ::ffff:0:0:0/96 translated.
  if (zero(0, 5) && (g[5] === 0xffff || g[5] === 0)) return v4(6, 7)
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(6, 7)
  // NAT64: 64:ff9b::/96 reaches the IPv4 address it ends with; 64:ff9b:1::/48 is for local use.
  if (g[0] === 0x64 && g[1] === 0xff9b) return zero(2, 6) ? v4(6, 7) : 'private'
  if (g[0] === 0x2002) return v4(1, 2) // 6to4: the IPv4 address of the site
  const first = g[0]!
  if ((first & 0xfe00) === 0xfc00) return 'private' // fc00::/7, unique local
  if ((first & 0xffc0) === 0xfe80) return 'link-local' // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return 'private' // fec0::/10, site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return 'reserved' // ff00::/8, multicast
  if (first === 0x2001 && g[1] === 0x0db8) return 'reserved' // 2001:db8::/32, documentation
  if (first === 0x0100 && zero(1, 4)) return 'reserved' // 100::/64, discard
  return 'public'
}

/** Names that never leave this machine or its network (RFC 6761, 6762, 8375; ICANN's .internal). */
const nameKind = (name: string): HostKind => {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.')
  const last = labels[labels.length - 1]
  if (last === 'localhost') return 'loopback'
  if (last === 'local' || last === 'internal') return 'private'
  if (labels.length >= 2 && labels.slice(-2).join('.') === 'home.arpa') return 'private'
  return 'public'
}

/**
 * The kind of a host: a URL's `hostname` (`127.0.0.1`, `[::1]`), an address a resolver gave
 * (`::ffff:127.0.0.1`, `fe80::1%eth0`), or the text as written (`0x7f.1`, `2130706433`).
 * `public` means only that nothing in the text says otherwise.
 */
export const hostKind = (host: string): HostKind => {
  const ipv6 = parseIpv6(host)
  if (ipv6 !== undefined) return ipv6Kind(ipv6)
  const ipv4 = parseIpv4(host)
  if (ipv4 !== undefined) return ipv4Kind(ipv4)
  return nameKind(host)
}
