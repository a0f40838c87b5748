/**
 * The verdict document: both fixture verdicts (an SCS-0007 integrator case at tier silver, a scope case that
 * passes) in English and German, with and without pre-audit mode. Checked from the outside with poppler
 * (pdftotext, pdfdetach, pdfinfo): the labels, the running header and page numbers on every page, the
 * watermark, the criteria table; the embedded verdict.json and OSCAL results as our own reader and pdfdetach
 * see them; every glyph the document renders exists in the shipped fonts; a 1,000-row verdict's time and
 * table headers.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openSync, type Font } from 'fontkit'
import {
  buildOscal,
  buildVerdictPdf,
  fonts,
  verdictDocDefinition,
  type VerdictDocumentOptions
} from '../../../src/main/pdf/document'
import { extractAttachments, readInfoEntry } from '../../../src/main/pdf/attachments'
import { signPdf } from '../../../src/main/pdf/pades'
import { loadTrustList } from '../../../src/main/pdf/trust'
import type { Verdict, VerdictCriterion } from '../../../src/shared/domain/verdict-types'
import { msg } from '../../../src/shared/text/messages'
import { FIXTURES, RESOURCES, tempDir } from '../../helpers/paths'
import { createTestPki, readP12 } from '../../helpers/test-pki'

const FONTS = join(RESOURCES, 'fonts')
const OUT = tempDir('aw-pdf-doc-')
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
/** text without any whitespace: pdftotext breaks lines inside cells and drops the watermark's spaces */
const compact = (s: string) => s.replace(/\s+/g, '')
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1

const FIXTURE_FILES = { integrator: 'integrator-silver.json', scope: 'scope-pass.json' } as const
type FixtureName = keyof typeof FIXTURE_FILES
const fixtureBytes = (f: FixtureName) => readFileSync(join(FIXTURES, 'verdicts', FIXTURE_FILES[f]))
const fixture = (f: FixtureName) => JSON.parse(fixtureBytes(f).toString('utf8')) as Verdict

const options = (
  v: Verdict,
  bytes: Buffer,
  lang: 'en' | 'de',
  preAudit: boolean
): VerdictDocumentOptions => ({
  lang,
  preAudit,
  verdictJson: bytes,
  verdictId: `AW-${v.caseId}-${v.decisionDate}-${sha256(bytes).slice(0, 12)}`,
  body: { name: 'Forum SCS-Standards (OSB Alliance)', address: 'Bonn' },
  auditors: ['A. Auditor', 'B. Prüferin', 'C. Çelik'],
  createdAt: new Date('2026-11-25T10:00:00Z'),
  fontsDir: FONTS
})

interface Built {
  readonly name: string
  readonly fixture: FixtureName
  readonly lang: 'en' | 'de'
  readonly preAudit: boolean
  readonly verdict: Verdict
  readonly bytes: Buffer
  readonly opts: VerdictDocumentOptions
  readonly pdf: Buffer
  readonly file: string
  /** pdftotext -raw, one entry per page: content-stream order, so a cell's lines stay together */
  readonly pages: string[]
}

const pdftotext = (file: string, ...args: string[]) =>
  execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 })
const pageCount = (file: string) =>
  Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])

async function build(f: FixtureName, lang: 'en' | 'de', preAudit: boolean): Promise<Built> {
  const bytes = fixtureBytes(f)
  const verdict = fixture(f)
  const opts = options(verdict, bytes, lang, preAudit)
  const pdf = await buildVerdictPdf(verdict, opts)
  const name = `${f}-${lang}${preAudit ? '-pre' : ''}`
  const file = join(OUT, `${name}.pdf`)
  writeFileSync(file, pdf)
  const pages = pdftotext(file, '-raw').split('\f').slice(0, -1)
  return { name, fixture: f, lang, preAudit, verdict, bytes, opts, pdf, file, pages }
}

