/**
 * The verdict document (pdfmake): a certificate page, a summary with the why-trace in short, the criteria
 * table, and annexes (findings, waivers, imported files, audit head). The verdict JSON and its OSCAL form ride
 * along as embedded files; the verdict's id and hash go into the document information dictionary and the QR
 * code. EN or DE. Unsigned here: signing (pades.ts) comes after.
 */
import { createHash } from 'node:crypto'
import { join, sep } from 'node:path'
import pdfmake from 'pdfmake'
import type {
  Verdict,
  VerdictCriterion,
  VerdictFinding,
  VerdictManualCheck,
  VerdictSubject,
  Why
} from '../../shared/domain/verdict-types'
import type { Lifetime } from '../../shared/domain/types'
import { SEVERITIES } from '../../shared/domain/reconcile'
import { isGranted, tiersOf } from '../../shared/domain/verdict'
import { labels, type Lang, type Labeller } from './i18n'
import { buildOscal } from './oscal'

export { buildOscal } from './oscal'

export interface VerdictDocumentOptions {
  readonly lang: Lang
  /** a pre-audit report: watermarked on every page, with a gap list; never a certificate */
  readonly preAudit: boolean
  /** the exact bytes embedded as verdict.json; their SHA-256 is the verdict hash */
  readonly verdictJson: Buffer
  readonly verdictId: string
  /** the assessment body */
  readonly body: { readonly name: string; readonly address?: string }
  readonly auditors: readonly string[]
  /** the fixed creation date of the PDF metadata and the embedded files (reproducible output) */
  readonly createdAt: Date
  /** resources/fonts (the shipped DejaVu faces): `join(resourcesDir, 'fonts')`, as the workspace knows it */
  readonly fontsDir: string
  /** SHA-256 of the signer certificate (AB:CD:…), shown next to the verdict hash on the certificate page */
  readonly signerFingerprint?: string | undefined
  /** the certificate's public status page in the body's register: the QR code and a URL line point there */
  readonly statusUrl?: string | undefined
}

// pdfmake's document definition is loosely typed JSON; a small alias keeps this file honest about that
type Node = Record<string, unknown> | string | Node[]
export type DocDefinition = Record<string, unknown> & {
  readonly content: Node[]
  readonly header: (page: number, pages: number) => Node
  readonly footer: (page: number, pages: number) => Node
  readonly styles: Record<string, Record<string, unknown>>
}

const BRAND = '#1f3a5f'
const INK = '#1b2430'
const DIM = '#5d6b7c'
const LINE = '#d5dbe3'
const HEAD_FILL = '#eef2f7'
const GOOD = '#1e7d46'
const BAD = '#c0392b'
const TENTATIVE = '#7b61a8'
/**
 * badge colours of a reached tier, by its place from the lowest tier of its rule file (bronze, silver, gold;
 * a higher one keeps gold): metal tones that stay readable under white text
 */
const METAL = ['#8d5630', '#687787', '#9a7412'] as const
function badgeColourOf(v: Verdict): string {
  if (!isGranted(v)) return colourOf(v.outcome)
  const tiers = tiersOf(v)
  const fromLowest = tiers.length - 1 - tiers.indexOf(v.outcome)
  return fromLowest < tiers.length ? METAL[Math.min(fromLowest, METAL.length - 1)]! : GOOD
}

const colourOf = (status: string): string =>
  ['pass', 'waived', 'counted'].includes(status)
    ? GOOD
    : ['tentative', 'pending', 'inconclusive'].includes(status)
      ? TENTATIVE
      : status === 'not-counted'
        ? DIM
        : BAD

const dataUri = (b: Buffer, type: string): string => `data:${type};base64,${b.toString('base64')}`

/** The pdfmake font table over the shipped faces. */
export function fonts(dir: string) {
  const f = (n: string) => join(dir, n)
  return {
    Sans: {
      normal: f('DejaVuSansCondensed.ttf'),
      bold: f('DejaVuSansCondensed-Bold.ttf'),
      italics: f('DejaVuSansCondensed-Oblique.ttf'),
      bolditalics: f('DejaVuSansCondensed-BoldOblique.ttf')
    },
    Serif: {
      normal: f('DejaVuSerif.ttf'),
      bold: f('DejaVuSerif-Bold.ttf'),
      italics: f('DejaVuSerif.ttf'),
      bolditalics: f('DejaVuSerif-Bold.ttf')
    },
    Mono: {
      normal: f('DejaVuSansMono.ttf'),
      bold: f('DejaVuSansMono.ttf'),
      italics: f('DejaVuSansMono.ttf'),
      bolditalics: f('DejaVuSansMono.ttf')
    }
  }
}

