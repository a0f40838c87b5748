/**
 * The tamper suite: ≥ 100 variants of one signed verdict PDF (bytes flipped at random offsets in the signed
 * ranges, bytes appended, the verdict attachment swapped, the signature removed, the ByteRange edited). Each
 * must be caught by poppler's pdfsig and by our `verify`, and the two must agree on every variant.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { createTestWorkspace } from '../helpers/workspace'
import { FIXTURES, tempDir } from '../helpers/paths'
import { createTestPki, readP12 } from '../helpers/test-pki'
import { buildVerdictPdf } from '../../src/main/pdf/document'
import { signPdf } from '../../src/main/pdf/pades'
import { verifyVerdictPdf } from '../../src/main/pdf/export'
import { parseTrustPem, type TrustList } from '../../src/main/pdf/trust'
import { RESOURCES } from '../helpers/paths'

const run = promisify(execFile)
let signed: Buffer
let dir: string
let trust: TrustList

/** A small seeded PRNG (mulberry32), so a failing variant can be reproduced. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function pdfsigSays(file: string): Promise<{ valid: boolean; total: boolean; text: string }> {
  const r = await run('pdfsig', [file]).then(
    (x) => `${x.stdout}${x.stderr}`,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`
  )
  return {
    valid: r.includes('Signature is Valid.'),
    total: r.includes('Total document signed'),
    text: r
  }
}

beforeAll(async () => {
  dir = tempDir('aw-tamper-')
  const pki = createTestPki()
  trust = parseTrustPem(readFileSync(pki.caPem, 'utf8'), 'test CA')
  const ws = createTestWorkspace()
  ws.createCase({ id: 'nordlicht', schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
  const cases = join(FIXTURES, 'cases/integrator')
  for (const f of readdirSync(cases).sort())
    await ws.importOne('nordlicht', { name: f, bytes: readFileSync(join(cases, f)) })
  const verdict = ws.verdict('nordlicht')
  const json = Buffer.from(`${JSON.stringify(verdict, null, 2)}\n`)
  const unsigned = await buildVerdictPdf(verdict, {
    lang: 'en',
    preAudit: false,
    verdictJson: json,
    verdictId: `AW-nordlicht-${verdict.decisionDate}-${createHash('sha256').update(json).digest('hex').slice(0, 12)}`,
    body: { name: 'Test body' },
    auditors: [],
    createdAt: new Date(),
    fontsDir: join(RESOURCES, 'fonts')
  })
  signed = await signPdf(unsigned, {
    p12: readP12(pki.p12),
    passphrase: pki.passphrase,
    signingTime: new Date(),
    trust
  })
  ws.close()
}, 60_000)

function variants(): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = []
  const text = signed.toString('latin1')
  const br = /\/ByteRange\s*\[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(text.slice(text.lastIndexOf('/ByteRange')))!
  const [a, b, c, d] = br.slice(1).map(Number) as [number, number, number, number]
  const rnd = prng(20261125)
  // 60 single bytes flipped at random offsets inside the signed ranges
  for (let i = 0; i < 60; i++) {
    const inFirst = rnd() < (b - a) / (b - a + d)
    const at = inFirst ? a + Math.floor(rnd() * b) : c + Math.floor(rnd() * d)
    const bytes = Buffer.from(signed)
    bytes[at] = bytes[at]! ^ (1 + Math.floor(rnd() * 255))
    out.push({ name: `flip-${i}@${at}`, bytes })
  }
  // 15 appendices: junk, a comment, and incremental updates that redefine objects after signing
  const forged = Buffer.from('{"outcome":"gold","points":99}')
  for (let i = 0; i < 15; i++) {
    const extra =
      i % 3 === 0
        ? Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 4000) }, () => Math.floor(rnd() * 256)))
        : i % 3 === 1
          ? Buffer.from(`\n% appended comment ${i}\n`)
          : Buffer.from(
              `\n9${i} 0 obj\n<< /Type /EmbeddedFile /Length ${forged.length} >>\nstream\n${forged.toString()}\nendstream\nendobj\nxref\n9${i} 1\n${String(signed.length + 1).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 9${i + 1} /Prev ${text.lastIndexOf('xref')} >>\nstartxref\n${signed.length + 1}\n%%EOF\n`
            )
    out.push({ name: `append-${i}`, bytes: Buffer.concat([signed, extra]) })
  }
  // 10 attachment swaps: the verdict.json stream overwritten in place with a forged verdict
  const spec = text.indexOf('(verdict.json)')
  const ef = /\/EF\s*<<\s*\/F\s+(\d+)\s+0\s+R/.exec(text.slice(spec - 400, spec + 400))![1]
  const objAt = text.search(new RegExp(`\\n${ef} 0 obj`))
  const streamAt = text.indexOf('stream', objAt) + 'stream\n'.length
  for (let i = 0; i < 10; i++) {
    const fake = deflateSync(
      Buffer.from(`{"format":"auditor-workbench/verdict@1","outcome":"gold","forgery":${i}}`)
    )
    const bytes = Buffer.from(signed)
    fake.copy(bytes, streamAt + i)
    out.push({ name: `attachment-swap-${i}`, bytes })
  }
  // 10 signature removals
  const contentsAt = b + 1
  const zeroed = Buffer.from(signed)
  zeroed.fill('0', contentsAt, c - 1)
  out.push({ name: 'contents-zeroed', bytes: zeroed })
  for (let i = 0; i < 3; i++) {
    const junk = Buffer.from(signed)
    for (let p = contentsAt; p < c - 1; p++) junk[p] = '0123456789abcdef'.charCodeAt(Math.floor(rnd() * 16))
    out.push({ name: `contents-random-${i}`, bytes: junk })
  }
  const noRange = Buffer.from(text.replace(/\/ByteRange(?=\s*\[\d+ \d+ \d+ \d+)/, '/ByteRangX'), 'latin1')
  out.push({ name: 'byterange-key-removed', bytes: noRange })
  out.push({ name: 'sig-type-renamed', bytes: Buffer.from(text.replace('/FT /Sig', '/FT /Tx '), 'latin1') })
  const unsignedPart = signed.subarray(0, text.lastIndexOf('%%EOF', b) + 6)
  out.push({ name: 'signature-truncated-away', bytes: Buffer.from(unsignedPart) })
  out.push({
    name: 'contents-emptied',
    bytes: Buffer.from(
      text.replace(/<[0-9a-fA-F]{200,}>/, (m) => `<${'0'.repeat(m.length - 2)}>`),
      'latin1'
    )
  })
  out.push({ name: 'first-half-cut', bytes: Buffer.concat([signed.subarray(0, b >> 1), signed.subarray(b)]) })
  out.push({ name: 'last-byte-dropped', bytes: Buffer.from(signed.subarray(0, signed.length - 1)) })
  // 10 ByteRange edits: covering less, shifting, or pointing past the end (same width, so offsets survive)
  const edits: [number, number, number, number][] = [
    [0, b, c, d - 10],
    [0, b - 10, c, d],
    [10, b - 10, c, d],
    [0, b, c + 10, d - 10],
    [0, b, c, d + 10],
    [0, b + 1, c, d],
    [0, b, c - 1, d + 1],
    [0, b >> 1, c, d],
    [0, b, c, d >> 1],
    [0, 100, c, d]
  ]
  for (const [i, e] of edits.entries()) {
    const orig = br[0]
    const next = `/ByteRange [${e.join(' ')}]`.padEnd(orig.length, ' ')
    if (next.length !== orig.length) continue
    out.push({ name: `byterange-edit-${i}`, bytes: Buffer.from(text.replace(orig, next), 'latin1') })
  }
  return out
}

describe('tamper suite', () => {
  it('the untouched file passes both checks (the suite can fail)', async () => {
    const f = join(dir, 'original.pdf')
    writeFileSync(f, signed)
    expect(await pdfsigSays(f)).toMatchObject({ valid: true, total: true })
    const ours = await verifyVerdictPdf(signed, 'original.pdf', null, { trust })
    expect(ours.signature).toMatchObject({ valid: true, coversWholeDocument: true })
    expect(ours.problems).toEqual([])
    expect(ours).toMatchObject({ outcome: 'VALID', ok: true })
  })

  it('≥ 100 variants: every one detected by pdfsig and by verify, and the two agree', async () => {
    const all = variants()
    expect(all.length).toBeGreaterThanOrEqual(100)
    const misses: string[] = []
    const disagreements: string[] = []
    const queue = [...all]
    const worker = async (): Promise<void> => {
      for (let v = queue.shift(); v; v = queue.shift()) {
        const f = join(dir, `${v.name}.pdf`)
        writeFileSync(f, v.bytes)
        const poppler = await pdfsigSays(f)
        const ours = await verifyVerdictPdf(v.bytes, v.name, null, { trust })
        const popplerOk = poppler.valid && poppler.total
        const oursOk = ours.signature.valid && ours.signature.coversWholeDocument
        if (popplerOk || ours.ok)
          misses.push(
            `${v.name}: pdfsig ${popplerOk ? 'accepts' : 'rejects'}, verify ${ours.ok ? 'accepts' : 'rejects'}`
          )
        // a changed byte in the signed range is a digest mismatch for both
        if (
          v.name.startsWith('flip-') &&
          (!poppler.text.includes('Digest Mismatch') || ours.signature.digestOk)
        )
          misses.push(`${v.name}: not reported as a digest mismatch`)
        if (popplerOk !== oursOk) disagreements.push(`${v.name}: pdfsig ${popplerOk}, ours ${oursOk}`)
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()])
    expect(misses).toEqual([])
    expect(disagreements).toEqual([])
  }, 120_000)
})
