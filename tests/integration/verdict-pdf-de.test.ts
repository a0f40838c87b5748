/**
 * Issue 12 C: the certificate says what it rests on, and the German edition is German. The domain returns
 * codes and parameters (findings, why-traces, blocking lines); the PDF puts them into words per language.
 * Checked with pdftotext on PDFs exported from live fixture cases: the waiver the outcome rests on is on the
 * certificate page and caps "valid until"; Annex A groups findings by type and criterion with counts; code
 * names ("SCS-0007 w1", "not-granted") appear with their names; and no English sentence is left in the
 * German edition once the applicant's and the auditors' own words are taken out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestWorkspace } from '../helpers/workspace'
import { tempDir } from '../helpers/paths'
import { fixtureCase } from '../helpers/fixture-cases'
import type { Workspace } from '../../src/main/workspace'
import { exportVerdict } from '../../src/main/pdf/export'
import { groupFindings } from '../../src/main/pdf/document'
import { MSG_CODES, say, msg, type Msg } from '../../src/shared/text/messages'
import type { Verdict } from '../../src/shared/domain/verdict-types'
import { actorOf } from '../helpers/identity'

const OUT = tempDir('aw-pdf-de-')
let ws: Workspace & { dir: string }

/** pdftotext -raw, whitespace made single spaces: a table cell's lines stay together in content order */
function text(pdf: Buffer, name: string): string[] {
  const file = join(OUT, name)
  writeFileSync(file, pdf)
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\f')
    .map((p) => p.replace(/\s+/g, ' '))
}
const pdf = async (caseId: string, lang: 'en' | 'de', at: string) =>
  (await exportVerdict(ws, { caseId, lang, preAudit: true, at, actor: 'test' })).pdf

/** English function words that German text does not use (not "in", "an", "so", which German has too). */
const ENGLISH =
  /\b(the|is|are|was|were|has|have|and|but|which|with|for|of|by|at|on|its|been|only|until|when|every|from|does|not|no|claimed|expired|passes|fails|required|missing)\b/i
/** Sentences: runs of words with at least two English function words among them. */
function englishSentences(t: string): string[] {
  const hits: string[] = []
  for (const piece of t.split(/(?<=[.;:!?])\s|\s[—·|]\s/)) {
    const words = piece.split(/\s+/)
    const n = words.filter((w) => ENGLISH.test(w.replace(/[^\p{L}-]/gu, ''))).length
    if (n >= 2) hits.push(piece.trim())
  }
  return hits
}
/** The words of the applicant and the auditors (and names of standards and schemes) stay as written. */
function ownWords(v: Verdict): string[] {
  return [
    ...v.criteria.flatMap((c) => [c.statement, c.name, c.decision?.comment ?? '']),
    ...v.waivers.map((w) => w.rationale),
    ...v.partners.flatMap((p) => [p.name, p.role]),
    ...v.subjects.map((s) => s.name ?? ''),
    v.outcomeName,
    v.schemeName,
    v.title
  ]
    .filter((x) => x.length > 3)
    .map((x) => x.replace(/\s+/g, ' '))
    .sort((a, b) => b.length - a.length)
}
const strip = (t: string, words: readonly string[]) => words.reduce((acc, w) => acc.split(w).join(' '), t)

beforeAll(async () => {
  ws = createTestWorkspace()
  await fixtureCase(ws, 'nordlicht', 'integrator')
  ws.decide(
    {
      caseId: 'nordlicht',
      criterion: 'scoring.public-iaas-operated',
      subject: 'nord-public',
      decision: 'waive',
      comment: 'Neuer Lauf am 10. Dezember gebucht',
      waiverOwner: 'K. Kühl',
      waiverExpires: '2026-12-15'
    },
    actorOf(ws, 'A. Auditor')
  )
  await fixtureCase(ws, 'contra', 'inconsistent', (f) => f !== 'other-application.yaml')
  ws.decide(
    {
      caseId: 'contra',
      criterion: 'scs-0101-v1',
      subject: 'contra-cloud',
      decision: 'waive',
      comment: 'Korrektur der Entropie ist eingeplant',
      waiverOwner: 'K. Kühl',
      waiverExpires: '2027-01-31'
    },
    actorOf(ws, 'A. Auditor')
  )
})
afterAll(() => ws.close())

