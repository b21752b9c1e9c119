/**
 * The address classifier: every form of an IPv4 or IPv6 address the URL parser or the resolver
 * takes is judged as the address it stands for. The oracle is Node's own `net.BlockList`, given
 * the ranges as CIDR text: an implementation apart from the one under test.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { BlockList } from 'node:net'
import { hostKind, parseIpv4, parseIpv6, type HostKind } from '../src/address.js'

const RANGES: Record<Exclude<HostKind, 'public'>, string[]> = {
  unspecified: ['0.0.0.0/8', '::/128'],
  loopback: ['127.0.0.0/8', '::1/128'],
  private: [
    '10.0.0.0/8',
    '100.64.0.0/10',
    '172.16.0.0/12',
    '192.168.0.0/16',
    'fc00::/7',
    'fec0::/10'
  ],
  'link-local': ['169.254.0.0/16', 'fe80::/10'],
  reserved: [
    '192.0.0.0/24',
    '192.0.2.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/4',
    '240.0.0.0/4',
    'ff00::/8',
    '2001:db8::/32',
    '100::/64'
  ]
}
const lists = Object.entries(RANGES).map(([kind, cidrs]) => {
  const list = new BlockList()
  for (const cidr of cidrs) {
    const [net, prefix] = cidr.split('/') as [string, string]
    list.addSubnet(net, Number(prefix), net.includes(':') ? 'ipv6' : 'ipv4')
  }
  return [kind as HostKind, list] as const
})
/** What BlockList says of a canonical address ('ipv6' also matches IPv4-mapped against IPv4 rules). */
const oracle = (address: string): HostKind =>
  lists.find(([, list]) => list.check(address, address.includes(':') ? 'ipv6' : 'ipv4'))?.[0] ??
  'public'

const dotted = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')

/** A number written as the URL parser and inet_aton read it: decimal, octal or hex. */
const written = (n: number, radix: 10 | 8 | 16, upper: boolean): string =>
  radix === 10
    ? String(n)
    : radix === 8
      ? `0${n.toString(8)}`
      : `${upper ? '0X' : '0x'}${upper ? n.toString(16).toUpperCase() : n.toString(16)}`

/** One of the forms of an IPv4 address: 1 to 4 parts, each in a radix, maybe a trailing dot. */
const ipv4Form = fc
  .record({
    address: fc.oneof(
      fc.integer({ min: 0, max: 0xffffffff }),
      // Near the edges of the ranges that matter.
      fc.constantFrom(0x7f000001, 0xa9fea9fe, 0x0a000000, 0xac1fffff, 0x64400000, 0x647fffff),
      fc.constantFrom(0xac0fffff, 0xac200000, 0x643fffff, 0x64800000, 0, 0xffffffff)
    ),
    parts: fc.integer({ min: 1, max: 4 }),
    radixes: fc.array(fc.constantFrom(10 as const, 8 as const, 16 as const), {
      minLength: 4,
      maxLength: 4
    }),
    upper: fc.boolean(),
    dot: fc.boolean()
  })
  .map(({ address, parts, radixes, upper, dot }) => {
    const bytes = [24, 16, 8, 0].map((s) => (address >>> s) & 255)
    const head = bytes.slice(0, parts - 1)
    const last = bytes.slice(parts - 1).reduce((sum, b) => sum * 256 + b, 0)
    const text = [...head, last].map((n, i) => written(n, radixes[i]!, upper)).join('.')
    return { address, text: dot ? `${text}.` : text }
  })

describe('hostKind on IPv4 addresses', () => {
  it('judges every form of an address as the address, as the URL parser and BlockList do', () => {
    fc.assert(
      fc.property(ipv4Form, ({ address, text }) => {
        const kind = oracle(dotted(address))
        expect(parseIpv4(text)).toBe(address)
        expect(hostKind(text)).toBe(kind)
        // What a URL holds after parsing: the dotted form.
        const { hostname } = new URL(`http://${text}/`)
        expect(hostname).toBe(dotted(address))
        expect(hostKind(hostname)).toBe(kind)
      }),
      { numRuns: 2000 }
    )
  })

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7F000001', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['0', 'unspecified'],
    ['0.0.0.0', 'unspecified'],
    ['0x', 'unspecified'],
    ['169.254.169.254', 'link-local'],
    ['0xa9fea9fe', 'link-local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.128.0.1', 'public'],
    ['255.255.255.255', 'reserved'],
    ['8.8.8.8', 'public'],
    ['104.16.0.1', 'public'],
    // 0127 is octal: 87.0.0.1.
    ['0127.1.', 'public'],
    // Not addresses: names, judged by their form alone (and resolved where connected).
    ['1.2.3.4.5', 'public'],
    ['08.0.0.1', 'public'],
    ['4294967296', 'public'],
    ['127.0.0.1.nip.io', 'public']
  ])('%s is %s', (host, kind) => {
    expect(hostKind(host)).toBe(kind)
  })
})

