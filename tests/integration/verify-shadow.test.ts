/**
 * Shadow attacks under a document timestamp. After a signature, verify lets one kind of revision follow:
 * a document timestamp that changes nothing but the AcroForm's field list (and the catalog's /DSS). A
 * public timestamp authority stamps any digest it is sent, so anyone holding a signed verdict can append
 * such a revision, with a genuine token, and put other objects into the same revision. Each test here does
 * that, and checks what a viewer (poppler: pdftotext, pdfdetach) then shows against what verify says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers/paths'
import { createTestPki, readP12, readPem, type TestPki } from '../helpers/test-pki'
import { startLocalTsa, type LocalTsa } from '../helpers/tsa'
import { integratorWorkspace, signedAt, unsignedVerdictPdf } from '../helpers/verdict-pdf'
import { appendTimestampedUpdate, sameLengthStream } from '../helpers/forge'
import { signPdf } from '../../src/main/pdf/pades'
import { verifyVerdictPdf } from '../../src/main/pdf/export'
import { parseTrustPem, type TrustList } from '../../src/main/pdf/trust'
import { isArray, isDict, isRef, PdfFile } from '../../src/main/pdf/pdf-objects'
import { serializePdf } from '../../src/main/pdf/doc-timestamp'
import type { Workspace } from '../../src/main/workspace'

let ws: Workspace & { dir: string }
let pki: TestPki
let tsa: LocalTsa
let trust: TrustList
let signed: Buffer
let out: string

const save = (pdf: Buffer): string => {
  const file = join(out, `${createHash('sha256').update(pdf).digest('hex').slice(0, 12)}.pdf`)
  writeFileSync(file, pdf)
  return file
}
/** the text poppler shows on page 1 */
const page1Text = (pdf: Buffer): string =>
  execFileSync('pdftotext', ['-f', '1', '-l', '1', save(pdf), '-'], { encoding: 'utf8' })
/** an embedded file as poppler's pdfdetach saves it */
function detached(pdf: Buffer, name: string): string {
  const dir = join(out, `detach-${createHash('sha256').update(pdf).digest('hex').slice(0, 12)}`)
  mkdirSync(dir, { recursive: true })
  execFileSync('pdfdetach', ['-saveall', '-o', dir, save(pdf)])
  return readFileSync(join(dir, name), 'utf8')
}

/** object numbers in the signed file: page 1's content stream, the OSCAL attachment's stream */
function objectsOf(pdf: Buffer): { page1Contents: number; oscalStream: number; file: PdfFile } {
  const file = new PdfFile(pdf)
  const pages = file.resolve(file.catalog()!.get('Pages'))
  const kids = isDict(pages) ? file.resolve(pages.get('Kids')) : undefined
  const page = isArray(kids) ? file.resolve(kids[0]) : undefined
  const contents = isDict(page) ? page.get('Contents') : undefined
  const names = file.resolve(file.catalog()!.get('Names'))
  const spec = isDict(names)
    ? file.resolve(
        file
          .nameTree(names.get('EmbeddedFiles'), 16)
          .find(([n]) => n === 'assessment-results.oscal.json')?.[1]
      )
    : undefined
  const ef = isDict(spec) ? file.resolve(spec.get('EF')) : undefined
  const stream = isDict(ef) ? ef.get('F') : undefined
  if (!isRef(contents) || !isRef(stream)) throw new Error('unexpected structure of the signed verdict')
  return { page1Contents: contents.num, oscalStream: stream.num, file }
}

beforeAll(async () => {
  out = tempDir('aw-shadow-')
  pki = createTestPki()
  tsa = await startLocalTsa(pki)
  trust = parseTrustPem(readPem(pki.caPem), 'test CA')
  ws = await integratorWorkspace()
  signed = await signPdf(await unsignedVerdictPdf(ws.verdict('nordlicht'), ws), {
    p12: readP12(pki.p12),
    passphrase: pki.passphrase,
    signingTime: signedAt(),
    trust
  })
}, 60_000)
afterAll(async () => {
  await tsa.close()
  ws.close()
})

