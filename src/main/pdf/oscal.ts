/**
 * The verdict as NIST OSCAL (1.1.x) assessment results, embedded in the PDF so that tools read the decision
 * without scraping text: one result for the case, one finding per criterion row (target: the criterion as an
 * objective, satisfied or not), one observation per row (its evidence), the subjects (clouds) as local
 * components, and the waivers as risks with an approved deviation.
 *
 * Deterministic: every uuid is derived from the verdict hash and a label, and every time stamp comes from the
 * verdict itself, so the same verdict always gives the same document.
 */
import { createHash } from 'node:crypto'
import type { Verdict, VerdictCriterion } from '../../shared/domain/verdict-types'

export const OSCAL_VERSION = '1.1.2'
/** the namespace of our own props (OSCAL requires a URI for non-NIST props) */
export const OSCAL_NS = 'https://github.com/SovereignCloudStack/auditor-workbench/ns/oscal'

/** A name-based uuid (version 5 layout, SHA-256 instead of SHA-1) from the verdict hash and a label. */
export function derivedUuid(seed: string, label: string): string {
  const h = createHash('sha256').update(`${seed}\u0000${label}`).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`
}

/** the statuses that count towards the outcome */
const SATISFIED = new Set(['pass', 'waived', 'counted'])

const prop = (name: string, value: string) => ({ name, ns: OSCAL_NS, value })
const midnight = (date: string) => `${date.slice(0, 10)}T00:00:00Z`
/** ISO instants compare as strings only in one format: normalise to …Z without milliseconds */
const instant = (iso: string) => {
  const d = new Date(iso.length === 10 ? midnight(iso) : iso)
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The latest time stamp the verdict rests on: its decision date, a decision, an import. */
export function verdictLastModified(v: Verdict): string {
  const times = [
    midnight(v.decisionDate),
    ...v.criteria.flatMap((c) => (c.decision ? [c.decision.decidedAt] : [])),
    ...v.files.map((f) => f.importedAt)
  ]
    .map(instant)
    .filter((x): x is string => x !== null)
  return times.reduce((a, b) => (b > a ? b : a), midnight(v.decisionDate))
}

const rowLabel = (c: VerdictCriterion) => `${c.criterion}${c.subject ? ` / ${c.subject}` : ''}`
const sentence = (rule: string, facts: readonly string[]) =>
  [rule, ...facts].filter(Boolean).join('; ') || rule || '—'

/**
 * The OSCAL assessment-results document of a verdict. `verdictSha256` is the hash of the verdict JSON it is
 * embedded next to; `lastModified` defaults to the latest time stamp in the verdict.
 */
export function buildOscal(v: Verdict, verdictSha256: string, lastModified?: string): object {
  const id = (label: string) => derivedUuid(verdictSha256, label)
  const modified = lastModified ?? verdictLastModified(v)
  const starts = v.files.map((f) => instant(f.importedAt)).filter((x): x is string => x !== null)
  const start = starts.reduce((a, b) => (b < a ? b : a), midnight(v.decisionDate))
  const subjectIds = [
    ...new Set([...v.subjects.map((s) => s.id), ...v.criteria.map((c) => c.subject)])
  ].filter(Boolean)
  const subjectName = new Map(v.subjects.map((s) => [s.id, s.name]))
  const waiverOf = (c: VerdictCriterion) =>
    v.waivers.findIndex((w) => w.criterion === c.criterion && w.subject === c.subject)
  return {
    'assessment-results': {
      uuid: id('assessment-results'),
      metadata: {
        title: `${v.schemeName} ${v.schemeVersion}: verdict for case ${v.caseId}`,
        'last-modified': modified,
        version: verdictSha256,
        'oscal-version': OSCAL_VERSION,
        props: [
          prop('verdict-format', v.format),
          prop('verdict-sha256', verdictSha256),
          prop('case-id', v.caseId),
          prop('round', String(v.round)),
          prop('audit-head', v.audit.head),
          prop('audit-entries', String(v.audit.entries)),
          ...(v.audit.caseHead
            ? [
                prop('audit-case-seq', String(v.audit.caseHead.caseSeq)),
                prop('audit-case-hash', v.audit.caseHead.caseHash)
              ]
            : []),
          prop('rules-sha256', v.rules.sha256)
        ],
        ...(v.applicant
          ? {
              parties: [
                {
                  uuid: id('party-applicant'),
                  type: 'organization',
                  name: v.applicant.name,
                  ...(v.applicant.id ? { props: [prop('registration', v.applicant.id)] } : {})
                }
              ]
            }
          : {})
      },
      ...backMatter(v, id),
      'import-ap': { href: `urn:auditor-workbench:scheme:${v.scheme}:${v.schemeVersion}` },
      results: [
        {
          uuid: id('result'),
          title: `${v.outcomeName} (${v.outcome})`,
          description: sentence(v.why.rule, v.why.facts),
          start,
          end: modified,
          props: [
            prop('scheme', v.scheme),
            prop('scheme-version', v.schemeVersion),
            prop('decision-date', v.decisionDate),
            prop('outcome', v.outcome),
            ...(v.points !== undefined ? [prop('points', String(v.points))] : []),
            ...(v.validUntil ? [prop('valid-until', v.validUntil)] : [])
          ],
          ...(subjectIds.length
            ? {
                'local-definitions': {
                  components: subjectIds.map((s) => ({
                    uuid: id(`subject:${s}`),
                    type: 'service',
                    title: subjectName.get(s) ?? s,
                    description: `Subject ${s} of case ${v.caseId}`,
                    props: [prop('subject-id', s)],
                    status: { state: 'operational' }
                  }))
                }
              }
            : {}),
          'reviewed-controls': {
            'control-selections': [
              {
                'include-controls': [...new Set(v.criteria.map((c) => c.criterion))].map((c) => ({
                  'control-id': c
                }))
              }
            ]
          },
          observations: v.criteria.map((c, i) => ({
            uuid: id(`observation-${i}`),
            title: rowLabel(c),
            description: c.evidence || '—',
            ...relevantEvidence(v, rowLabel(c), id),
            methods: /\bchecks?\b|\btestcases?\b/i.test(c.evidence) ? ['TEST'] : ['EXAMINE'],
            props: [prop('stale', String(c.stale)), ...(c.claim ? [prop('claim', c.claim)] : [])],
            ...(c.subject
              ? { subjects: [{ 'subject-uuid': id(`subject:${c.subject}`), type: 'component' }] }
              : {}),
            collected: midnight(v.decisionDate),
            ...(c.statement ? { remarks: c.statement } : {})
          })),
          ...(v.waivers.length
            ? {
                risks: v.waivers.map((w, i) => ({
                  uuid: id(`risk-${i}`),
                  title: `Waiver: ${w.criterion}${w.subject ? ` / ${w.subject}` : ''}`,
                  description: w.rationale || '—',
                  statement: `Waived by ${w.auditor}; owner ${w.owner}; expires ${w.expires}${w.active ? '' : ' (expired at the decision date)'}`,
                  props: [prop('waiver-owner', w.owner), prop('waiver-active', String(w.active))],
                  status: w.active ? 'deviation-approved' : 'open',
                  deadline: midnight(w.expires)
                }))
              }
            : {}),
          findings: v.criteria.map((c, i) => {
            const waiver = waiverOf(c)
            return {
              uuid: id(`finding-${i}`),
              title: rowLabel(c),
              description: sentence(c.why.rule, c.why.facts),
              props: [
                prop('status', c.status),
                ...(c.subject ? [prop('subject-id', c.subject)] : []),
                ...(c.points !== undefined ? [prop('points', String(c.points))] : []),
                ...(c.decision ? [prop('decision', c.decision.decision)] : [])
              ],
              target: {
                type: 'objective-id',
                'target-id': c.criterion,
                status: { state: SATISFIED.has(c.status) ? 'satisfied' : 'not-satisfied' }
              },
              'related-observations': [{ 'observation-uuid': id(`observation-${i}`) }],
              ...(waiver >= 0 ? { 'related-risks': [{ 'risk-uuid': id(`risk-${waiver}`) }] } : {}),
              ...(c.decision
                ? {
                    remarks: `${c.decision.decision} by ${c.decision.auditor} at ${c.decision.decidedAt}${c.decision.comment ? `: ${c.decision.comment}` : ''}`
                  }
                : {})
            }
          })
        }
      ]
    }
  }
}

/** the evidence documents as back-matter resources, each with its SHA-256 (OSCAL `rlinks[].hashes`) */
function backMatter(v: Verdict, id: (label: string) => string): object {
  if (!v.documents?.length) return {}
  return {
    'back-matter': {
      resources: v.documents.map((d) => ({
        uuid: id(`document:${d.sha256}`),
        title: d.name,
        props: [prop('size', String(d.size)), ...d.citedBy.map((c) => prop('cited-by', c))],
        rlinks: [
          {
            href: `urn:auditor-workbench:document:sha256:${d.sha256}`,
            'media-type': d.mediaType,
            hashes: [{ algorithm: 'SHA-256', value: d.sha256 }]
          }
        ]
      }))
    }
  }
}

/** the documents a criterion's decision cites, as the observation's relevant evidence (pointing into back-matter) */
function relevantEvidence(v: Verdict, label: string, id: (label: string) => string): object {
  const cited = (v.documents ?? []).filter((d) => d.citedBy.includes(label))
  if (cited.length === 0) return {}
  return {
    'relevant-evidence': cited.map((d) => ({
      href: `#${id(`document:${d.sha256}`)}`,
      description: `${d.name} (SHA-256 ${d.sha256})`
    }))
  }
}