/** A data table: one repeated header row, rows never split across pages, hairlines between rows. */
const table = (widths: (string | number)[], header: Node[], rows: Node[][], fontSize = 7.5): Node => ({
  table: {
    headerRows: 1,
    dontBreakRows: true,
    widths,
    body: [header.map((h) => ({ text: h, style: 'th' })), ...rows]
  },
  layout: {
    hLineWidth: (i: number) => (i <= 1 ? 0.8 : 0.3),
    vLineWidth: () => 0,
    hLineColor: (i: number) => (i <= 1 ? BRAND : LINE),
    paddingTop: () => 2.5,
    paddingBottom: () => 2.5,
    fillColor: (i: number) => (i === 0 ? HEAD_FILL : null)
  },
  fontSize
})

/**
 * The outcome's title: the rule file's name of a tier or of a passed scope (a proper name); a scope outcome
 * that does not pass is named in the document's language (the rule file's names are English).
 */
const outcomeTitle = (v: Verdict, t: Labeller): string =>
  t.lang === 'en' || v.model === 'points' || v.outcome === 'pass' ? v.outcomeName : t.outcome(v.outcome)

const rowLabel = (criterion: string, subject: string) => [criterion, subject].filter(Boolean).join(' / ')

function auditorLine(v: Verdict, o: VerdictDocumentOptions, t: Labeller): string {
  const { L } = t
  const { submittedBy, acceptedBy } = v.review
  // signed verdicts name each auditor with the fingerprint of the key their acts are signed with
  if (v.auditors?.length)
    return v.auditors
      .map((a) => {
        const roles = [
          a.acts.includes('submitted') ? L.submittedBy : null,
          a.acts.includes('accepted') ? L.acceptedBy : null
        ].filter(Boolean)
        return `${a.name}${roles.length ? ` (${roles.join(', ')})` : ''} ${a.fingerprint}`
      })
      .join(', ')
  const named = [
    submittedBy ? `${submittedBy} (${L.submittedBy})` : null,
    acceptedBy ? `${acceptedBy} (${L.acceptedBy})` : null,
    ...o.auditors.filter((a) => a !== submittedBy && a !== acceptedBy)
  ].filter((x): x is string => !!x)
  return named.join(', ') || L.none
}