const COMBOS = (['integrator', 'scope'] as const).flatMap((fixture) =>
  (['en', 'de'] as const).flatMap((lang) =>
    [false, true].map((preAudit) => ({
      fixture,
      lang,
      preAudit,
      name: `${fixture}-${lang}${preAudit ? '-pre' : ''}`
    }))
  )
)
const builds = new Map<string, Built>()
beforeAll(async () => {
  for (const c of COMBOS) builds.set(c.name, await build(c.fixture, c.lang, c.preAudit))
})
const built = (name: string): Built => {
  const b = builds.get(name)
  if (!b) throw new Error(`not built: ${name}`)
  return b
}
/** the cases, known when the tests are collected; their PDFs are built in beforeAll */
const each = () => COMBOS.map((c) => [c.name] as const)

/** What the reader must find, written out here (not taken from the dictionary the document uses). */
const EXPECT = {
  en: {
    title: { certificate: 'Certificate', preAudit: 'Pre-audit report' },
    labels: [
      'Decision date',
      'Valid until',
      'Assessment body',
      'Auditors',
      'Subjects (clouds)',
      'Summary',
      'Annex A — Findings and their resolution',
      'Annex B — Waivers and manual checks',
      'Annex C — Imported files',
      'Annex D — Audit log and machine-readable verdict',
      'Audit-log entries'
    ],
    tableHeader: 'Criterion Subject Claim Evidence Status Decision / Comment',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    date: { integrator: '25 November 2026', scope: '20 November 2026' },
    validUntil: { integrator: '25 November 2027', scope: '20 November 2027' },
    watermark: 'Pre-audit — not a certificate',
    gapList: 'Gap list: what would block certification',
    tier: { integrator: 'TIER SILVER · 5 POINTS', scope: 'OUTCOME: PASS' }
  },
  de: {
    title: { certificate: 'Zertifikat', preAudit: 'Vorprüfbericht' },
    labels: [
      'Entscheidungsdatum',
      'Gültig bis',
      'Prüfstelle',
      'Auditoren',
      'Gegenstände (Clouds)',
      'Zusammenfassung',
      'Anhang A — Befunde und ihre Erledigung',
      'Anhang B — Ausnahmen und manuelle Prüfungen',
      'Anhang C — Importierte Dateien',
      'Anhang D — Prüfprotokoll und maschinenlesbares Prüfergebnis',
      'Einträge im Prüfprotokoll'
    ],
    tableHeader: 'Kriterium Gegenstand Aussage Nachweis Status Entscheidung / Kommentar',
    page: (n: number, of: number) => `Seite ${n} von ${of}`,
    date: { integrator: '25. November 2026', scope: '20. November 2026' },
    validUntil: { integrator: '25. November 2027', scope: '20. November 2027' },
    watermark: 'Vorprüfung — kein Zertifikat',
    gapList: 'Lückenliste: was einer Zertifizierung entgegensteht',
    tier: { integrator: 'STUFE SILBER · 5 PUNKTE', scope: 'ERGEBNIS: BESTANDEN' }
  }
} as const

