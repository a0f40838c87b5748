/**
 * The verdict document (pdfmake): a certificate page, a summary with the why-trace in short, the criteria
 * table, and annexes (findings, waivers, imported files, audit head). The verdict JSON and its OSCAL form ride
 * along as embedded files; the verdict's id and hash go into the document information dictionary and the QR
 * code. EN or DE. Unsigned here: signing (pades.ts) comes after.
 */
import { join } from 'node:path'
import pdfmake from 'pdfmake'
import type { Verdict, VerdictCriterion } from '../../shared/domain/verdict-types'
import { labels, type Lang, type Labeller } from './i18n'
import { buildOscal } from './oscal'
import { createHash } from 'node:crypto'

export interface VerdictDocumentOptions {
  readonly lang: Lang
  readonly preAudit: boolean
  /** the exact bytes embedded as verdict.json; their SHA-256 is the verdict hash */
  readonly verdictJson: Buffer
  readonly verdictId: string
  readonly body: { readonly name: string; readonly address?: string }
  readonly auditors: readonly string[]
  readonly createdAt: Date
  readonly fontsDir: string
}

// pdfmake's document definition is loosely typed JSON; a small alias keeps this file honest about that
type Node = Record<string, unknown> | string | Node[]

const BRAND = '#1f3a5f'
const DIM = '#5d6b7c'
const LINE = '#d5dbe3'
const GOOD = '#1e7d46'
const BAD = '#c0392b'
const TENTATIVE = '#7b61a8'

const colourOf = (status: string): string =>
  ['pass', 'waived', 'counted', 'silver', 'bronze', 'gold'].includes(status)
    ? GOOD
    : ['tentative', 'pending'].includes(status)
      ? TENTATIVE
      : status === 'not-counted'
        ? DIM
        : BAD

const dataUri = (b: Buffer, type: string): string => `data:${type};base64,${b.toString('base64')}`

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
    fillColor: (i: number) => (i === 0 ? '#eef2f7' : null)
  },
  fontSize
})