/** Eight groups, biased to the prefixes that carry meaning. */
const ipv6Address = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffff }),
      fc.constantFrom(
        0,
        0xfc00,
        0xfdff,
        0xfe80,
        0xfebf,
        0xfec0,
        0xff02,
        0x2001,
        0x2002,
        0x64,
        0x100
      )
    ),
    fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }), fc.constant(0xffff)), {
      minLength: 7,
      maxLength: 7
    })
  )
  .map(([first, rest]) => [first, ...rest])

/** Text forms of eight groups: in full, compressed as the URL parser writes it, with an IPv4 tail. */
const ipv6Forms = (g: number[]): string[] => {
  const full = g.map((x) => x.toString(16)).join(':')
  const padded = g.map((x) => x.toString(16).padStart(4, '0').toUpperCase()).join(':')
  const tail = `${g
    .slice(0, 6)
    .map((x) => x.toString(16))
    .join(':')}:${dotted(((g[6]! << 16) | g[7]!) >>> 0)}`
  const compressed = new URL(`http://[${full}]/`).hostname
  return [full, padded, tail, compressed, `[${full}]`, `${full}%eth0`]
}

/** What an IPv6 address that carries an IPv4 one stands for, by the IPv4 oracle; else BlockList. */
const ipv6Oracle = (g: number[]): HostKind => {
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  const v4 = (hi: number, lo: number) => oracle(dotted(((g[hi]! << 16) | g[lo]!) >>> 0))
  const full = g.map((x) => x.toString(16)).join(':')
  if (zero(0, 7) && g[7]! <= 1) return oracle(full)
  if (zero(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return v4(6, 7)
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(6, 7)
  if (g[0] === 0x64 && g[1] === 0xff9b) return zero(2, 6) ? v4(6, 7) : 'private'
  if (g[0] === 0x2002) return v4(1, 2)
  return oracle(full)
}

describe('hostKind on IPv6 addresses', () => {
  it('judges every text form of an address alike, and as BlockList does', () => {
    fc.assert(
      fc.property(ipv6Address, (g) => {
        const kind = ipv6Oracle(g)
        for (const form of ipv6Forms(g)) {
          expect([form, parseIpv6(form)]).toEqual([form, g])
          expect([form, hostKind(form)]).toEqual([form, kind])
        }
      }),
      { numRuns: 2000 }
    )
  })

  it.each([
    ['[::1]', 'loopback'],
    ['::1', 'loopback'],
    ['[::]', 'unspecified'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['[::7f00:1]', 'loopback'],
    ['[64:ff9b::a9fe:a9fe]', 'link-local'],
    ['[2002:c0a8:101::1]', 'private'],
    ['[fd12:3456::1]', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['[febf::1]', 'link-local'],
    ['[ff02::1]', 'reserved'],
    ['[2606:4700::1111]', 'public'],
    ['[::ffff:8.8.8.8]', 'public'],
    ['1::2::3', 'public'],
    ['[1:2:3:4:5:6:7:8:9]', 'public']
  ])('%s is %s', (host, kind) => {
    expect(hostKind(host)).toBe(kind)
  })
})

describe('hostKind on names', () => {
  it.each([
    ['localhost', 'loopback'],
    ['LOCALHOST', 'loopback'],
    ['localhost.', 'loopback'],
    ['app.localhost', 'loopback'],
    ['printer.local', 'private'],
    ['db.internal', 'private'],
    ['nas.home.arpa', 'private'],
    ['localhost.example.com', 'public'],
    ['www.example.com', 'public'],
    ['home.arpa.example.com', 'public'],
    ['', 'public']
  ])('%s is %s', (host, kind) => {
    expect(hostKind(host)).toBe(kind)
  })

  it('judges what the URL parser leaves of a host as it judges the host', () => {
    for (const host of ['ＬＯＣＡＬＨＯＳＴ', '%31%32%37.0.0.1', '①②⑦.0.0.1', 'App.LocalHost.'])
      expect([host, hostKind(new URL(`http://${host}/`).hostname)]).toEqual([host, 'loopback'])
  })
})