describe('the certificate says what it rests on', () => {
  it('a bronze that rests on a short waiver names the waiver on the certificate page and ends with it (EN, DE)', async () => {
    const at = '2026-12-01'
    const v = ws.verdict('nordlicht', at)
    expect(v).toMatchObject({ outcome: 'bronze', points: 2, validUntil: '2026-12-14' })
    const [en] = text(await pdf('nordlicht', 'en', at), 'waiver-en.pdf')
    expect(en).toContain('This outcome rests on waivers')
    expect(en).toContain('scoring.public-iaas-operated / nord-public')
    expect(en).toContain('Owner: K. Kühl')
    expect(en).toMatch(/Valid until 14 December 2026/)
    expect(en).not.toContain('2027')
    const [de] = text(await pdf('nordlicht', 'de', at), 'waiver-de.pdf')
    expect(de).toContain('Dieses Ergebnis beruht auf Ausnahmen')
    expect(de).toMatch(/Gültig bis 14\. Dezember 2026/)
  })

  it('Annex A groups the findings by type and criterion, with counts', async () => {
    const at = '2026-12-20'
    const v = ws.verdict('contra', at)
    const groups = groupFindings(v.findings)
    expect(groups.length).toBeLessThan(v.findings.length)
    expect(groups.reduce((n, g) => n + g.findings.length, 0)).toBe(v.findings.length)
    for (const g of groups) expect(new Set(g.findings.map((f) => `${f.type}|${f.criterion}`)).size).toBe(1)
    const pages = text(await pdf('contra', 'en', at), 'annex-en.pdf')
    const annex = pages.slice(pages.findIndex((p) => p.includes('Annex A'))).join(' ')
    const stale = groups.filter((g) => g.type === 'evidence-stale' && g.findings.length > 1)
    expect(stale.length).toBeGreaterThan(0)
    for (const g of stale) {
      expect(annex).toContain(`(+${g.findings.length - 1} more of this kind)`)
    }
    // one row per group: the first finding's text once, not one row per testcase
    const first = stale[0]!.findings[1]!.message
    expect(annex).not.toContain(first.slice(0, 60))
  })

  it('codes get their names: SCS-0007 w1, not-granted', async () => {
    const m = msg('finding.manual-evidence-missing', {
      criterion: 'c',
      name: 'n',
      subject: 's',
      previewOnly: false
    })
    expect(say(m, 'en')).toContain(
      'SCS-0007 w1 (Implementation hints for achieving SCS Integrator certification)'
    )
    expect(say(m, 'de')).toContain('SCS-0007 w1 (Umsetzungshinweise')
    const v = ws.verdict('nordlicht', '2026-02-01')
    expect(v.outcome).toBe('not-granted')
    expect(v.why.rule).toBe('tiers: Silver at ≥ 4 points, Bronze at ≥ 2 points, otherwise Not granted')
    expect(say(v.why.msg!.rule, 'de')).toBe(
      'Stufen: Silber ab 4 Punkten, Bronze ab 2 Punkten, sonst Nicht erteilt'
    )
  })
})

describe('the PDF renders the one evaluation', () => {
  it.each(['2026-11-20', '2026-12-20'])(
    'contra at %s: the criteria table shows each criterion with the verdict status (EN and DE)',
    async (at) => {
      const v = ws.verdict('contra', at)
      const marks = {
        en: {
          pass: '✓ pass',
          waived: '✓ waived',
          tentative: '? tentative',
          inconclusive: '* inconclusive',
          pending: '? pending',
          fail: '✗ fail'
        },
        de: {
          pass: '✓ erfüllt',
          waived: '✓ Ausnahme',
          tentative: '? vorläufig',
          inconclusive: '* nicht abgeschlossen',
          pending: '? offen',
          fail: '✗ nicht erfüllt'
        }
      } as const
      for (const lang of ['en', 'de'] as const) {
        const all = text(await pdf('contra', lang, at), `statuses-${at}-${lang}.pdf`).join(' ')
        for (const [status, mark] of Object.entries(marks[lang]))
          expect(all.split(mark).length - 1, `${lang} ${status}`).toBe(
            v.criteria.filter((c) => c.status === status).length
          )
      }
    }
  )
})

describe('the German edition', () => {
  it('every message code renders in both languages, without placeholders', () => {
    const sample: Msg['params'] = new Proxy(
      {},
      { get: (_t, k) => (['cases', 'partners', 'named', 'subjects'].includes(String(k)) ? ['x'] : 'x') }
    )
    for (const code of MSG_CODES)
      for (const lang of ['en', 'de'] as const) {
        const s = say({ code, params: sample }, lang)
        expect(s, `${code} ${lang}`).not.toMatch(/undefined|\[object/)
        expect(s.length, code).toBeGreaterThan(0)
      }
  })

  it.each([
    ['nordlicht', '2026-12-01'],
    ['nordlicht', '2026-11-20'],
    ['contra', '2026-11-20'],
    ['contra', '2026-12-20']
  ])('%s at %s: no English sentence in the German PDF (the parties’ own words aside)', async (id, at) => {
    const v = ws.verdict(id, at)
    const de = strip(text(await pdf(id, 'de', at), `${id}-${at}-de.pdf`).join(' '), ownWords(v))
    expect(englishSentences(de)).toEqual([])
    // and the check can fail: the English edition of the same verdict is full of them
    const en = strip(text(await pdf(id, 'en', at), `${id}-${at}-en.pdf`).join(' '), ownWords(v))
    expect(englishSentences(en).length).toBeGreaterThan(5)
  })
})