function certificatePage(v: Verdict, o: VerdictDocumentOptions, t: Labeller, hash: string): Node[] {
  const { L } = t
  const granted = v.validUntil !== null
  const title = o.preAudit ? L.preAuditTitle : granted ? L.certificate : L.verdictTitle
  const outcomeLabel = v.model === 'points' ? v.outcomeName : `${t.outcome(v.outcome)} — ${v.outcomeName}`
  const colour = colourOf(v.outcome)
  const details: [string, string][] = [
    [L.decisionDate, t.date(v.decisionDate)],
    [L.validUntil, v.validUntil ? t.date(v.validUntil) : L.notValid],
    ...(v.points !== undefined ? ([[L.points, String(v.points)]] as [string, string][]) : []),
    ...(v.round > 1 ? ([[L.round, String(v.round)]] as [string, string][]) : []),
    [L.body, o.body.name + (o.body.address ? `, ${o.body.address}` : '')],
    [
      L.auditors,
      [
        v.review.submittedBy ? `${v.review.submittedBy} (${L.submittedBy})` : null,
        v.review.acceptedBy ? `${v.review.acceptedBy} (${L.acceptedBy})` : null,
        ...o.auditors.filter((a) => a !== v.review.submittedBy && a !== v.review.acceptedBy)
      ]
        .filter(Boolean)
        .join(', ') || L.none
    ]
  ]
  return [
    { text: o.body.name.toUpperCase(), style: 'kicker', alignment: 'center', margin: [0, 36, 0, 0] },
    { text: title, style: 'title', alignment: 'center', margin: [0, 18, 0, 6] },
    { text: v.schemeName, style: 'scheme', alignment: 'center' },
    { text: `${L.version} ${v.schemeVersion}`, alignment: 'center', color: DIM, margin: [0, 2, 0, 18] },
    {
      table: { widths: ['*'], body: [[{ text: outcomeLabel, style: 'badge', fillColor: colour }]] },
      layout: 'noBorders',
      margin: [90, 0, 90, 22]
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
    { text: L.subjects, style: 'h3', alignment: 'center', margin: [0, 18, 0, 4] },
    {
      columns: [
        { width: '*', text: '' },
        {
          width: 'auto',
          table: {
            // pdfmake cannot lay out a table without rows
            body: (v.subjects.length
              ? v.subjects
              : [{ id: L.none, name: null, outcome: '', points: undefined }]
            ).map((s) => [
              { text: s.id, bold: true, noWrap: true },
              { text: s.name ?? '', color: DIM },
              {
                text: `${s.outcome ? t.outcome(s.outcome) : ''}${s.points !== undefined ? ` · ${s.points} ${L.pointsUnit}` : ''}`,
                color: colourOf(s.outcome)
              }
            ])
          },
          layout: 'lightHorizontalLines',
          fontSize: 9
        },
        { width: '*', text: '' }
      ]
    },
    {
      table: {
        widths: [130, '*'],
        body: details.map(([k, val]) => [
          { text: k, color: DIM },
          { text: val, bold: k === L.validUntil }
        ])
      },
      layout: 'noBorders',
      fontSize: 9.5,
      margin: [40, 22, 40, 0]
    },
    {
      columns: [
        {
          qr: `aw-verdict:${o.verdictId};sha256=${hash}`,
          fit: 96,
          eccLevel: 'M',
          foreground: BRAND,
          width: 110
        },
        {
          width: '*',
          stack: [
            { text: L.verdictId, color: DIM, fontSize: 7.5 },
            { text: o.verdictId, font: 'Mono', fontSize: 8.5, margin: [0, 0, 0, 5] },
            { text: L.verdictHash, color: DIM, fontSize: 7.5 },
            { text: hash, font: 'Mono', fontSize: 7, margin: [0, 0, 0, 5] },
            { text: L.qrNote, fontSize: 7.5, color: DIM, italics: true }
          ],
          margin: [8, 8, 0, 0]
        }
      ],
      margin: [40, 26, 40, 0],
      unbreakable: true
    }
  ]
}

function summary(v: Verdict, o: VerdictDocumentOptions, t: Labeller): Node[] {
  const { L } = t
  const out: Node[] = [
    { text: L.summary, style: 'h2', pageBreak: 'before' },
    {
      text: [
        { text: `${L.outcome}: `, bold: true },
        {
          text: v.model === 'points' ? v.outcomeName : t.outcome(v.outcome),
          color: colourOf(v.outcome),
          bold: true
        },
        v.points !== undefined ? `  ·  ${v.points} ${L.pointsUnit}` : '',
        `  ·  ${L.validUntil}: ${v.validUntil ? t.date(v.validUntil) : L.notValid}`
      ],
      margin: [0, 0, 0, 6]
    },
    { text: `${L.why}: ${v.why.rule}`, italics: true, color: DIM, fontSize: 8.5 },
    { ul: v.why.facts, fontSize: 8.5, margin: [0, 2, 0, 10] },
    table(
      ['18%', '14%', '*'],
      [L.subject, L.subjectOutcome, L.why],
      v.subjects.map((s) => [
        { text: [{ text: s.id, bold: true }, s.name ? `\n${s.name}` : ''] },
        {
          text: `${t.outcome(s.outcome)}${s.points !== undefined ? `\n${s.points} ${L.pointsUnit}` : ''}`,
          color: colourOf(s.outcome)
        },
        { stack: [{ text: s.why.rule, italics: true, color: DIM }, { ul: s.why.facts.slice(0, 4) }] }
      ]),
      8
    )
  ]
  if (o.preAudit) {
    const serious = v.findings.filter(
      (f) => f.state === 'open' && (f.severity === 'blocker' || f.severity === 'major')
    )
    out.push(
      { text: L.gapList, style: 'h2', margin: [0, 16, 0, 6] },
      v.blocking.length ? { ul: v.blocking, fontSize: 8.5, color: BAD } : { text: L.noGaps, color: GOOD },
      { text: `${L.openFindings} (${serious.length})`, style: 'h3', margin: [0, 10, 0, 4] },
      serious.length
        ? {
            ul: serious.map(
              (f) =>
                `[${t.severity(f.severity)}] ${[f.criterion, f.subject].filter(Boolean).join(' / ') || '—'}: ${f.message}`
            ),
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
    { text: [c.evidence, ...(c.why.facts[0] ? [small(c.why.facts[0])] : [])] },
    {
      text: `${t.status(c.status)}${points ? `\n${c.points ?? 0} ${L.pointsUnit}` : ''}`,
      color: colourOf(c.status),
      bold: true
    },
    c.decision
      ? {
          text: [
            `${t.decision(c.decision.decision)} · ${c.decision.auditor} · ${c.decision.decidedAt.slice(0, 10)}`,
            ...(c.decision.comment ? [{ text: `\n${c.decision.comment}`, italics: true, color: DIM }] : [])
          ]
        }
      : L.none
  ]
  return [
    { text: `${L.criteria} (${v.criteria.length})`, style: 'h2', pageBreak: 'before' },
    table(
      ['19%', '11%', '13%', '*', '10%', '18%'],
      [L.criterion, L.subject, L.claim, L.evidence, L.status, `${L.decision} / ${L.comment}`],
      v.criteria.map(row)
    )
  ]
}

function annexes(v: Verdict, t: Labeller, rulesLine: string): Node[] {
  const { L } = t
  return [
    { text: L.annexFindings, style: 'h2', pageBreak: 'before' },
    v.findings.length
      ? table(
          ['9%', '14%', '16%', '8%', '*', '18%'],
          [L.severity, L.type, `${L.criterion} / ${L.subject}`, L.state, L.message, L.resolution],
          v.findings.map((f) => [
            {
              text: t.severity(f.severity),
              color: f.severity === 'blocker' || f.severity === 'major' ? BAD : DIM
            },
            f.type,
            [f.criterion, f.subject].filter(Boolean).join(' / ') || L.none,
            t.state(f.state),
            f.message,
            f.resolution || L.none
          ]),
          7
        )
      : { text: L.noFindings, color: DIM },
    { text: L.annexWaivers, style: 'h2', margin: [0, 16, 0, 6] },
    v.waivers.length
      ? table(
          ['18%', '14%', '14%', '*', '13%'],
          [`${L.criterion} / ${L.subject}`, L.owner, L.decision, L.rationale, L.expires],
          v.waivers.map((w) => [
            [w.criterion, w.subject].filter(Boolean).join(' / '),
            w.owner,
            w.auditor,
            w.rationale,
            {
              text: `${t.date(w.expires)}\n(${w.active ? L.active : L.expired})`,
              color: w.active ? GOOD : BAD
            }
          ]),
          7.5
        )
      : { text: L.noWaivers, color: DIM },
    { text: L.annexFiles, style: 'h2', margin: [0, 16, 0, 6] },
    table(
      ['24%', '13%', '*', '15%'],
      [L.file, L.kind, 'SHA-256', L.importedAt],
      v.files.map((f) => [
        f.file,
        f.kind,
        { text: f.sha256, font: 'Mono', fontSize: 6 },
        t.dateTime(f.importedAt)
      ]),
      7.5
    ),
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
          [
            { text: L.rulesFile, color: DIM },
            { text: rulesLine, font: 'Mono', fontSize: 7 }
          ]
        ]
      },
      layout: 'noBorders',
      fontSize: 8.5
    },
    { text: L.attachments, fontSize: 8, color: DIM, margin: [0, 8, 0, 0] }
  ]
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
const embedded = (name: string, bytes: Buffer, description: string, at: Date) => ({
  src: dataUri(bytes, 'application/json'),
  name,
  type: 'application/json',
  description,
  creationDate: at,
  modifiedDate: at
})

export async function buildVerdictPdf(v: Verdict, o: VerdictDocumentOptions): Promise<Buffer> {
  const t = labels(o.lang)
  const { L } = t
  const hash = createHash('sha256').update(o.verdictJson).digest('hex')
  const oscal = Buffer.from(JSON.stringify(buildOscal(v, hash, o.createdAt.toISOString())))
  pdfmake.setFonts(fonts(o.fontsDir))
  // nothing is fetched and only the shipped fonts are read
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(o.fontsDir))
  const running = `${v.schemeName} ${v.schemeVersion} · ${v.caseId} · ${t.date(v.decisionDate)}`
  const doc = {
    pageSize: 'A4',
    pageMargins: [48, 58, 48, 54],
    info: {
      title: `${o.preAudit ? L.preAuditTitle : L.verdictTitle}: ${v.schemeName} ${v.schemeVersion} — ${v.applicant?.name ?? v.caseId}`,
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
      page === 1
        ? {
            canvas: [frame(22, 2.2, size), frame(28, 0.5, size)]
          }
        : null,
    header: (page: number) =>
      page === 1
        ? null
        : {
            columns: [
              { text: running, fontSize: 7.5, color: DIM },
              { text: o.verdictId, fontSize: 7.5, color: DIM, alignment: 'right', font: 'Mono' }
            ],
            margin: [48, 26, 48, 0]
          },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: page === 1 ? '' : o.body.name, fontSize: 7.5, color: DIM },
        { text: `${L.page} ${page} ${L.of} ${pages}`, fontSize: 7.5, color: DIM, alignment: 'right' }
      ],
      margin: [48, 18, 48, 0]
    }),
    content: [
      ...certificatePage(v, o, t, hash),
      ...summary(v, o, t),
      ...criteriaTable(v, t),
      ...annexes(v, t, `${v.rules.file} · sha256 ${v.rules.sha256}`)
    ],
    files: {
      'verdict.json': embedded(
        'verdict.json',
        o.verdictJson,
        `The verdict ${o.verdictId} (auditor-workbench/verdict@1)`,
        o.createdAt
      ),
      'assessment-results.oscal.json': embedded(
        'assessment-results.oscal.json',
        oscal,
        'The verdict as NIST OSCAL assessment results',
        o.createdAt
      )
    },
    defaultStyle: { font: 'Sans', fontSize: 9, lineHeight: 1.15, color: '#1b2430' },
    styles: {
      kicker: { fontSize: 9, color: BRAND, bold: true, characterSpacing: 1.5 },
      title: { font: 'Serif', fontSize: 34, bold: true, color: BRAND },
      scheme: { font: 'Serif', fontSize: 17, color: '#1b2430' },
      badge: { fontSize: 15, bold: true, color: '#ffffff', alignment: 'center', margin: [6, 7, 6, 7] },
      applicant: { font: 'Serif', fontSize: 20, bold: true },
      h2: { font: 'Serif', fontSize: 14, bold: true, color: BRAND, margin: [0, 0, 0, 8] },
      h3: { fontSize: 10, bold: true, color: BRAND },
      th: { bold: true, color: BRAND }
    }
  }
  return pdfmake.createPdf(doc as never).getBuffer()
}