describe('the verdict document, EN and DE, with and without pre-audit', () => {
  it.each(each())('%s: labels, scheme, outcome, dates and the hash on the certificate page', (name) => {
    const b = built(name)
    const x = EXPECT[b.lang]
    const all = compact(b.pages.join('\n'))
    const cert = compact(b.pages[0]!)
    expect(cert).toContain(compact(b.preAudit ? x.title.preAudit : x.title.certificate))
    expect(cert).toContain(compact(b.verdict.schemeName))
    expect(cert).toContain(compact(b.verdict.schemeVersion))
    expect(cert).toContain(compact(b.verdict.outcomeName))
    expect(cert).toContain(compact(x.tier[b.fixture]))
    expect(cert).toContain(compact(b.verdict.applicant!.name))
    for (const p of b.verdict.partners) expect(cert).toContain(compact(p.name))
    for (const s of b.verdict.subjects) expect(cert).toContain(compact(s.id))
    expect(cert).toContain(compact(x.date[b.fixture]))
    expect(cert).toContain(compact(x.validUntil[b.fixture]))
    expect(cert).toContain(compact(b.opts.body.name))
    for (const a of b.opts.auditors) expect(cert).toContain(compact(a))
    expect(cert).toContain(b.opts.verdictId)
    // the hash printed is the hash of the embedded verdict.json
    expect(cert).toContain(sha256(b.bytes))
    for (const l of x.labels) expect(all).toContain(compact(l))
    // no label of the other language leaks in
    const other = EXPECT[b.lang === 'en' ? 'de' : 'en']
    for (const l of other.labels) expect(all).not.toContain(compact(l))
  })

  it.each(each())('%s: every page has the running header and "page n of N"', (name) => {
    const b = built(name)
    const pages = pageCount(b.file)
    expect(b.pages).toHaveLength(pages)
    expect(pages).toBeGreaterThanOrEqual(4)
    const x = EXPECT[b.lang]
    const running = compact(
      `${b.verdict.schemeName} ${b.verdict.schemeVersion} · ${b.verdict.caseId} · ${x.date[b.fixture]}`
    )
    b.pages.forEach((p, i) => {
      expect(compact(p), `page ${i + 1}`).toContain(running)
      expect(compact(p), `page ${i + 1}`).toContain(compact(x.page(i + 1, pages)))
    })
    expect(compact(b.pages[0]!)).toContain(compact(x.page(1, pages)))
  })

  it.each(each())('%s: the watermark on every page and the gap list only in pre-audit mode', (name) => {
    const b = built(name)
    const x = EXPECT[b.lang]
    for (const p of b.pages)
      if (b.preAudit) expect(compact(p)).toContain(compact(x.watermark))
      else expect(compact(p)).not.toContain(compact(x.watermark))
    const all = compact(b.pages.join('\n'))
    if (!b.preAudit) {
      expect(all).not.toContain(compact(x.gapList))
      return
    }
    expect(all).toContain(compact(x.gapList))
    // the open blocker and major findings are listed in the gap list (on the summary page)
    const summary = compact(b.pages[1]!)
    for (const f of b.verdict.findings.filter(
      (f) => f.state === 'open' && (f.severity === 'major' || f.severity === 'blocker')
    ))
      expect(summary).toContain(compact(f.message))
  })

  it.each(each())(
    '%s: the criteria table has every row, with its subject, claim, evidence and decision',
    (name) => {
      const b = built(name)
      const x = EXPECT[b.lang]
      const all = compact(b.pages.join('\n'))
      expect(all).toContain(compact(x.tableHeader))
      // each row's cell "criterion + name" appears once per row with that criterion
      const perCell = new Map<string, number>()
      for (const c of b.verdict.criteria) {
        const key = compact(`${c.criterion}${c.name}`)
        perCell.set(key, (perCell.get(key) ?? 0) + 1)
      }
      for (const [cell, n] of perCell) expect(count(all, cell), cell).toBe(n)
      for (const c of b.verdict.criteria) {
        expect(all).toContain(compact(c.evidence))
        if (c.statement) expect(all).toContain(compact(c.statement))
        if (c.decision?.comment) expect(all).toContain(compact(c.decision.comment))
      }
      // the annexes: every finding, waiver and file; the audit head
      for (const f of b.verdict.findings) expect(all).toContain(compact(f.message))
      for (const w of b.verdict.waivers) expect(all).toContain(compact(w.rationale))
      for (const f of b.verdict.files) expect(all).toContain(f.sha256)
      expect(all).toContain(b.verdict.audit.head)
    }
  )

  it("Annex B names the verdict's manual checks, accepted when, repeated how often, due again from when (EN and DE); a verdict from before the list has none", async () => {
    const base = fixture('scope')
    expect(base.manualChecks).toBeUndefined()
    const v: Verdict = {
      ...base,
      manualChecks: [
        {
          criterion: 'scs-0121-v1',
          subject: 'acme-cloud',
          decidedAt: '2026-11-20T09:00:00.000Z',
          lifetime: 'quarter',
          freshUntil: '2027-04-01'
        }
      ]
    }
    const text = async (verdict: Verdict, lang: 'en' | 'de', name: string): Promise<string> => {
      const bytes = Buffer.from(JSON.stringify(verdict))
      const file = join(OUT, name)
      writeFileSync(file, await buildVerdictPdf(verdict, options(verdict, bytes, lang, false)))
      return compact(pdftotext(file, '-raw'))
    }
    const en = await text(v, 'en', 'manual-en.pdf')
    expect(en).toContain(compact('Accepted Repeated Due again from'))
    expect(en).toContain(compact('scs-0121-v1 / acme-cloud 2026-11-20 quarterly 2027-04-01'))
    const de = await text(v, 'de', 'manual-de.pdf')
    expect(de).toContain(compact('Angenommen Wiederholung Wieder fällig ab'))
    expect(de).toContain(compact('vierteljährlich'))
    expect(await text({ ...v, manualChecks: [] }, 'en', 'manual-none.pdf')).toContain(
      compact('No manual checks.')
    )
    expect(await text(base, 'en', 'manual-old.pdf')).not.toContain(compact('Due again from'))
  })

  it('the gap list of a pre-audit report names every blocking line and the open blocker findings', async () => {
    const base = fixture('scope')
    const v: Verdict = {
      ...base,
      outcome: 'tentative',
      outcomeName: 'Tentative (checks missing)',
      validUntil: null,
      blocking: [
        'scs-0121-v1 / acme-cloud: pending (claim: met, 1 evidence link)',
        'case: open blocker finding (report-signature-invalid)'
      ],
      findings: [
        ...base.findings,
        {
          id: 'report-signature-invalid|||',
          type: 'report-signature-invalid',
          severity: 'blocker',
          criterion: '',
          subject: 'acme-cloud',
          state: 'open',
          message: 'The signature of report-acme-cloud.yaml does not verify against the allowed signers.',
          resolution: ''
        },
        {
          id: 'duplicate-claim|x||',
          type: 'duplicate-claim',
          severity: 'minor',
          criterion: 'scs-0100-v3.1',
          subject: 'acme-cloud',
          state: 'open',
          message: 'A minor finding stays out of the gap list.',
          resolution: ''
        }
      ]
    }
    const bytes = Buffer.from(JSON.stringify(v))
    const pdf = await buildVerdictPdf(v, options(v, bytes, 'de', true))
    // pdfmake rewrites the nodes it lays out: the caller's verdict must come back untouched
    expect(JSON.stringify(v)).toBe(bytes.toString('utf8'))
    const file = join(OUT, 'gaps.pdf')
    writeFileSync(file, pdf)
    const summary = compact(pdftotext(file, '-raw').split('\f')[1]!)
    expect(summary).toContain(compact(EXPECT.de.gapList))
    for (const line of v.blocking) expect(summary).toContain(compact(line))
    expect(summary).toContain(compact('[blockierend] acme-cloud: The signature of report-acme-cloud.yaml'))
    expect(summary).not.toContain(compact('A minor finding stays out of the gap list.'))
    // no certificate: the title says so, and there is no valid-until date
    const cert = compact(pdftotext(file, '-raw').split('\f')[0]!)
    expect(cert).toContain(compact('Vorprüfbericht'))
    expect(cert).toContain(compact('Gültig bis kein Zertifikat ausgestellt'))
  })

  it('the summary gives the points and tier (points) or the pass per subject (scope), with the why', () => {
    const integrator = built('integrator-en')
    const s = compact(integrator.pages[1]!)
    expect(s).toContain(compact('Outcome: Certified SCS IaaS Integrator Silver · 5 points'))
    expect(s).toContain(compact(integrator.verdict.why.rule))
    expect(s).toContain(compact(integrator.verdict.why.facts[0]!))
    expect(s).toContain(compact('klinik-cloud Klinikverbund Nord Cloud – Lübeck counted 1 point'))
    const scope = built('scope-de')
    const d = compact(scope.pages[1]!)
    expect(d).toContain(compact('Ergebnis: Bestanden (SCS-compatible IaaS)'))
    expect(d).toContain(compact('acme-cloud ACME Cloud Frankfurt Bestanden'))
    expect(d).toContain(compact(scope.verdict.subjects[0]!.why.rule))
  })
})