function certificatePage(v: Verdict, o: VerdictDocumentOptions, t: Labeller, hash: string): Node[] {
  const { L } = t
  const granted = v.validUntil !== null
  const title = o.preAudit ? L.preAuditTitle : granted ? L.certificate : L.verdictTitle
  const points = v.model === 'points'
  const badgeColour = badgeColourOf(v)
  const badgeKicker = points
    ? `${L.tier} ${t.outcome(v.outcome)}${v.points !== undefined ? ` · ${t.points(v.points)}` : ''}`
    : `${L.outcome}: ${t.outcome(v.outcome)}`
  const validUntil = v.validUntil
    ? o.preAudit
      ? `${t.date(v.validUntil)} (${L.ifCertified})`
      : t.date(v.validUntil)
    : L.notValid
  const details: [string, string][] = [
    [L.decisionDate, t.date(v.decisionDate)],
    [L.validUntil, validUntil],
    ...(v.points !== undefined ? ([[L.points, String(v.points)]] as [string, string][]) : []),
    ...(v.round > 1 ? ([[L.round, String(v.round)]] as [string, string][]) : []),
    [L.body, o.body.name + (o.body.address ? `, ${o.body.address}` : '')],
    [L.auditors, auditorLine(v, o, t)]
  ]
  // pdfmake cannot lay out a table without rows
  const subjects: VerdictSubject[] = v.subjects.length
    ? [...v.subjects]
    : [{ id: L.none, name: null, outcome: '', why: { rule: '', facts: [] } }]
  return [
    { text: o.body.name.toUpperCase(), style: 'kicker', alignment: 'center', margin: [0, 36, 0, 0] },
    { text: title, style: 'title', alignment: 'center', margin: [0, 16, 0, 2] },
    {
      canvas: [{ type: 'line', x1: 209, y1: 0, x2: 290, y2: 0, lineWidth: 1.2, lineColor: BRAND }],
      margin: [0, 2, 0, 10]
    },
    { text: v.schemeName, style: 'scheme', alignment: 'center' },
    { text: `${L.version} ${v.schemeVersion}`, alignment: 'center', color: DIM, margin: [0, 2, 0, 16] },
    {
      table: {
        widths: ['*'],
        body: [
          [
            {
              stack: [
                { text: badgeKicker.toUpperCase(), style: 'badgeKicker' },
                { text: outcomeTitle(v, t), style: 'badge' }
              ],
              fillColor: badgeColour,
              margin: [10, 7, 10, 8]
            }
          ]
        ]
      },
      layout: 'noBorders',
      margin: [76, 0, 76, 20]
    },
    {
      text: o.preAudit ? L.preparedFor : granted ? L.awardedTo : L.issuedTo,
      alignment: 'center',
      color: DIM
    },
    { text: v.applicant?.name ?? v.title, style: 'applicant', alignment: 'center', margin: [0, 4, 0, 2] },
    v.applicant?.id ? { text: v.applicant.id, alignment: 'center', color: DIM } : '',
    v.partners.length
      ? {
          text: `${L.partners}: ${v.partners.map((p) => `${p.name} (${p.role})`).join('; ')}`,
          alignment: 'center',
          fontSize: 8.5,
          color: DIM,
          margin: [30, 6, 30, 0]
        }
      : '',
    { text: L.subjects, style: 'h3', alignment: 'center', margin: [0, 16, 0, 4] },
    {
      columns: [
        { width: '*', text: '' },
        {
          width: 'auto',
          table: {
            body: subjects.map((s) => [
              { text: s.id, bold: true, noWrap: true },
              { text: s.name ?? '', color: DIM },
              {
                text: `${s.outcome ? t.outcome(s.outcome) : ''}${s.points !== undefined ? ` · ${t.points(s.points)}` : ''}`,
                color: colourOf(s.outcome),
                noWrap: true
              }
            ])
          },
          layout: {
            hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
              i === 0 || i === node.table.body.length ? 0 : 0.4,
            vLineWidth: () => 0,
            hLineColor: () => LINE,
            paddingLeft: (i: number) => (i === 0 ? 0 : 10),
            paddingRight: () => 0,
            paddingTop: () => 2.5,
            paddingBottom: () => 2.5
          },
          fontSize: 9
        },
        { width: '*', text: '' }
      ]
    },
    {
      table: {
        widths: [120, '*'],
        body: details.map(([k, val]) => [
          { text: k, color: DIM },
          { text: val, bold: k === L.validUntil && granted && !o.preAudit }
        ])
      },
      layout: {
        hLineWidth: () => 0,
        vLineWidth: () => 0,
        paddingTop: () => 1.5,
        paddingBottom: () => 1.5
      },
      fontSize: 9.5,
      margin: [40, 20, 40, 0]
    },
    ...restsOnWaivers(v, t),
    {
      columns: [
        {
          // module size is floor(fit / modules): 110 gives 2-point modules for the 37–53-module codes our
          // payloads need, so every certificate shows the code at the same scale
          qr: o.statusUrl ?? `aw-verdict:${o.verdictId};sha256=${hash}`,
          fit: 110,
          eccLevel: 'M',
          foreground: BRAND,
          width: 112
        },
        {
          width: '*',
          stack: [
            { text: L.verdictId, color: DIM, fontSize: 7.5 },
            { text: o.verdictId, font: 'Mono', fontSize: 8.5, margin: [0, 0, 0, 5] },
            { text: L.verdictHash, color: DIM, fontSize: 7.5 },
            { text: hash, font: 'Mono', fontSize: 7, margin: [0, 0, 0, 6] },
            o.signerFingerprint
              ? {
                  text: `${o.lang === 'de' ? 'Zertifikat des Unterzeichners, SHA-256' : 'Signer certificate, SHA-256'}\n${o.signerFingerprint}`,
                  font: 'Mono',
                  fontSize: 6,
                  color: DIM,
                  margin: [0, 0, 0, 6]
                }
              : '',
            o.statusUrl
              ? {
                  text: [
                    { text: `${o.lang === 'de' ? 'Status und Widerruf' : 'Status and revocation'}: ` },
                    { text: o.statusUrl, link: o.statusUrl, font: 'Mono', color: BRAND }
                  ],
                  fontSize: 7.5,
                  margin: [0, 0, 0, 3]
                }
              : { text: L.qrNote, fontSize: 7.5, color: DIM, italics: true },
            o.preAudit
              ? ''
              : { text: L.signatureNote, fontSize: 7.5, color: DIM, italics: true, margin: [0, 3, 0, 0] }
          ],
          margin: [10, 6, 0, 0]
        }
      ],
      margin: [40, 28, 40, 0],
      unbreakable: true
    }
  ]
}

