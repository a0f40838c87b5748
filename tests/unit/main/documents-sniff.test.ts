import { describe, expect, it } from 'vitest'
import JSZip from 'jszip'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sniffDocument } from '../../../src/main/documents/sniff'
import { routeOf } from '../../../src/main/import/route'
import { buildTemplate } from '../../../src/main/import/xlsx'
import { FIXTURES } from '../../helpers/paths'
import { makePdf, makePng } from '../../helpers/documents'

const zip = async (files: Record<string, string>): Promise<Buffer> => {
  const z = new JSZip()
  for (const [name, body] of Object.entries(files)) z.file(name, body)
  return z.generateAsync({ type: 'nodebuffer' })
}
const text = (s: string): Buffer => Buffer.from(s, 'utf8')

describe('routing a file given to import: known input formats keep their importers', () => {
  it.each([
    ['a compliance-check report', readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml'))],
    ['a self-assessment', readFileSync(join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml'))],
    ['JSON', text('{"cpid": "x", "results": []}')],
    ['JUnit XML', text('<?xml version="1.0"?>\n<testsuites></testsuites>')],
    ['a YAML mapping of unknown keys (refused by the importer, by name)', text('nope: 1\n')],
    ['a signed upload', text('-----BEGIN SSH SIGNATURE-----\nabc\n')]
  ])('%s → import', async (_, bytes) => expect(await routeOf(bytes)).toBe('import'))

  it('the XLSX questionnaire → import', async () => {
    const xlsx = await buildTemplate({ caseId: 'c', scheme: 's', schemeVersion: 'v1', criteria: [] })
    expect(await routeOf(xlsx)).toBe('import')
    // attached explicitly, the same workbook is an office document
    expect(await sniffDocument('q.xlsx', xlsx)).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    )
  })

  it.each([
    ['a PDF', makePdf('x')],
    ['a PNG', makePng()],
    ['Markdown', text('# Availability zones\n\nTwo fire zones: A and B.\n')],
    ['a note', text('Domain manager role: configured on 2026-11-01.\n')],
    ['an SVG (refused as a document, with its reason)', text('<svg onload="x()"></svg>')]
  ])('%s → document', async (_, bytes) => expect(await routeOf(bytes)).toBe('document'))
})

describe('media types come from the bytes', () => {
  it('office files by their container, never by name', async () => {
    expect(
      await sniffDocument('a.pdf', await zip({ 'word/document.xml': '<w/>', '[Content_Types].xml': '<x/>' }))
    ).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const odt = new JSZip()
    odt.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' })
    odt.file('content.xml', '<x/>')
    expect(await sniffDocument('x.bin', await odt.generateAsync({ type: 'nodebuffer' }))).toBe(
      'application/vnd.oasis.opendocument.text'
    )
  })

  it('refuses a plain ZIP archive, a legacy OLE office file and text with control characters', async () => {
    await expect(sniffDocument('a.zip', Buffer.alloc(0))).rejects.toThrow(/empty/)
    await expect(zip({ 'evil.exe': 'MZ' }).then((b) => sniffDocument('docs.docx', b))).rejects.toThrow(
      /not an office document/
    )
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512)
    ])
    await expect(sniffDocument('old.doc', ole)).rejects.toThrow(/legacy Microsoft Office/)
    await expect(sniffDocument('t.txt', text('ok\u0007bell'))).rejects.toThrow(/unknown type/)
  })
})
