import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTestWorkspace, dumpDb } from '../helpers/workspace'
import { FIXTURES } from '../helpers/paths'
import { fixedClock } from '../../src/main/clock'
import { EXIT } from '../../src/main/cli'
import { cli } from '../helpers/cli'
import type { Workspace } from '../../src/main/workspace'
import type { Decision } from '../../src/shared/domain/decisions'
import {
  elfExecutable,
  jpegPdfPolyglot,
  makePdf,
  makePng,
  oversize,
  pdfBomb,
  pdfWithJavaScript,
  pngZipPolyglot,
  svgWithScript
} from '../helpers/documents'
import { buildOscal } from '../../src/main/pdf/oscal'
import { actorOf, registeredKeyFile } from '../helpers/identity'
import { onFile, tamper } from '../helpers/insider'
import { createAuditRepo } from '../../src/main/db/audit.repo'
import { createDocumentsRepo } from '../../src/main/db/documents.repo'

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const CONSISTENT = join(FIXTURES, 'cases/consistent')

let ws: Workspace & { dir: string }
beforeEach(() => {
  ws = createTestWorkspace()
  ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
})
afterEach(() => ws.close())

/** the consistent applicant, with its AZ evidence (scs-0121-v1) pointing at an attachment */
function selfAssessment(ref: string, sha256?: string): Buffer {
  const text = readFileSync(join(CONSISTENT, 'self-assessment.yaml'), 'utf8').replace(
    '    ref: https://docs.acme-cloud.example/scs-0121-v1\n',
    `    ref: ${ref}\n${sha256 ? `    sha256: ${sha256}\n` : ''}`
  )
  return Buffer.from(text)
}

/** the consistent applicant, two documents attached (az.pdf, dm.txt), and an accept of scs-0302-v1 citing dm.txt */
async function citedDecision(): Promise<{ pdf: Buffer; txt: Buffer; d: Decision }> {
  const pdf = makePdf('AZ')
  const txt = Buffer.from('Domain manager role: configured on 2026-11-01.\n')
  await ws.importFiles('c', [
    { name: 'sa.yaml', bytes: readFileSync(join(CONSISTENT, 'self-assessment.yaml')) }
  ])
  await ws.documents.attachMany('c', [
    { name: 'az.pdf', bytes: pdf },
    { name: 'dm.txt', bytes: txt }
  ])
  const d = ws.decide(
    {
      caseId: 'c',
      criterion: 'scs-0302-v1',
      subject: 'acme-cloud',
      decision: 'accept',
      comment: 'ok',
      documents: [sha(txt)]
    },
    actorOf(ws, 'dana')
  )
  return { pdf, txt, d }
}

