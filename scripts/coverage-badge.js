// @ts-check
/** Writes badges/coverage.svg from jest's coverage/coverage-summary.json (line coverage). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'

const summary = JSON.parse(readFileSync('coverage/coverage-summary.json', 'utf8'))
const pct = Math.floor(summary.total.lines.pct)
const color = pct >= 90 ? '#4c1' : pct >= 80 ? '#97ca00' : pct >= 70 ? '#dfb317' : '#e05d44'
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="104" height="20" role="img" aria-label="coverage: ${pct}%">
<title>coverage: ${pct}%</title>
<rect width="61" height="20" fill="#555"/><rect x="61" width="43" height="20" fill="${color}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="30.5" y="14">coverage</text><text x="81.5" y="14">${pct}%</text>
</g>
</svg>
`
mkdirSync('badges', { recursive: true })
writeFileSync('badges/coverage.svg', svg)
console.log(`badges/coverage.svg: ${pct}% of lines`)