describe('embedded files and document information', () => {
  it.each(each())(
    '%s: verdict.json is the given bytes; the info dictionary names its hash and id',
    (name) => {
      const b = built(name)
      const files = extractAttachments(b.pdf)
      expect([...files.keys()].sort()).toEqual(['assessment-results.oscal.json', 'verdict.json'])
      expect(files.get('verdict.json')!.equals(b.bytes)).toBe(true)
      expect(b.verdict).toEqual(fixture(b.fixture))
      expect(readInfoEntry(b.pdf, 'AWVerdictSHA256')).toBe(sha256(b.bytes))
      expect(readInfoEntry(b.pdf, 'AWVerdictId')).toBe(b.opts.verdictId)
      expect(readInfoEntry(b.pdf, 'NoSuchKey')).toBeNull()
      // a text string with umlauts and an em dash (pdfkit writes UTF-16BE) decodes
      expect(readInfoEntry(b.pdf, 'Title')).toContain(
        b.lang === 'de' ? (b.preAudit ? 'Vorprüf' : 'Zertifikat') : '—'
      )
    }
  )

  it('poppler agrees: pdfdetach lists and saves the same two files, pdfinfo shows the custom keys', () => {
    const b = built('integrator-de-pre')
    const dir = tempDir('aw-detach-')
    expect(execFileSync('pdfdetach', ['-list', b.file], { encoding: 'utf8' })).toMatch(/2 embedded files/)
    execFileSync('pdfdetach', ['-saveall', '-o', dir, b.file])
    const ours = extractAttachments(b.pdf)
    expect(readdirSync(dir).sort()).toEqual([...ours.keys()].sort())
    for (const name of readdirSync(dir))
      expect(readFileSync(join(dir, name)).equals(ours.get(name)!)).toBe(true)
    const info = execFileSync('pdfinfo', ['-custom', b.file], { encoding: 'utf8' })
    expect(info).toMatch(new RegExp(`AWVerdictSHA256:\\s+${sha256(b.bytes)}`))
  })

  it('a signed file (an incremental update) still gives the same attachments and info entries', async () => {
    const b = built('scope-en')
    const pki = createTestPki()
    const signed = await signPdf(b.pdf, {
      p12: readP12(pki.p12),
      passphrase: pki.passphrase,
      signingTime: new Date('2026-11-25T10:05:00Z'),
      trust: loadTrustList(pki.caPem)
    })
    expect(signed.length).toBeGreaterThan(b.pdf.length)
    expect(signed.subarray(0, b.pdf.length).equals(b.pdf)).toBe(true)
    const files = extractAttachments(signed)
    expect(files.get('verdict.json')!.equals(b.bytes)).toBe(true)
    expect(
      files
        .get('assessment-results.oscal.json')!
        .equals(extractAttachments(b.pdf).get('assessment-results.oscal.json')!)
    ).toBe(true)
    expect(readInfoEntry(signed, 'AWVerdictSHA256')).toBe(sha256(b.bytes))
  })

  it('reads a file whose cross-reference offsets are wrong (falls back to object headers) and survives junk', () => {
    const b = built('scope-de')
    const text = b.pdf.toString('latin1')
    // shift every xref offset: the reader must notice the headers do not match and scan instead
    const broken = Buffer.from(
      text.replace(
        /^(\d{10}) 00000 n/gm,
        (_m, o: string) => `${String(Number(o) + 7).padStart(10, '0')} 00000 n`
      ),
      'latin1'
    )
    expect(broken.equals(b.pdf)).toBe(false)
    expect(extractAttachments(broken).get('verdict.json')!.equals(b.bytes)).toBe(true)
    expect(readInfoEntry(broken, 'AWVerdictId')).toBe(b.opts.verdictId)
    for (const junk of [
      Buffer.alloc(0),
      Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog'),
      b.pdf.subarray(0, 2000)
    ]) {
      expect(extractAttachments(junk).size).toBe(0)
      expect(readInfoEntry(junk, 'AWVerdictId')).toBeNull()
    }
  })
})

