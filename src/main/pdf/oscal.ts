/**
 * The verdict as NIST OSCAL (1.1) assessment results, embedded in the PDF so that tools read the decision
 * without scraping text. Deterministic: uuids are derived from the verdict hash, so the same verdict gives
 * the same document.
 */
import { createHash } from 'node:crypto'
import type { Verdict } from '../../shared/domain/verdict-types'

export const OSCAL_VERSION = '1.1.2'

/** A name-based uuid (version 5 layout) from the verdict hash and a label. */
export function derivedUuid(seed: string, label: string): string {
  const h = createHash('sha256').update(`${seed}\u0000${label}`).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`
}

const SATISFIED = new Set(['pass', 'waived', 'counted'])

export function buildOscal(v: Verdict, verdictSha256: string, lastModified: string): object {
  const id = (label: string) => derivedUuid(verdictSha256, label)
  return {
    'assessment-results': {
      uuid: id('assessment-results'),
      metadata: {
        title: `${v.schemeName} ${v.schemeVersion}: verdict for case ${v.caseId}`,
        'last-modified': lastModified,
        version: verdictSha256,
        'oscal-version': OSCAL_VERSION,
        props: [
          { name: 'verdict-sha256', ns: 'https://auditor-workbench.example/ns', value: verdictSha256 },
          { name: 'audit-head', ns: 'https://auditor-workbench.example/ns', value: v.audit.head }
        ]
      },
      'import-ap': { href: `urn:auditor-workbench:scheme:${v.scheme}:${v.schemeVersion}` },
      results: [
        {
          uuid: id('result'),
          title: `${v.outcomeName} (${v.outcome})`,
          description: `${v.why.rule}. ${v.why.facts.join('; ')}`,
          start: `${v.decisionDate}T00:00:00Z`,
          ...(v.validUntil ? { end: `${v.validUntil}T00:00:00Z` } : {}),
          props: [
            { name: 'outcome', ns: 'https://auditor-workbench.example/ns', value: v.outcome },
            ...(v.points !== undefined
              ? [{ name: 'points', ns: 'https://auditor-workbench.example/ns', value: String(v.points) }]
              : [])
          ],
          'reviewed-controls': { 'control-selections': [{ 'include-all': {} }] },
          findings: v.criteria.map((c, i) => ({
            uuid: id(`finding-${i}`),
            title: `${c.criterion}${c.subject ? ` / ${c.subject}` : ''}`,
            description: `${c.why.rule}. ${c.why.facts.join('; ')}`,
            props: [
              { name: 'status', ns: 'https://auditor-workbench.example/ns', value: c.status },
              ...(c.points !== undefined
                ? [{ name: 'points', ns: 'https://auditor-workbench.example/ns', value: String(c.points) }]
                : [])
            ],
            target: {
              type: 'objective-id',
              'target-id': c.criterion,
              status: { state: SATISFIED.has(c.status) ? 'satisfied' : 'not-satisfied' }
            }
          }))
        }
      ]
    }
  }
}