describe('a document timestamp revision that carries other objects', () => {
  it('the forger’s update with nothing but the timestamp is VALID (the tool makes what verify accepts)', async () => {
    const stamped = await appendTimestampedUpdate(signed, tsa.url)
    const c = await verifyVerdictPdf(stamped, 'stamped.pdf', ws, { trust })
    expect(c.problems).toEqual([])
    expect(c.outcome).toBe('VALID')
    expect(page1Text(stamped)).toBe(page1Text(signed))
  })

  it('page 1’s content stream rewritten with the same dictionary: the certificate page a viewer shows is not the signed one, and verify says so', async () => {
    const { page1Contents, file } = objectsOf(signed)
    // the forger may draw anything with the page's fonts; here the certificate page is emptied
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      entries: [[page1Contents, sameLengthStream(file, page1Contents, 'q Q')]]
    })
    expect(page1Text(signed)).toContain('Nordlicht Integration GmbH')
    expect(page1Text(shadow)).not.toContain('Nordlicht Integration GmbH')
    const c = await verifyVerdictPdf(shadow, 'shadow.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.signature.modifiedAfter).toBe(true)
    expect(c.problems.join('\n')).toContain(`object ${page1Contents} was redefined`)
  })

  it('the OSCAL attachment’s stream rewritten with the same dictionary: what a machine reads is not the signed results, and verify says so', async () => {
    const { oscalStream, file } = objectsOf(signed)
    const genuine = detached(signed, 'assessment-results.oscal.json')
    expect(genuine).toContain('not-satisfied')
    const forged = genuine.replace(/not-satisfied/g, 'satisfied').slice(0, 200)
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      entries: [[oscalStream, sameLengthStream(file, oscalStream, forged)]]
    })
    expect(detached(shadow, 'assessment-results.oscal.json')).not.toContain('not-satisfied')
    const c = await verifyVerdictPdf(shadow, 'shadow-oscal.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain(`object ${oscalStream} was redefined`)
  })

  it('page 1’s content stream marked free in the update’s cross-reference table: verify refuses the deletion', async () => {
    const { page1Contents } = objectsOf(signed)
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      entries: [[page1Contents, 'free']]
    })
    // the newest cross-reference section deletes the object; poppler finds it missing and rebuilds the
    // cross-reference data from the objects' headers (another reader may draw an empty page)
    const poppler = spawnSync('pdftotext', ['-f', '1', '-l', '1', save(shadow), '-'], { encoding: 'utf8' })
    expect(poppler.stderr).toContain(`xref num ${page1Contents} not found`)
    const c = await verifyVerdictPdf(shadow, 'shadow-free.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain(`object ${page1Contents} was removed (marked free)`)
  })

  it('page 1’s content stream redefined in a cross-reference stream that the update’s trailer names (/XRefStm): poppler draws it, and verify refuses the file', async () => {
    const { page1Contents, file } = objectsOf(signed)
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      hidden: [[page1Contents, sameLengthStream(file, page1Contents, 'q Q')]]
    })
    expect(page1Text(shadow)).not.toContain('Nordlicht Integration GmbH')
    const c = await verifyVerdictPdf(shadow, 'shadow-xrefstm.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain('/XRefStm')
  })

  it('the catalog redefined with a duplicate /Pages (a forged page tree first, the signed one last): a reader that takes the first shows other pages, and verify refuses the file', async () => {
    const file = new PdfFile(signed)
    const root = file.trailer('Root')
    const size = file.trailer('Size')
    if (!isRef(root) || typeof size !== 'number') throw new Error('unexpected structure')
    // this reader (and poppler) take the last of duplicate keys and see the signed catalog unchanged; a
    // reader that takes the first draws the forger's page tree: here an empty one, any pages would do
    const forgedPages = size + 2
    const catalog = serializePdf(file.catalog()!)
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      entries: [
        [forgedPages, Buffer.from('<< /Type /Pages /Kids [] /Count 0 >>')],
        [root.num, Buffer.from(`<< /Pages ${forgedPages} 0 R ${catalog.slice(2)}`)]
      ]
    })
    expect(page1Text(shadow)).toBe(page1Text(signed))
    const c = await verifyVerdictPdf(shadow, 'shadow-duplicate-key.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain(`object ${root.num} repeats /Pages`)
  })

  it('the timestamp’s field dictionary repeats a key: verify refuses the file', async () => {
    const file = new PdfFile(signed)
    const size = file.trailer('Size')
    if (typeof size !== 'number') throw new Error('unexpected structure')
    const shadow = await appendTimestampedUpdate(signed, tsa.url, { field: ' /T (Certified Gold)' })
    const c = await verifyVerdictPdf(shadow, 'shadow-duplicate-field-key.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain(`object ${size + 1} repeats /T`)
  })

  it('the timestamp’s field carries a JavaScript action (/AA): a viewer that runs it sees it, and verify refuses the file', async () => {
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      field: ' /AA << /K << /S /JavaScript /JS (app.alert\\("Certified Gold"\\)) >> >>'
    })
    expect(execFileSync('pdfinfo', ['-js', save(signed)], { encoding: 'utf8' })).not.toContain('app.alert')
    expect(execFileSync('pdfinfo', ['-js', save(shadow)], { encoding: 'utf8' })).toContain('Certified Gold')
    const c = await verifyVerdictPdf(shadow, 'shadow-js.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain('the document timestamp field carries /AA')
  })

  it('the catalog points to a new AcroForm that carries an XFA form: poppler reads the form as XFA, and verify refuses the file', async () => {
    const xfa = '<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template/></xdp:xdp>'
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      acroForm: ` /XFA [(template) (${xfa})] /NeedAppearances true`
    })
    expect(execFileSync('pdfinfo', [save(signed)], { encoding: 'utf8' })).toMatch(/Form:\s+AcroForm/)
    expect(execFileSync('pdfinfo', [save(shadow)], { encoding: 'utf8' })).toMatch(/Form:\s+XFA/)
    const c = await verifyVerdictPdf(shadow, 'shadow-xfa.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain('the AcroForm changed /XFA, /NeedAppearances')
  })

  it('the update’s trailer adds an encryption dictionary (/Encrypt): poppler cannot open the file without a password, and verify refuses it', async () => {
    const id = `<${'11'.repeat(16)}>`
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      trailer: ` /ID [${id} ${id}] /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${'22'.repeat(32)}> /U <${'33'.repeat(32)}> >>`
    })
    const poppler = spawnSync('pdfinfo', [save(shadow)], { encoding: 'utf8' })
    expect(`${poppler.stdout}${poppler.stderr}`).toContain('Incorrect password')
    const c = await verifyVerdictPdf(shadow, 'shadow-encrypt.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain("the trailer's /Encrypt changed")
  })

  it('an object header that names another generation than the cross-reference table: poppler rebuilds the table from the headers and draws an unlisted object, and verify refuses the file', async () => {
    const { page1Contents, file } = objectsOf(signed)
    const root = file.trailer('Root')
    if (!isRef(root)) throw new Error('no /Root reference')
    // the catalog, as the product's own `timestamp` rewrites it (gaining /DSS), under the header "N 1 obj"
    const catalog = new Map(file.catalog()!)
    catalog.set('DSS', new Map())
    const shadow = await appendTimestampedUpdate(signed, tsa.url, {
      entries: [[root.num, Buffer.from(serializePdf(catalog))]],
      generation1: [root.num],
      unlisted: [[page1Contents, sameLengthStream(file, page1Contents, 'q Q')]]
    })
    expect(page1Text(shadow)).not.toContain('Nordlicht Integration GmbH')
    const c = await verifyVerdictPdf(shadow, 'shadow-generation.pdf', ws, { trust })
    expect(c.outcome, c.reason).toBe('INVALID')
    expect(c.problems.join('\n')).toContain(`the cross-reference table puts object ${root.num} at offset`)
  })
})
