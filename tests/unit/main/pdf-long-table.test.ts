/** A verdict with 1,000 criterion rows: the criteria table spans many pages and repeats its header on each. */
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildVerdictPdf } from '../../../src/main/pdf/document'
import { VERDICT_FORMAT, type Verdict, type VerdictCriterion } from '../../../src/shared/domain/verdict-types'
import { RESOURCES, tempDir } from '../../helpers/paths'

const row = (i: number): VerdictCriterion => ({
  criterion: `scs-${String(i).padStart(4, '0')}-v1`,
  name: `Criterion number ${i} with a name long enough to wrap in its cell (end ${i})`,
  subject: 'long-cloud',
  status: i % 7 === 0 ? 'fail' : 'pass',
  claim: 'met',
  statement: i % 5 === 0 ? 'A statement of how the criterion is met, in a sentence or two.' : '',
  evidence: `${i % 9} of 9 main checks PASS`,
  stale: false,
  decision: null,
  why: { rule: 'every main testcase PASSes and is fresh', facts: [`fact ${i}`] }
})

const verdict: Verdict = {
  format: VERDICT_FORMAT,
  caseId: 'long',
  title: 'Long',
  round: 1,
  scheme: 'scs-compatible-iaas',
  schemeName: 'SCS-compatible IaaS',
  schemeVersion: 'v5.1',
  model: 'scope',
  decisionDate: '2026-11-25',
  outcome: 'fail',
  outcomeName: 'Not compliant',
  validUntil: null,
  why: { rule: 'r', facts: [] },
  applicant: { name: 'Long Cloud AG', id: null },
  partners: [],
  subjects: [{ id: 'long-cloud', name: null, outcome: 'fail', why: { rule: 'r', facts: [] } }],
  criteria: Array.from({ length: 1000 }, (_, i) => row(i)),
  findings: [],
  waivers: [],
  files: [],
  review: { status: 'open', submittedBy: null, acceptedBy: null },
  audit: { head: 'a'.repeat(64), entries: 1 },
  rules: { file: 'scs-compatible-iaas.rules.yaml', sha256: 'b'.repeat(64) },
  schemeDefinitions: [{ id: 'scs-compatible-iaas', sha256: 'c'.repeat(64) }],
  blocking: []
}

describe('long tables', () => {
  it('1,000 rows break across pages with the header row repeated, and no row split', async () => {
    const pdf = await buildVerdictPdf(verdict, {
      lang: 'en',
      preAudit: false,
      verdictJson: Buffer.from(JSON.stringify(verdict)),
      verdictId: 'AW-long',
      body: { name: 'Body' },
      auditors: [],
      createdAt: new Date('2026-11-25T10:00:00Z'),
      fontsDir: join(RESOURCES, 'fonts')
    })
    const file = join(tempDir(), 'long.pdf')
    writeFileSync(file, pdf)
    const pages = execFileSync('pdftotext', ['-layout', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20
    }).split('\f')
    const tablePages = pages.filter((p) => /scs-0\d{3}-v1/.test(p))
    expect(tablePages.length).toBeGreaterThan(10)
    for (const p of tablePages)
      expect(p).toMatch(/Criterion\s+Subject\s+Claim\s+Evidence\s+Status\s+Decision \/ Comment/)
    // every row is whole on one page: its id (first line) and the end of its wrapped name are on the same page
    for (let i = 0; i < 1000; i++) {
      const id = `scs-${String(i).padStart(4, '0')}-v1`
      const page = tablePages.find((p) => p.includes(id))!
      expect(page).toContain(`(end ${i})`)
    }
  }, 60_000)
})
