import { describe, expect, it } from '@jest/globals'
import {
  adviceFor,
  NOT_ALLOWED,
  RATE_LIMITED,
  WHOLE_KIND_CODES,
  WHOLE_RUN_CODES
} from '../../src/cloudflare/codes.js'

describe('Cloudflare error codes', () => {
  it('name the codes the verdicts and the lookups act on', () => {
    expect(RATE_LIMITED).toBe(1134)
    expect([...WHOLE_RUN_CODES].sort((a, b) => a - b)).toEqual([
      1012, 1014, 1092, 6003, 6103, 7003, 9103, 9106, 9109, 10000
    ])
    expect([...WHOLE_KIND_CODES]).toEqual([1136])
    expect(NOT_ALLOWED).toEqual([9109, 10000])
  })

  it('condemn the run for every refusal of the token, and advise on each', () => {
    for (const code of NOT_ALLOWED) expect(WHOLE_RUN_CODES.has(code)).toBe(true)
    for (const code of [RATE_LIMITED, ...WHOLE_KIND_CODES, ...NOT_ALLOWED])
      expect(adviceFor(code)).not.toContain('Troubleshooting')
  })
})