/**
 * The accepted manual checks the verdict rests on (Verdict.manualChecks), in Annex B beside the waivers: when
 * each was accepted, how often it is repeated, and from when it is due again, the day the register's
 * surveillance lists it. A verdict from before the list has no table.
 */
function manualChecksTable(v: Verdict, t: Labeller): Node[] {
  const L = t.L
  // a verdict from before the list has none; one the workbench did not compute is drawn as it reads
  // (the register refuses such a list at certify, naming it)
  const checks: readonly unknown[] | null = Array.isArray(v.manualChecks) ? v.manualChecks : null
  if (!checks) return []
  const every: Record<Lifetime, string> = {
    day: L.lifetimeDay,
    week: L.lifetimeWeek,
    month: L.lifetimeMonth,
    quarter: L.lifetimeQuarter,
    year: L.lifetimeYear
  }
  return [
    { text: L.manualChecks, bold: true, fontSize: 9, margin: [0, 10, 0, 4] },
    checks.length
      ? table(
          ['*', '18%', '18%', '18%'],
          [`${L.criterion} / ${L.subject}`, L.acceptedOn, L.repeatEvery, L.dueFrom],
          checks.map((entry) => {
            const m = (entry ?? {}) as Partial<Record<keyof VerdictManualCheck, unknown>>
            return [
              rowLabel(String(m.criterion ?? ''), String(m.subject ?? '')),
              t.shortDate(String(m.decidedAt ?? '')),
              every[m.lifetime as Lifetime] ?? String(m.lifetime ?? ''),
              t.shortDate(String(m.freshUntil ?? ''))
            ]
          }),
          7.5
        )
      : { text: L.noManualChecks, color: DIM }
  ]
}

/**
 * The waivers the outcome rests on, on the certificate page: who owns each, until when it counts; the
 * validity above already ends no later than the earliest of them.
 */
function restsOnWaivers(v: Verdict, t: Labeller): Node[] {
  const { L } = t
  const ws = v.reliesOnWaivers ?? []
  if (!ws.length || v.validUntil === null) return []
  return [
    {
      stack: [
        { text: L.restsOnWaivers, bold: true, color: BAD, fontSize: 9.5 },
        { text: L.restsOnNote, fontSize: 8, color: DIM, margin: [0, 1, 0, 3] },
        {
          ul: ws.map((w) => ({
            text: [
              { text: rowLabel(w.criterion, w.subject), bold: true },
              ` · ${L.owner}: ${w.owner} · ${L.expires}: `,
              { text: t.date(w.expires), bold: true },
              w.rationale ? { text: ` · ${w.rationale}`, italics: true, color: DIM } : ''
            ]
          })),
          fontSize: 8.5
        }
      ],
      margin: [40, 12, 40, 0]
    }
  ]
}

/** The rule and facts of a why, in the document's language (the English text for verdicts without codes). */
const whyText = (why: Why, t: Labeller): { rule: string; facts: string[] } => ({
  rule: t.say(why.msg?.rule, why.rule),
  facts: why.msg ? why.msg.facts.map((f) => t.say(f, '')) : [...why.facts]
})