describe('OSCAL assessment results', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
  const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

  it.each(each())('%s: the embedded document has the required structure and one finding per row', (name) => {
    const b = built(name)
    const doc = JSON.parse(extractAttachments(b.pdf).get('assessment-results.oscal.json')!.toString('utf8'))
    const ar = doc['assessment-results']
    expect(Object.keys(doc)).toEqual(['assessment-results'])
    expect(ar.uuid).toMatch(UUID)
    expect(ar.metadata.title).toContain(b.verdict.schemeName)
    expect(ar.metadata['last-modified']).toMatch(DATE_TIME)
    expect(ar.metadata.version).toBe(sha256(b.bytes))
    expect(ar.metadata['oscal-version']).toMatch(/^1\.1\.\d+$/)
    expect(typeof ar['import-ap'].href).toBe('string')
    expect(ar.results).toHaveLength(1)
    const r = ar.results[0]
    for (const k of ['uuid', 'title', 'description', 'start', 'reviewed-controls'])
      expect(r).toHaveProperty(k)
    expect(r.start).toMatch(DATE_TIME)
    expect(r.findings).toHaveLength(b.verdict.criteria.length)
    const observations = new Set(r.observations.map((o: { uuid: string }) => o.uuid))
    b.verdict.criteria.forEach((c: VerdictCriterion, i: number) => {
      const f = r.findings[i]
      expect(f.uuid).toMatch(UUID)
      expect(f.target.type).toBe('objective-id')
      expect(f.target['target-id']).toBe(c.criterion)
      expect(f.target.status.state).toBe(
        ['pass', 'waived', 'counted'].includes(c.status) ? 'satisfied' : 'not-satisfied'
      )
      for (const o of f['related-observations']) expect(observations.has(o['observation-uuid'])).toBe(true)
    })
    const uuids = JSON.stringify(doc).match(/"uuid":"[^"]+"/g)!
    expect(new Set(uuids).size).toBe(uuids.length)
  })

  it('is deterministic in the verdict and its hash: same input, same document; another hash, other uuids', () => {
    const v = fixture('integrator')
    const h = sha256(fixtureBytes('integrator'))
    expect(JSON.stringify(buildOscal(v, h))).toBe(JSON.stringify(buildOscal(fixture('integrator'), h)))
    const other = JSON.stringify(buildOscal(v, sha256(Buffer.from('another verdict'))))
    const uuidsOf = (s: string) =>
      new Set(s.match(/[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g))
    const a = uuidsOf(JSON.stringify(buildOscal(v, h)))
    expect([...uuidsOf(other)].filter((u) => a.has(u))).toEqual([])
    // the waiver is a risk with an approved deviation, linked from its finding
    const r = (buildOscal(v, h) as { 'assessment-results': { results: Record<string, unknown>[] } })[
      'assessment-results'
    ].results[0]!
    const risks = r['risks'] as { uuid: string; status: string }[]
    expect(risks.map((x) => x.status)).toEqual(['deviation-approved'])
    const waived = (r['findings'] as { 'related-risks'?: { 'risk-uuid': string }[] }[]).filter(
      (f) => f['related-risks']
    )
    expect(waived.map((f) => f['related-risks']![0]!['risk-uuid'])).toEqual([risks[0]!.uuid])
  })

  it('the whole PDF is reproducible: the same verdict and options give the same bytes', async () => {
    const b = built('scope-en')
    expect((await buildVerdictPdf(fixture('scope'), b.opts)).equals(b.pdf)).toBe(true)
  })
})