describe('attaching evidence documents', () => {
  it('stores a PDF and a PNG by SHA-256 with name, sniffed type, size and time; the same bytes once', async () => {
    const pdf = makePdf('AZ fire zones')
    const png = makePng()
    const out = await ws.importFiles('c', [
      { name: 'az-report.pdf', bytes: pdf },
      // the name lies: the type comes from the bytes
      { name: 'screenshot.txt', bytes: png },
      { name: 'notes.md', bytes: Buffer.from('# Uplinks\n\nTwo routers, [diagram](attachment:x).\n') }
    ])
    expect(out.map((o) => o.ok)).toEqual([true, true, true])
    const docs = ws.documents.list('c')
    expect(docs.map((d) => [d.name, d.mediaType, d.size, d.sha256])).toEqual([
      ['az-report.pdf', 'application/pdf', pdf.length, sha(pdf)],
      ['screenshot.txt', 'image/png', png.length, sha(png)],
      ['notes.md', 'text/markdown', 49, expect.any(String)]
    ])
    expect(docs[0]!.importedAt).toBe('2026-11-24T09:00:00.000Z')
    // the same bytes again, even under another name, in another case: one blob
    const again = await ws.documents.attachMany('c', [{ name: 'copy.pdf', bytes: pdf }])
    expect(again[0]).toMatchObject({ ok: true, receipt: { alreadyImported: true } })
    ws.createCase({ id: 'd', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await ws.documents.attachMany('d', [{ name: 'az.pdf', bytes: pdf }])
    expect(onFile(ws, (db) => db.prepare('SELECT count(*) AS n FROM document_blobs').get())).toEqual({ n: 3 })
    // a report keeps its importer
    const rep = await ws.importFiles('c', [
      { name: 'r.yaml', bytes: readFileSync(join(CONSISTENT, 'report-acme-cloud.yaml')) }
    ])
    expect(rep[0]).toMatchObject({ ok: true, receipt: { kind: 'scs-report' } })
  })

  it('a name with a right-to-left override or a zero-width space is kept as it reads, not as it shows', async () => {
    // "zones\u202Etxt.cmd" shows as "zonesdmc.txt": the review, the verdict's Annex C and a saved copy would
    // name a script as a text file
    await ws.documents.attachMany('c', [
      { name: 'zones\u202Etxt.cmd', bytes: Buffer.from('three zones\n') },
      { name: 'a\u200Bz.pdf', bytes: makePdf('AZ') }
    ])
    expect(ws.documents.list('c').map((d) => d.name)).toEqual(['zonestxt.cmd', 'az.pdf'])
  })

  it('an attached document is immutable in the database', async () => {
    await ws.documents.attachMany('c', [{ name: 'a.pdf', bytes: makePdf('a') }])
    expect(() => tamper(ws, "UPDATE document_blobs SET media_type = 'text/plain'")).toThrow(/immutable/)
    expect(() => tamper(ws, "UPDATE case_documents SET name = 'b.pdf'")).toThrow(/immutable/)
  })

  it('bytes changed in the workspace file (the triggers dropped) are not served', async () => {
    const pdf = makePdf('original')
    await ws.documents.attachMany('c', [{ name: 'a.pdf', bytes: pdf }])
    onFile(ws, (db) => {
      db.exec('DROP TRIGGER document_blobs_immutable')
      db.prepare('UPDATE document_blobs SET bytes = ?').run(makePdf('0riginal'))
    })
    expect(() => ws.documents.content('c', sha(pdf))).toThrow(/no longer match its SHA-256/)
  })

  describe('the hostile corpus is refused, naming the file and the reason, with the workspace unchanged', () => {
    const corpus: [string, () => Buffer, RegExp][] = [
      ['logo.svg', svgWithScript, /markup \(SVG, HTML or XML\)/],
      ['picture.png', pngZipPolyglot, /polyglot: the file is a PNG image and also a ZIP archive/],
      ['photo.jpg', jpegPdfPolyglot, /polyglot: the file is a JPEG image and also a PDF/],
      ['tool.pdf', elfExecutable, /an ELF executable is not accepted/],
      ['huge.pdf', oversize, /the limit for an evidence document is 104857600 bytes/],
      ['empty.pdf', () => Buffer.alloc(0), /the file is empty/],
      ['blob.bin', () => Buffer.from([0, 1, 2, 3, 4, 5, 250, 251]), /unknown type/]
    ]
    for (const [name, make, reason] of corpus)
      it(name, async () => {
        const before = dumpDb(ws)
        const [outcome] = await ws.importFiles('c', [{ name, bytes: make() }])
        expect(outcome).toMatchObject({
          ok: false,
          error: { code: 'INPUT_REJECTED', details: { file: name } }
        })
        expect(outcome!.ok ? '' : outcome!.error.details!.reason).toMatch(reason)
        expect(dumpDb(ws)).toEqual(before)
      })

    it('a PDF with JavaScript and a PDF bomb are stored as inert bytes (the preview never runs or inflates them in main)', async () => {
      const bomb = pdfBomb()
      const out = await ws.documents.attachMany('c', [
        { name: 'js.pdf', bytes: pdfWithJavaScript() },
        { name: 'bomb.pdf', bytes: bomb }
      ])
      expect(out.map((o) => o.ok)).toEqual([true, true])
      expect(bomb.length).toBeLessThan(1024 * 1024)
    })
  })

  it('removal is a logged act that keeps the hash; a document a decision cites cannot be removed', async () => {
    const pdf = makePdf('AZ')
    await ws.documents.attachMany('c', [{ name: 'az.pdf', bytes: pdf }])
    expect(() => ws.documents.remove('c', sha(pdf), '', actorOf(ws, 'dana'))).toThrow(/needs a reason/)
    ws.documents.remove('c', sha(pdf), 'sent by mistake', actorOf(ws, 'dana'))
    expect(ws.documents.list('c')).toEqual([])
    expect(onFile(ws, (db) => db.prepare('SELECT count(*) AS n FROM document_blobs').get())).toEqual({ n: 0 })
    const log = ws.audit.listForCase('c').filter((e) => e.action.startsWith('document.'))
    expect(log.map((e) => [e.action, (e.payload as { sha256: string }).sha256])).toEqual([
      ['document.attach', sha(pdf)],
      ['document.remove', sha(pdf)]
    ])
    expect(ws.audit.check().broken).toBeNull()
  })
})

describe('the self-assessment’s references', () => {
  const pdf = makePdf('AZ fire zones and power')
  it('attachment:NAME resolves; a hash mismatch and an unresolved reference are findings', async () => {
    await ws.documents.attachMany('c', [{ name: 'az.pdf', bytes: pdf }])
    const types = (): string[] =>
      ws
        .caseReview('c')
        .findings.filter((f) => f.criterion === 'scs-0121-v1')
        .map((f) => f.type)
    await ws.importFiles('c', [{ name: 'sa1.yaml', bytes: selfAssessment('attachment:az.pdf', sha(pdf)) }])
    expect(types()).not.toContain('evidence-hash-mismatch')
    expect(types()).not.toContain('evidence-unresolved')

    await ws.importFiles('c', [
      { name: 'sa2.yaml', bytes: selfAssessment('attachment:az.pdf', 'ab'.repeat(32)) }
    ])
    const mismatch = ws.caseReview('c').findings.find((f) => f.type === 'evidence-hash-mismatch')
    expect(mismatch).toMatchObject({ severity: 'blocker', criterion: 'scs-0121-v1', subject: 'acme-cloud' })
    expect(mismatch!.message).toContain(sha(pdf))

    await ws.importFiles('c', [{ name: 'sa3.yaml', bytes: selfAssessment('attachment:missing-az.pdf') }])
    expect(types()).toEqual(expect.arrayContaining(['evidence-unresolved']))
    expect(types()).not.toContain('evidence-hash-mismatch')
  })

  it('a sha256 that is not a SHA-256 is refused at import, with its place', async () => {
    const [o] = await ws.importFiles('c', [
      { name: 'sa.yaml', bytes: selfAssessment('attachment:az.pdf', 'xyz') }
    ])
    expect(o).toMatchObject({
      ok: false,
      error: { details: { reason: 'must be a SHA-256: 64 hexadecimal digits' } }
    })
    expect(o!.ok ? '' : o!.error.details!.place).toMatch(/evidence\[0\]\.sha256$/)
  })
})

describe('manual checks decided on documents, quarterly', () => {
  it('an accept cites attached documents; it is fresh for a quarter, then evidence-stale', async () => {
    const pdf = makePdf('AZ')
    const png = makePng()
    await ws.importFiles('c', [
      { name: 'sa.yaml', bytes: selfAssessment('attachment:az.pdf') },
      { name: 'az.pdf', bytes: pdf },
      { name: 'racks.png', bytes: png }
    ])
    const base = {
      caseId: 'c',
      criterion: 'scs-0121-v1',
      subject: 'acme-cloud',
      decision: 'accept' as const,
      comment: 'fire zones documented'
    }
    expect(() => ws.decide(base, actorOf(ws, 'dana'))).toThrow(/must cite the evidence documents/)
    expect(() => ws.decide({ ...base, documents: ['cd'.repeat(32)] }, actorOf(ws, 'dana'))).toThrow(
      /not an evidence document attached/
    )
    const d = ws.decide({ ...base, documents: [sha(pdf), sha(png)] }, actorOf(ws, 'dana'))
    expect(d.documents).toEqual([sha(pdf), sha(png)])
    const review = ws.caseReview('c')
    const row = review.rows.find((r) => r.criterion === 'scs-0121-v1')!
    // decided 2026-11-24 (Q4): fresh until the 1st of the quarter after next
    expect(row.decision).toMatchObject({ documents: [sha(pdf), sha(png)], freshUntil: '2027-04-01' })
    expect(ws.verdict('c').criteria.find((c) => c.criterion === 'scs-0121-v1')?.status).toBe('pass')
    // on the day it expires: evidence-stale, open, and the verdict no longer counts it
    const stale = ws.caseReview('c', '2027-04-01').findings.filter((f) => f.type === 'evidence-stale')
    expect(stale).toEqual([
      expect.objectContaining({
        criterion: 'scs-0121-v1',
        subject: 'acme-cloud',
        severity: 'major',
        state: 'open'
      })
    ])
    expect(ws.verdict('c', '2027-04-01').criteria.find((c) => c.criterion === 'scs-0121-v1')?.status).toBe(
      'pending'
    )
    expect(ws.caseReview('c', '2027-03-31').findings.some((f) => f.type === 'evidence-stale')).toBe(false)
    // the cited document cannot be removed while the decision cites it
    expect(() => ws.documents.remove('c', sha(pdf), 'x', actorOf(ws, 'dana'))).toThrow(
      /cited by the current decision/
    )
  })
})

describe('in the verdict', () => {
  it("names each accepted manual check with when it is due again, as the review holds it (the register's surveillance reads it)", async () => {
    const { d } = await citedDecision()
    const review = ws.caseReview('c')
    const held = review.decisions.find((x) => x.id === d.id)!
    expect(held.freshUntil).toBe('2027-04-01')
    expect(ws.verdict('c').manualChecks).toEqual([
      {
        criterion: 'scs-0302-v1',
        subject: 'acme-cloud',
        decidedAt: d.decidedAt,
        lifetime: 'quarter',
        freshUntil: '2027-04-01'
      }
    ])
  })

  it('lists every document with name, SHA-256, size and the criteria that cite it; OSCAL carries the hash', async () => {
    const { pdf, txt } = await citedDecision()
    const v = ws.verdict('c')
    expect(v.documents).toEqual([
      { name: 'az.pdf', sha256: sha(pdf), size: pdf.length, mediaType: 'application/pdf', citedBy: [] },
      {
        name: 'dm.txt',
        sha256: sha(txt),
        size: txt.length,
        mediaType: 'text/plain',
        citedBy: ['scs-0302-v1 / acme-cloud']
      }
    ])
    const oscal = buildOscal(v, 'f'.repeat(64)) as {
      'assessment-results': {
        'back-matter': {
          resources: { uuid: string; rlinks: { hashes: { algorithm: string; value: string }[] }[] }[]
        }
        results: { observations: { title: string; 'relevant-evidence'?: { href: string }[] }[] }[]
      }
    }
    const res = oscal['assessment-results']['back-matter'].resources
    expect(res.map((r) => r.rlinks[0]!.hashes[0])).toEqual([
      { algorithm: 'SHA-256', value: sha(pdf) },
      { algorithm: 'SHA-256', value: sha(txt) }
    ])
    const obs = oscal['assessment-results'].results[0]!.observations.find(
      (o) => o.title === 'scs-0302-v1 / acme-cloud'
    )
    expect(obs?.['relevant-evidence']).toEqual([
      { href: `#${res[1]!.uuid}`, description: expect.stringContaining(sha(txt)) }
    ])
  })
})

describe('CLI', () => {
  it('import routes documents; evidence list, get (byte-identical) and remove', async () => {
    const key = registeredKeyFile(ws, 'Dana')
    ws.close()
    const db = join(ws.dir, 'workspace.sqlite')
    const pdf = makePdf('CLI')
    const png = makePng(300, 200)
    writeFileSync(join(ws.dir, 'az.pdf'), pdf)
    writeFileSync(join(ws.dir, 'rack.png'), png)
    writeFileSync(join(ws.dir, 'logo.svg'), svgWithScript())
    const imp = await cli(
      'import',
      '--db',
      db,
      '--case',
      'c',
      join(ws.dir, 'az.pdf'),
      join(ws.dir, 'rack.png'),
      join(ws.dir, 'logo.svg')
    )
    expect(imp.code).toBe(EXIT.rejected)
    expect(imp.out).toContain('kind       evidence-document')
    expect(imp.err).toMatch(/logo\.svg: REJECTED, nothing stored[\s\S]*markup/)
    const list = await cli('evidence', 'list', '--db', db, '--case', 'c')
    expect(list.out).toContain(`${sha(pdf)}`)
    expect(list.out).toContain('rack.png')
    const out = join(ws.dir, 'out.png')
    const get = await cli('evidence', 'get', '--db', db, '--case', 'c', '--sha256', sha(png), '--out', out)
    expect(get.code).toBe(EXIT.ok)
    expect(readFileSync(out).equals(png)).toBe(true)
    const rm = await cli(
      'evidence',
      'remove',
      '--db',
      db,
      '--case',
      'c',
      '--sha256',
      sha(pdf),
      '--reason',
      'wrong file',
      '--key',
      key
    )
    expect(rm.code).toBe(EXIT.ok)
    expect(rm.out).toContain('(signed)')
    const after = await cli('evidence', 'list', '--db', db, '--case', 'c', '--json')
    expect((JSON.parse(after.out) as { name: string }[]).map((d) => d.name)).toEqual(['rack.png'])
    ws = createTestWorkspace(fixedClock('2026-11-24T09:00:00.000Z'))
  })
})

describe('evidence documents against the log', () => {
  it('a document an insider plants behind the log (its claim then resolves, its finding gone) is named by the log check', async () => {
    const pdf = makePdf('AZ fire zones')
    const [out] = await ws.importFiles('c', [
      { name: 'self.yaml', bytes: selfAssessment('attachment:az.pdf') }
    ])
    expect(out).toMatchObject({ ok: true })
    const unresolved = (): number =>
      ws.caseReview('c').findings.filter((f) => f.type === 'evidence-unresolved').length
    expect(unresolved()).toBe(1)
    expect(ws.checkCaseLog('c')).toEqual([])
    onFile(ws, (db) => {
      db.prepare(
        "INSERT INTO document_blobs (sha256, bytes, media_type, size) VALUES (?, ?, 'application/pdf', ?)"
      ).run(sha(pdf), pdf, pdf.length)
      db.prepare(
        "INSERT INTO case_documents (case_id, sha256, name, imported_at, imported_by) VALUES ('c', ?, 'az.pdf', '2026-11-24T09:00:00.000Z', 'dana')"
      ).run(sha(pdf))
    })
    expect(unresolved()).toBe(0)
    expect(ws.checkCaseLog('c').map((p) => p.message)).toEqual([
      'the evidence document az.pdf is in the case, but the log has no attachment of it'
    ])
  })

  it('a document deleted behind the log, and one renamed, are named; an attached and a removed one are not', async () => {
    const [a, b, gone] = [makePdf('a'), makePdf('b'), makePdf('gone')]
    await ws.documents.attachMany('c', [
      { name: 'a.pdf', bytes: a },
      { name: 'b.pdf', bytes: b },
      { name: 'gone.pdf', bytes: gone }
    ])
    ws.documents.remove('c', sha(gone), 'sent by mistake', actorOf(ws, 'dana'))
    expect(ws.checkCaseLog('c')).toEqual([])
    onFile(ws, (db) => {
      db.exec('DROP TRIGGER IF EXISTS case_documents_immutable')
      db.prepare('DELETE FROM case_documents WHERE sha256 = ?').run(sha(a))
      db.prepare("UPDATE case_documents SET name = 'b-final.pdf' WHERE sha256 = ?").run(sha(b))
    })
    const messages = ws.checkCaseLog('c').map((p) => p.message)
    expect(messages).toEqual([
      expect.stringMatching(
        /^the evidence document b-final\.pdf is named "b\.pdf" by entry \d+, which attached it$/
      ),
      expect.stringMatching(
        /^entry \d+ attached the evidence document a\.pdf \(sha-256 [0-9a-f]{12}…\), which the case no longer holds$/
      )
    ])
  })
})

describe('removing a document is an act its remover signs', () => {
  it("a removal an insider writes into the log unsigned, under an auditor's name, is named by the log check", async () => {
    const pdf = makePdf('AZ fire zones')
    await ws.importFiles('c', [{ name: 'self.yaml', bytes: selfAssessment('attachment:az.pdf') }])
    await ws.documents.attachMany('c', [{ name: 'az.pdf', bytes: pdf }])
    actorOf(ws, 'dana')
    expect(ws.checkCaseLog('c')).toEqual([])
    // the document gone, with a document.remove entry that names dana as the remover: both chains hold
    onFile(ws, (db) =>
      db.transaction(() => {
        createDocumentsRepo(db).remove('c', sha(pdf))
        createAuditRepo(db).append(
          'dana',
          'document.remove',
          'c',
          { sha256: sha(pdf), name: 'az.pdf', mediaType: 'application/pdf', size: pdf.length, reason: 'x' },
          '2026-11-24T09:30:00.000Z'
        )
      })()
    )
    expect(ws.audit.check().broken).toBeNull()
    const entry = ws.audit.listForCase('c').at(-1)!.seq
    expect(ws.checkCaseLog('c').map((p) => p.message)).toEqual([
      `entry ${entry} (document.remove by dana) is not signed by its actor`
    ])
  })

  it("the service signs a removal with the remover's key", async () => {
    const pdf = makePdf('AZ')
    await ws.documents.attachMany('c', [{ name: 'az.pdf', bytes: pdf }])
    const dana = actorOf(ws, 'dana')
    ws.documents.remove('c', sha(pdf), 'sent by mistake', dana)
    const removal = ws.audit.listForCase('c').at(-1)!
    expect(removal).toMatchObject({ action: 'document.remove', actor: 'dana' })
    expect(removal.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----/)
    expect(ws.checkCaseLog('c')).toEqual([])
  })
})

describe("a document's type and size against the log", () => {
  it("a media type or size changed behind the log (the signed verdict's Annex C states them) is named", async () => {
    const pdf = makePdf('AZ fire zones')
    const txt = Buffer.from('Domain manager role: configured on 2026-11-01.\n')
    await ws.documents.attachMany('c', [
      { name: 'az.pdf', bytes: pdf },
      { name: 'dm.txt', bytes: txt }
    ])
    expect(ws.checkCaseLog('c')).toEqual([])
    onFile(ws, (db) => {
      db.exec('DROP TRIGGER IF EXISTS document_blobs_immutable')
      // the PDF made an office file (not previewed: "Save a copy" to look at it); the text's bytes grown
      db.prepare(
        "UPDATE document_blobs SET media_type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' WHERE sha256 = ?"
      ).run(sha(pdf))
      db.prepare('UPDATE document_blobs SET bytes = ?, size = 4096 WHERE sha256 = ?').run(
        Buffer.alloc(4096, 0x41),
        sha(txt)
      )
    })
    expect(ws.verdict('c').documents?.map((d) => [d.name, d.mediaType, d.size])).toEqual([
      ['az.pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', pdf.length],
      ['dm.txt', 'text/plain', 4096]
    ])
    expect(ws.checkCaseLog('c').map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^the evidence document az\.pdf is application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document of \d+ bytes, but entry \d+ attached application\/pdf of \d+ bytes$/
      ),
      expect.stringMatching(
        new RegExp(
          `^the evidence document dm\\.txt is text/plain of 4096 bytes, but entry \\d+ attached text/plain of ${txt.length} bytes$`
        )
      )
    ])
  })
})

describe("a decision's citations against the log", () => {
  it('a citation an insider adds to a decision (the signed verdict then lists the document under its criterion), or deletes, is named', async () => {
    const { pdf, txt, d } = await citedDecision()
    expect(ws.checkCaseLog('c')).toEqual([])
    onFile(ws, (db) =>
      db.prepare('INSERT INTO decision_documents (decision_id, sha256) VALUES (?, ?)').run(d.id, sha(pdf))
    )
    expect(ws.verdict('c').documents?.find((x) => x.name === 'az.pdf')?.citedBy).toEqual([
      'scs-0302-v1 / acme-cloud'
    ])
    const cited = [sha(pdf), sha(txt)].sort().join(', ')
    expect(ws.checkCaseLog('c').map((p) => p.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^decision #${d.id}: documents is "${cited}" in the table, but entry \\d+ says "${sha(txt)}"$`
        )
      )
    ])
    onFile(ws, (db) => db.prepare('DELETE FROM decision_documents WHERE decision_id = ?').run(d.id))
    expect(ws.checkCaseLog('c').map((p) => p.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^decision #${d.id}: documents is "none" in the table, but entry \\d+ says "${sha(txt)}"$`)
      )
    ])
  })
})