/** The why of a subject or the case in short: the rule and the first facts. */
function whyShort(why: Why, t: Labeller, max: number): Node[] {
  const { rule, facts } = whyText(why, t)
  const shown = facts.slice(0, max)
  const more = facts.length - shown.length
  return [
    { text: rule, italics: true, color: DIM },
    ...(shown.length ? [{ ul: more > 0 ? [...shown, `… ${more} ${t.L.moreFacts}`] : shown }] : [])
  ]
}

function summary(v: Verdict, o: VerdictDocumentOptions, t: Labeller): Node[] {
  const { L } = t
  const points = v.model === 'points'
  const out: Node[] = [
    { text: L.summary, style: 'h2', pageBreak: 'before' },
    {
      text: [
        { text: `${L.outcome}: `, bold: true },
        {
          text: points ? v.outcomeName : t.outcome(v.outcome),
          color: isGranted(v) ? GOOD : colourOf(v.outcome),
          bold: true
        },
        points || outcomeTitle(v, t) !== v.outcomeName ? '' : { text: ` (${v.outcomeName})`, color: DIM },
        v.points !== undefined ? `  ·  ${t.points(v.points)}` : '',
        `  ·  ${L.validUntil}: ${v.validUntil ? t.date(v.validUntil) : L.notValid}`
      ],
      margin: [0, 0, 0, 6]
    },
    {
      stack: [{ text: `${L.why}:`, bold: true, fontSize: 8.5 }, ...whyShort(v.why, t, 6)],
      fontSize: 8.5,
      margin: [0, 0, 0, 10]
    },
    v.subjects.length
      ? table(
          ['18%', '14%', '*'],
          [L.subject, L.subjectOutcome, L.why],
          v.subjects.map((s) => [
            { text: [{ text: s.id, bold: true }, s.name ? `\n${s.name}` : ''] },
            {
              text: `${t.outcome(s.outcome)}${s.points !== undefined ? `\n${t.points(s.points)}` : ''}`,
              color: colourOf(s.outcome),
              bold: true
            },
            { stack: whyShort(s.why, t, 4) }
          ]),
          8
        )
      : ''
  ]
  if (o.preAudit) {
    const serious = v.findings.filter(
      (f) => f.state === 'open' && (f.severity === 'blocker' || f.severity === 'major')
    )
    out.push(
      { text: L.gapList, style: 'h2', margin: [0, 16, 0, 6] },
      v.blocking.length
        ? {
            ul: v.blockingMsgs ? v.blockingMsgs.map((b) => t.say(b, '')) : [...v.blocking],
            fontSize: 8.5,
            color: BAD,
            markerColor: BAD
          }
        : { text: L.noGaps, color: GOOD },
      { text: `${L.openFindings} (${serious.length})`, style: 'h3', margin: [0, 10, 0, 4] },
      serious.length
        ? {
            ul: serious.map((f) => ({
              text: [
                {
                  text: `[${t.severity(f.severity)}] `,
                  bold: true,
                  color: f.severity === 'blocker' ? BAD : INK
                },
                { text: `${rowLabel(f.criterion, f.subject) || L.none}: `, bold: true },
                t.say(f.msg, f.message)
              ]
            })),
            fontSize: 8
          }
        : { text: L.noFindings, color: DIM }
    )
  }
  return out
}

/** The criteria table alone (the benchmark renders it bare, to measure what the rest of the document costs). */
export function criteriaTableOnly(v: Verdict, lang: Lang): Node[] {
  return criteriaTable(v, labels(lang))
}