describe('glyph coverage of the shipped fonts', () => {
  type Face = { font: string; bold: boolean; italics: boolean }
  const table = fonts(FONTS) as Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>
  const opened = new Map<string, Font>()
  const fontOf = (f: Face): { file: string; font: Font } => {
    const faces = table[f.font]
    if (!faces) throw new Error(`the document uses a font it does not define: ${f.font}`)
    const file = faces[f.bold ? (f.italics ? 'bolditalics' : 'bold') : f.italics ? 'italics' : 'normal']
    if (!opened.has(file)) opened.set(file, openSync(file))
    return { file, font: opened.get(file)! }
  }
  const apply = (f: Face, o: Record<string, unknown>): Face => ({
    font: typeof o['font'] === 'string' ? o['font'] : f.font,
    bold: typeof o['bold'] === 'boolean' ? o['bold'] : f.bold,
    italics: typeof o['italics'] === 'boolean' ? o['italics'] : f.italics
  })

  /** Every string a pdfmake node renders, with the face it is rendered in (styles and inheritance applied). */
  function rendered(
    node: unknown,
    face: Face,
    styles: Record<string, Record<string, unknown>>,
    out: [string, Face][]
  ) {
    if (typeof node === 'string') return void out.push([node, face])
    if (Array.isArray(node)) return void node.forEach((n) => rendered(n, face, styles, out))
    if (!node || typeof node !== 'object') return
    const o = node as Record<string, unknown>
    if ('qr' in o || 'canvas' in o) return
    let f = face
    for (const s of [o['style']].flat()) if (typeof s === 'string' && styles[s]) f = apply(f, styles[s])
    f = apply(f, o)
    if ('text' in o) rendered(o['text'], f, styles, out)
    for (const k of ['stack', 'columns', 'ul', 'ol']) if (k in o) rendered(o[k], f, styles, out)
    const t = o['table'] as { body?: unknown } | undefined
    if (t?.body) rendered(t.body, f, styles, out)
  }

  function missingGlyphs(v: Verdict, opts: VerdictDocumentOptions): string[] {
    const doc = verdictDocDefinition(v, opts)
    const base: Face = { font: 'Sans', bold: false, italics: false }
    const out: [string, Face][] = []
    rendered(doc.content, base, doc.styles, out)
    for (const page of [1, 2, 9, 10, 11]) {
      rendered(doc.header(page, 11), base, doc.styles, out)
      rendered(doc.footer(page, 11), base, doc.styles, out)
    }
    if (doc['watermark']) rendered(doc['watermark'], base, doc.styles, out)
    const missing = new Set<string>()
    for (const [s, face] of out) {
      const { file, font } = fontOf(face)
      for (const ch of s)
        if (!/\s/.test(ch) && !font.hasGlyphForCodePoint(ch.codePointAt(0)!))
          missing.add(`${file.split('/').pop()}: U+${ch.codePointAt(0)!.toString(16).toUpperCase()} "${ch}"`)
    }
    return [...missing]
  }

  it.each(each())('%s: every character the document renders has a glyph in its face', (name) => {
    const b = built(name)
    const texts: [string, Face][] = []
    const doc = verdictDocDefinition(b.verdict, b.opts)
    rendered(doc.content, { font: 'Sans', bold: false, italics: false }, doc.styles, texts)
    const joined = texts.map(([s]) => s).join('')
    // the check sees the symbols and letters that matter
    expect(joined).toMatch(b.lang === 'de' ? /[äöüÜß]/ : /—/)
    if (b.fixture === 'integrator') expect(joined).toMatch(/[✓].*[✗]|[✗].*[✓]/s)
    expect(missingGlyphs(b.verdict, b.opts)).toEqual([])
  })

  it('the check can fail: a character DejaVu lacks, in the serif applicant name and a mono id, is reported', () => {
    const v = { ...fixture('integrator'), applicant: { name: 'Nordlicht 漢 GmbH', id: null } }
    const b = built('integrator-en')
    const missing = missingGlyphs(v, { ...b.opts, verdictId: 'AW-𝔘-1' })
    expect(missing).toContain('DejaVuSerif-Bold.ttf: U+6F22 "漢"')
    expect(missing.some((m) => m.startsWith('DejaVuSansMono.ttf: U+1D518'))).toBe(true)
  })

  it('ships the licence next to the fonts', () => {
    const licence = readFileSync(join(FONTS, 'LICENSE-DejaVu.txt'), 'utf8')
    expect(licence).toMatch(/Bitstream Vera/)
    expect(licence).toMatch(/Permission is hereby granted, free of charge/)
  })
})