function criteriaTable(v: Verdict, t: Labeller): Node[] {
  const { L } = t
  const points = v.model === 'points'
  // inline runs, not stacks: a thousand rows lay out markedly faster
  const small = (text: string): Node => ({ text: `\n${text}`, color: DIM, fontSize: 6.5 })
  const row = (c: VerdictCriterion): Node[] => [
    { text: [{ text: c.criterion, bold: true }, small(c.name)] },
    c.subject || L.none,
    { text: [t.claim(c.claim), ...(c.statement ? [small(c.statement)] : [])] },
    {
      text: [
        t.say(c.evidenceMsg, c.evidence) || L.none,
        ...(c.stale ? [{ text: `\n${L.stale}`, color: BAD, bold: true, fontSize: 6.5 }] : []),
        ...(c.why.facts[0] ? [small(whyText(c.why, t).facts[0]!)] : [])
      ]
    },
    {
      text: `${t.status(c.status)}${points ? `\n${t.points(c.points ?? 0)}` : ''}`,
      color: colourOf(c.status),
      bold: true
    },
    c.decision
      ? {
          text: [
            { text: t.decision(c.decision.decision), bold: true },
            `\n${c.decision.auditor} · ${t.shortDate(c.decision.decidedAt)}`,
            ...(c.decision.waiverExpires ? [`\n${L.expires}: ${t.shortDate(c.decision.waiverExpires)}`] : []),
            ...(c.decision.comment ? [{ text: `\n${c.decision.comment}`, italics: true, color: DIM }] : [])
          ]
        }
      : L.none
  ]
  return [
    { text: `${L.criteria} (${v.criteria.length})`, style: 'h2', pageBreak: 'before' },
    v.criteria.length
      ? table(
          ['18%', '11%', '14%', '*', '13%', '17%'],
          [L.criterion, L.subject, L.claim, L.evidence, L.status, `${L.decision} / ${L.comment}`],
          v.criteria.map(row)
        )
      : { text: L.none, color: DIM }
  ]
}

function annexes(v: Verdict, t: Labeller): Node[] {
  const { L } = t
  return [
    { text: L.annexFindings, style: 'h2', pageBreak: 'before' },
    v.findings.length
      ? {
          stack: [
            { text: L.findingsGrouped, fontSize: 7.5, color: DIM, margin: [0, 0, 0, 4] },
            table(
              ['10%', '11%', '17%', '7%', '11%', '*', '16%'],
              [
                L.severity,
                L.type,
                `${L.criterion} / ${L.subject}`,
                L.count,
                L.state,
                L.message,
                L.resolution
              ],
              groupFindings(v.findings).map((g) => {
                const f = g.findings[0]!
                const subjects = [...new Set(g.findings.map((x) => x.subject).filter(Boolean))]
                const states = [...new Set(g.findings.map((x) => x.state))]
                const resolutions = [
                  ...new Set(
                    g.findings
                      .map((x) =>
                        t.say(x.resolutionMsg, x.resolution).replace(/^(decision|Entscheidung): /, '')
                      )
                      .filter(Boolean)
                  )
                ]
                return [
                  {
                    text: t.severity(g.severity),
                    color: g.severity === 'blocker' || g.severity === 'major' ? BAD : DIM,
                    bold: g.severity === 'blocker'
                  },
                  t.findingType(g.type),
                  {
                    text: [
                      { text: g.criterion || L.none, bold: true },
                      subjects.length ? `\n${subjects.join(', ')}` : ''
                    ]
                  },
                  { text: String(g.findings.length), alignment: 'right' },
                  {
                    text: states
                      .map((st) => `${g.findings.filter((x) => x.state === st).length} ${t.state(st)}`)
                      .join('\n'),
                    color: states.includes('open') ? INK : GOOD
                  },
                  {
                    text: [
                      t.say(f.msg, f.message),
                      g.findings.length > 1
                        ? { text: ` (+${g.findings.length - 1} ${L.moreLikeIt})`, color: DIM }
                        : ''
                    ]
                  },
                  resolutions.slice(0, 2).join('\n') +
                    (resolutions.length > 2 ? ` (+${resolutions.length - 2})` : '') || L.none
                ]
              }),
              7
            )
          ]
        }
      : { text: L.noFindings, color: DIM },
    { text: L.annexWaivers, style: 'h2', margin: [0, 16, 0, 6] },
    v.waivers.length
      ? table(
          ['18%', '15%', '12%', '*', '13%'],
          [`${L.criterion} / ${L.subject}`, L.owner, L.grantedBy, L.rationale, L.expires],
          v.waivers.map((w) => [
            rowLabel(w.criterion, w.subject),
            w.owner,
            w.auditor,
            w.rationale,
            {
              text: `${t.shortDate(w.expires)}\n(${w.active ? L.active : L.expired})`,
              color: w.active ? GOOD : BAD
            }
          ]),
          7.5
        )
      : { text: L.noWaivers, color: DIM },
    ...manualChecksTable(v, t),
    { text: L.annexFiles, style: 'h2', margin: [0, 16, 0, 6] },
    v.files.length
      ? table(
          ['24%', '14%', '*', '17%'],
          [L.file, L.kind, 'SHA-256', L.importedAt],
          v.files.map((f) => [
            f.file,
            t.importKind(f.kind),
            { text: f.sha256, font: 'Mono', fontSize: 6 },
            t.dateTime(f.importedAt)
          ]),
          7.5
        )
      : { text: L.none, color: DIM },
    ...(v.documents?.length
      ? [
          { text: L.annexDocuments, style: 'h3', margin: [0, 10, 0, 4] },
          table(
            ['22%', '*', '10%', '20%'],
            [L.file, 'SHA-256', L.size, L.citedBy],
            v.documents.map((d) => [
              d.name,
              { text: d.sha256, font: 'Mono', fontSize: 6 },
              `${d.size} B`,
              d.citedBy.join(', ') || '—'
            ]),
            7.5
          )
        ]
      : []),
    { text: L.annexAudit, style: 'h2', margin: [0, 16, 0, 6] },
    {
      table: {
        widths: [170, '*'],
        body: [
          [
            { text: L.auditHead, color: DIM },
            { text: v.audit.head, font: 'Mono', fontSize: 7 }
          ],
          [{ text: L.auditEntries, color: DIM }, String(v.audit.entries)],
          ...(v.audit.caseHead
            ? [
                [
                  { text: L.caseHead, color: DIM },
                  {
                    text: `#${v.audit.caseHead.caseSeq} · ${v.audit.caseHead.caseHash}`,
                    font: 'Mono',
                    fontSize: 7
                  }
                ]
              ]
            : []),
          [
            { text: L.rulesFile, color: DIM },
            { text: `${v.rules.file} · sha256 ${v.rules.sha256}`, font: 'Mono', fontSize: 7 }
          ]
        ]
      },
      layout: 'noBorders',
      fontSize: 8.5
    },
    { text: L.attachments, fontSize: 8, color: DIM, margin: [0, 8, 0, 0] }
  ]
}