describe('a verdict with 1,000 criterion rows', () => {
  const big = (): Verdict => {
    const v = fixture('integrator')
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const c = v.criteria[i % v.criteria.length]!
      return { ...c, criterion: `crit-${String(i).padStart(4, '0')}`, name: `${c.name} (row ${i}, end)` }
    })
    return { ...v, criteria: rows }
  }

  // its speed is measured by `npm run bench` (the 1,000-row signed verdict against bare pdfmake), not here
  it('spans many pages and repeats the table header on each of them', async () => {
    const v = big()
    const bytes = Buffer.from(JSON.stringify(v))
    const pdf = await buildVerdictPdf(v, options(v, bytes, 'en', false))
    const file = join(OUT, 'big.pdf')
    writeFileSync(file, pdf)
    const pages = pdftotext(file, '-raw').split('\f').slice(0, -1)
    const tablePages = pages.filter((p) => /crit-\d{4}/.test(p))
    expect(tablePages.length).toBeGreaterThan(20)
    const header = compact(EXPECT.en.tableHeader)
    // the header row once per table page, nowhere else
    expect(count(compact(pages.join('\n')), header)).toBe(tablePages.length)
    for (const p of tablePages) expect(count(compact(p), header)).toBe(1)
    // no row is split: each row's id and the end of its name are on the same page
    for (let i = 0; i < 1000; i += 7) {
      const id = `crit-${String(i).padStart(4, '0')}`
      const page = tablePages.filter((p) => p.includes(id))
      expect(page, id).toHaveLength(1)
      expect(compact(page[0]!)).toContain(compact(`(row ${i}, end)`))
    }
    expect(extractAttachments(pdf).get('verdict.json')!.equals(bytes)).toBe(true)
  }, 60_000)
})