interface FindingGroup {
  readonly type: VerdictFinding['type']
  readonly criterion: string
  readonly severity: VerdictFinding['severity']
  readonly findings: readonly VerdictFinding[]
}

/** Annex A: the findings grouped by type and criterion, most severe first (one row per group, with its count). */
export function groupFindings(findings: readonly VerdictFinding[]): FindingGroup[] {
  const groups = new Map<string, VerdictFinding[]>()
  for (const f of findings) {
    const k = `${f.type}\u0000${f.criterion}`
    const list = groups.get(k)
    if (list) list.push(f)
    else groups.set(k, [f])
  }
  const rank = (s: VerdictFinding['severity']) => SEVERITIES.indexOf(s)
  return [...groups.values()]
    .map((fs) => ({
      type: fs[0]!.type,
      criterion: fs[0]!.criterion,
      severity: fs.reduce((w, f) => (rank(f.severity) < rank(w) ? f.severity : w), fs[0]!.severity),
      findings: fs
    }))
    .sort(
      (a, b) =>
        rank(a.severity) - rank(b.severity) ||
        a.criterion.localeCompare(b.criterion) ||
        a.type.localeCompare(b.type)
    )
}

/** A rectangle `inset` points inside the page edge: the certificate page's double frame. */
const frame = (inset: number, lineWidth: number, size: { width: number; height: number }) => ({
  type: 'rect',
  x: inset,
  y: inset,
  w: size.width - 2 * inset,
  h: size.height - 2 * inset,
  lineWidth,
  lineColor: BRAND
})