describe('the certificate badge: its colour comes from the tier’s place in the rule file, not its id', () => {
  /** the integrator fixture as computeVerdict writes it now: its why names the rule file's tiers */
  const withTiers = (tiers: readonly string[], outcome: string, granted = true): Verdict => {
    const v = fixture('integrator')
    const rule = msg('rule.tiers', {
      tiers: tiers.map((t, i) => msg('rule.tier', { tier: t, min: 2 * (tiers.length - i) })),
      otherwise: 'not-granted'
    })
    return {
      ...v,
      outcome,
      validUntil: granted ? v.validUntil : null,
      why: { ...v.why, msg: { rule, facts: [] } }
    }
  }
  const badge = (v: Verdict): string | undefined => {
    const fills: string[] = []
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk)
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>
        if (typeof o['fillColor'] === 'string') fills.push(o['fillColor'])
        Object.values(o).forEach(walk)
      }
    }
    walk(verdictDocDefinition(v, options(v, Buffer.from(JSON.stringify(v)), 'en', false)).content)
    return fills.find((f) => ['#8d5630', '#687787', '#9a7412', '#1e7d46', '#c0392b'].includes(f))
  }
  it.each([
    ['the shipped silver of silver, bronze', ['silver', 'bronze'], 'silver', '#687787'],
    ['the shipped bronze', ['silver', 'bronze'], 'bronze', '#8d5630'],
    ['the lower of two tiers named otherwise', ['platin', 'gold'], 'gold', '#8d5630'],
    ['the higher of them', ['platin', 'gold'], 'platin', '#687787'],
    ['the top of three', ['a', 'b', 'c'], 'a', '#9a7412']
  ])('%s', (_n, tiers, outcome, colour) => {
    expect(badge(withTiers(tiers, outcome))).toBe(colour)
  })
  it('no tier reached: the colour of a refusal', () => {
    expect(badge(withTiers(['silver', 'bronze'], 'not-granted', false))).toBe('#c0392b')
  })
})