/** An embedded JSON file (pdfkit's file specification), as a data URI: nothing is read from disk. */
const embedded = (
  name: string,
  bytes: Buffer,
  description: string,
  relationship: 'Source' | 'Alternative',
  at: Date
) => ({
  src: dataUri(bytes, 'application/json'),
  name,
  type: 'application/json',
  description,
  relationship,
  creationDate: at,
  modifiedDate: at
})

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** The pdfmake document definition of a verdict (exported for the glyph-coverage test). */
export function verdictDocDefinition(v: Verdict, o: VerdictDocumentOptions): DocDefinition {
  const t = labels(o.lang)
  const { L } = t
  const hash = sha256(o.verdictJson)
  const oscal = Buffer.from(JSON.stringify(buildOscal(v, hash)))
  const running = `${v.schemeName} ${v.schemeVersion} · ${v.caseId} · ${t.date(v.decisionDate)}`
  const title = o.preAudit ? L.preAuditTitle : v.validUntil !== null ? L.certificate : L.verdictTitle
  return {
    pageSize: 'A4',
    pageMargins: [48, 58, 48, 54],
    language: o.lang === 'de' ? 'de-DE' : 'en-GB',
    info: {
      title: `${title}: ${v.schemeName} ${v.schemeVersion} — ${v.applicant?.name ?? v.caseId}`,
      author: o.body.name,
      subject: `${v.outcomeName} (${v.outcome}), ${L.decisionDate} ${v.decisionDate}`,
      keywords: `${v.scheme} ${v.schemeVersion} ${o.verdictId}`,
      creator: 'Auditor Workbench',
      producer: 'Auditor Workbench (pdfmake)',
      creationDate: o.createdAt,
      AWVerdictId: o.verdictId,
      AWVerdictSHA256: hash
    },
    ...(o.preAudit
      ? { watermark: { text: L.watermark, color: BAD, opacity: 0.13, bold: true, fontSize: 46 } }
      : {}),
    background: (page: number, size: { width: number; height: number }) =>
      page === 1 ? { canvas: [frame(16, 2, size), frame(21, 0.6, size)] } : null,
    // the running header on every page, the certificate's inside its frame
    header: () => ({
      columns: [
        { text: running, fontSize: 7.5, color: DIM },
        { text: o.verdictId, fontSize: 7, color: DIM, alignment: 'right', font: 'Mono', width: 'auto' }
      ],
      columnGap: 12,
      margin: [48, 32, 48, 0]
    }),
    footer: (page: number, pages: number) => ({
      columns: [
        { text: page === 1 ? '' : o.body.name, fontSize: 7.5, color: DIM },
        { text: `${L.page} ${page} ${L.of} ${pages}`, fontSize: 7.5, color: DIM, alignment: 'right' }
      ],
      margin: [48, 20, 48, 0]
    }),
    content: [
      ...certificatePage(v, o, t, hash),
      ...summary(v, o, t),
      ...criteriaTable(v, t),
      ...annexes(v, t)
    ],
    files: {
      'verdict.json': embedded(
        'verdict.json',
        o.verdictJson,
        `The verdict ${o.verdictId} (${v.format})`,
        'Source',
        o.createdAt
      ),
      'assessment-results.oscal.json': embedded(
        'assessment-results.oscal.json',
        oscal,
        'The verdict as NIST OSCAL assessment results',
        'Alternative',
        o.createdAt
      )
    },
    defaultStyle: { font: 'Sans', fontSize: 9, lineHeight: 1.15, color: INK },
    styles: {
      kicker: { fontSize: 9, color: BRAND, bold: true, characterSpacing: 1.5 },
      title: { font: 'Serif', fontSize: 34, bold: true, color: BRAND },
      scheme: { font: 'Serif', fontSize: 17, color: INK },
      badgeKicker: {
        fontSize: 7.5,
        bold: true,
        color: '#e8edf2',
        alignment: 'center',
        characterSpacing: 1.5
      },
      badge: { fontSize: 15, bold: true, color: '#ffffff', alignment: 'center', margin: [0, 2, 0, 0] },
      applicant: { font: 'Serif', fontSize: 20, bold: true },
      h2: { font: 'Serif', fontSize: 14, bold: true, color: BRAND, margin: [0, 0, 0, 8] },
      h3: { fontSize: 10, bold: true, color: BRAND },
      th: { bold: true, color: BRAND }
    }
  }
}

export async function buildVerdictPdf(v: Verdict, o: VerdictDocumentOptions): Promise<Buffer> {
  const doc = verdictDocDefinition(v, o)
  // pdfmake is one configured instance: the fonts and policies are read when createPdf is called
  pdfmake.setFonts(fonts(o.fontsDir))
  // nothing is fetched and only the shipped fonts are read
  const root = o.fontsDir.endsWith(sep) ? o.fontsDir : `${o.fontsDir}${sep}`
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(root))
  return pdfmake.createPdf(doc).getBuffer()
}
