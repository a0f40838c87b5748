/**
 * Case bundles, format v2 (issue 15 §1, §2 "a bundle that fails a check", §5): a bundle written from a real
 * workspace's case reads back whole; each hostile bundle of the corpus is refused whole, naming the first
 * failing item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { withZipBomb } from '../helpers/hand-zip'
import { createTestWorkspace, createWorkerTestWorkspace, sampleReport } from '../helpers/workspace'
import { entriesOf, exportCaseBundle } from '../../src/main/bundle/export'
import { FIXTURES, RESOURCES, tempDir } from '../helpers/paths'
import { testClock } from '../helpers/clock'
import { keyFile } from '../helpers/identity'
import { runCli, EXIT } from '../../src/main/cli'
import { openWorkspace } from '../../src/main/workspace'
import { actorSigner, type Actor } from '../../src/main/identity/identities'
import { createPrivateKeyFile, type OpenedKey } from '../../src/main/identity/openssh-key'
import {
  BUNDLE_NAMESPACE,
  LOG,
  MANIFEST,
  MANIFEST_SIG,
  readBundle,
  writeBundle,
  writeZip,
  type BundleEntry
} from '../../src/main/bundle/case-bundle'
import { readZip } from '../../src/main/import/zip-guard'
import { signSshsig } from '../../src/main/import/sshsig'
import type { Workspace } from '../../src/main/workspace'

const opened: Workspace[] = []
afterAll(() => opened.forEach((w) => w.close()))

function keyedActor(ws: Workspace, name: string): { actor: Actor; key: OpenedKey } {
  const { key } = createPrivateKeyFile(name, null)
  const self = { name, fingerprint: key.fingerprint, blob: key.blob, sign: actorSigner(key) }
  ws.identities.register(name, key.publicKey, self)
  return { actor: ws.identities.actorFor(key), key }
}

interface Setup {
  ws: Workspace
  ann: { actor: Actor; key: OpenedKey }
  files: { fileName: string; bytes: Uint8Array }[]
  entries: BundleEntry[]
}

let s: Setup
beforeAll(async () => {
  const ws = createTestWorkspace()
  opened.push(ws)
  const ann = keyedActor(ws, 'Ann')
  const files = [
    { fileName: 'r.yaml', bytes: sampleReport() },
    { fileName: 'sa.yaml', bytes: readFileSync(join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml')) }
  ]
  ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  for (const f of files) await ws.importOne('c', { name: f.fileName, bytes: f.bytes })
  ws.review('c', 'submit', ann.actor)
  s = { ws, ann, files, entries: entriesOf(ws.bundleDeps, 'c') }
})

const roster = () =>
  s.ws.identities.list().map((a) => ({ name: a.name, publicKey: a.publicKey, fingerprint: a.fingerprint }))

function bundle(over: { entries?: BundleEntry[]; key?: OpenedKey } = {}): Buffer {
  return writeBundle({
    case: { id: 'c', title: s.ws.cases.get('c').title },
    scheme: { id: 'scs-compatible-iaas', version: 'v5.1' },
    exporter: { name: 'Ann', key: over.key ?? s.ann.key },
    exportedAt: '2026-11-24T09:00:00.000Z',
    entries: over.entries ?? s.entries,
    roster: roster(),
    files: s.files,
    documents: []
  })
}

/** The bundle's members, one of them changed by `edit`, zipped again (the signature left as it was). */
async function rezip(b: Buffer, edit: (m: Map<string, Buffer>) => void): Promise<Buffer> {
  const m = await readZip('b', b)
  edit(m)
  return writeZip([...m].map(([name, data]) => ({ name, data })))
}

const refusal = async (b: Uint8Array): Promise<string> => {
  try {
    await readBundle('case.awcase', b)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('the bundle was accepted')
}

describe('case bundle format v2', () => {
  it('reads back what was written: manifest, log, roster, input files by SHA-256', async () => {
    const b = await readBundle('case.awcase', bundle())
    expect(b.manifest.formatVersion).toBe(2)
    expect(b.manifest.case.id).toBe('c')
    expect(b.manifest.exporter.fingerprint).toBe(s.ann.key.fingerprint)
    expect(b.manifest.head).toEqual({ caseSeq: 4, caseHash: s.entries.at(-1)!.caseHash })
    expect(b.entries.map((e) => e.caseSeq)).toEqual([1, 2, 3, 4])
    expect(b.entries).toEqual(s.entries)
    expect(b.entries.map((e) => e.action)).toEqual(['case.create', 'import', 'import', 'review.submit'])
    expect(b.files.map((f) => f.fileName)).toEqual(['r.yaml', 'sa.yaml'])
    expect(Buffer.from(b.files[0]!.bytes).equals(Buffer.from(s.files[0]!.bytes))).toBe(true)
    expect(b.manifest.members.map((m) => m.path)).toEqual([
      LOG,
      'roster.json',
      ...b.manifest.files.map((f) => f.path)
    ])
  })

  describe('hostile bundles are refused whole, naming the first failing item', () => {
    it('a tampered input file', async () => {
      const b = await rezip(bundle(), (m) => {
        const path = [...m.keys()].find((k) => k.startsWith('files/'))!
        const t = Buffer.from(m.get(path)!)
        t.writeUInt8(t.readUInt8(t.length - 2) ^ 1, t.length - 2)
        m.set(path, t)
      })
      expect(await refusal(b)).toMatch(
        /^case\.awcase: files\/[0-9a-f]{64}: its SHA-256 is .* the signed manifest says/
      )
    })

    it('a tampered log entry (and its hash recomputed in the manifest is not possible without the key)', async () => {
      const b = await rezip(bundle(), (m) => {
        m.set(LOG, Buffer.from(m.get(LOG)!.toString().replace('"review.submit"', '"review.accept"')))
      })
      expect(await refusal(b)).toMatch(/^case\.awcase: log\.jsonl: its SHA-256 is/)
    })

    it('a foreign signature: the manifest signed by a key that is not the exporter in the roster', async () => {
      const mallory = createPrivateKeyFile('Mallory', null).key
      const b = bundle({ key: mallory })
      expect(await refusal(b)).toMatch(
        new RegExp(
          `^case\\.awcase: manifest\\.sig: signed by key ${mallory.fingerprint.replace(/[+/]/g, '.')}, which is not the exporter "Ann"`
        )
      )
      // the same with the manifest re-signed by a stranger after the fact
      const resigned = await rezip(bundle(), (m) => {
        m.set(MANIFEST_SIG, Buffer.from(signSshsig(m.get(MANIFEST)!, BUNDLE_NAMESPACE, mallory)))
      })
      expect(await refusal(resigned)).toMatch(/manifest\.sig: signed by key .* which is not the exporter/)
      // an act signed in another namespace (an entry signature moved onto the manifest)
      const wrongNs = await rezip(bundle(), (m) => {
        m.set(MANIFEST_SIG, Buffer.from(s.entries.at(-1)!.signature!))
      })
      expect(await refusal(wrongNs)).toMatch(/manifest\.sig: the exporter's signature does not hold/)
    })

    it('a reordered log, signed by the exporter itself', async () => {
      const e = [...s.entries]
      ;[e[1], e[2]] = [e[2]!, e[1]!]
      expect(await refusal(bundle({ entries: e }))).toMatch(
        /^case\.awcase: log\.jsonl line 2 \(case entry 3, import by .*\): the log is out of order or incomplete: case entry 3 stands at place 2/
      )
      // renumbered to look in order: the links and the hashes give it away
      const renum = e.map((x, i) => ({ ...x, caseSeq: i + 1 }))
      expect(await refusal(bundle({ entries: renum }))).toMatch(
        /^case\.awcase: log\.jsonl line 2 .*(link to case entry|was changed)/
      )
      // an entry dropped from the middle: the case chain has no gaps to hide it in
      const dropped = s.entries.filter((_, i) => i !== 1)
      expect(await refusal(bundle({ entries: dropped }))).toMatch(/line 2 .*out of order or incomplete/)
    })

    it('a path escape', async () => {
      const b = await rezip(bundle(), (m) => m.set('../../evil.sh', Buffer.from('rm -rf ~\n')))
      expect(await refusal(b)).toMatch(
        /zip entry "\.\.\/\.\.\/evil\.sh": an entry name points outside the archive/
      )
    })

    it('a zip bomb: a member that inflates past what it declares', async () => {
      const good = await readZip('b', bundle())
      const z = writeZip([...good].map(([name, data]) => ({ name, data })))
      // append a deflated member declaring 1,000 bytes (tests/helpers/hand-zip.ts)
      const b = withZipBomb(z)
      expect(await refusal(b)).toMatch(
        /zip entry "files\/bomb": the entry declares 1000 bytes but inflates to more \(zip bomb\?\)/
      )
    })

    it('an unknown format version, a member the manifest does not list, not a ZIP', async () => {
      const version = (n: number) =>
        rezip(bundle(), (m) =>
          m.set(
            MANIFEST,
            Buffer.from(m.get(MANIFEST)!.toString().replace('"formatVersion": 2', `"formatVersion": ${n}`))
          )
        )
      expect(await refusal(await version(3))).toMatch(/manifest\.json: format version 3 is not supported/)
      expect(await refusal(await version(1))).toMatch(
        /manifest\.json: format version 1 \(before per-case chains\) is no longer read/
      )
      const extra = await rezip(bundle(), (m) => m.set('files/extra', Buffer.from('x')))
      expect(await refusal(extra)).toMatch(/files\/extra: the manifest does not list this member/)
      expect(await refusal(Buffer.from('hello'))).toMatch(/not a case bundle/)
    })
  })
})

describe('bundle export and bundle verify through the CLI', () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = ''
    let err = ''
    const code = await runCli(argv, { out: (x) => (out += x + '\n'), err: (x) => (err += x + '\n') })
    return { code, out, err }
  }

  it('exports a submitted case signed by the exporter, verifies it, and refuses a tampered copy', async () => {
    const dir = tempDir()
    const db = join(dir, 'a.sqlite')
    const ws = openWorkspace({ dbPath: db, resourcesDir: RESOURCES, actor: 't', clock: testClock })
    ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    for (const f of s.files) await ws.importOne('c', { name: f.fileName, bytes: f.bytes })
    const head = ws.audit.listForCase('c').at(-1)!
    ws.close()
    const ann = keyFile('Ann')
    expect(
      (await cli('identity', 'add', '--db', db, '--name', 'Ann', '--pubkey', `${ann.file}.pub`)).code
    ).toBe(EXIT.ok)
    expect((await cli('review', 'submit', '--db', db, '--case', 'c', '--key', ann.file)).code).toBe(EXIT.ok)

    const out = join(dir, 'c.awcase')
    const x = await cli('bundle', 'export', '--db', db, '--case', 'c', '--out', out, '--key', ann.file)
    expect(x.err).toBe('')
    expect(x.code).toBe(EXIT.ok)
    expect(x.out).toMatch(
      /Wrote .*c\.awcase: case c, 4 log entries up to case entry 4 .* 2 input files, 0 evidence documents; signed by your key\./
    )

    // verified in another workspace (the reviewer's), which has never seen the case or Ann
    const other = join(tempDir(), 'b.sqlite')
    const v = await cli('bundle', 'verify', '--db', other, out)
    expect(v.code).toBe(EXIT.ok)
    expect(v.out).toMatch(/^VALID: /)
    expect(v.out).toMatch(/handed over by Ann \(SHA256:/)
    expect(v.out).toMatch(/log: 4 entries, 1 signed acts/)
    expect(v.out).toMatch(/input files: r\.yaml, sa\.yaml/)
    const j = JSON.parse((await cli('bundle', 'verify', '--db', other, '--json', out)).out) as {
      head: { seq: number }
    }
    expect(j.head.seq).toBe(4)
    expect(head.caseSeq).toBe(3)

    const tampered = join(dir, 'tampered.awcase')
    const bytes = await rezip(readFileSync(out), (m) => {
      const path = [...m.keys()].find((k) => k.startsWith('files/'))!
      m.set(path, Buffer.concat([m.get(path)!, Buffer.from('# appended\n')]))
    })
    writeFileSync(tampered, bytes)
    const bad = await cli('bundle', 'verify', '--db', other, tampered)
    expect(bad.code).toBe(EXIT.rejected)
    expect(bad.err).toMatch(/^error: tampered\.awcase: files\/[0-9a-f]{64}: its SHA-256 is/)

    // an existing output file is never overwritten; a key not in the roster exports nothing
    expect(
      (await cli('bundle', 'export', '--db', db, '--case', 'c', '--out', out, '--key', ann.file)).code
    ).toBe(EXIT.usage)
    const stranger = keyFile('Stranger')
    const refused = await cli(
      'bundle',
      'export',
      '--db',
      db,
      '--case',
      'c',
      '--out',
      join(dir, 's.awcase'),
      '--key',
      stranger.file
    )
    expect(refused.code).toBe(EXIT.usage)
    expect(refused.err).toMatch(/not in this workspace's roster/)
    expect(existsSync(join(dir, 's.awcase'))).toBe(false)
  })
})

describe('the workspace keeps the input files a bundle needs', () => {
  it('through the real import worker too: the bundle holds the very bytes imported (needs npm run build)', async () => {
    const ws = createWorkerTestWorkspace()
    opened.push(ws)
    const ann = keyedActor(ws, 'Ann')
    ws.createCase({ id: 'w', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
    await ws.importOne('w', { name: 'r.yaml', bytes: s.files[0]!.bytes })
    const b = await readBundle('w.awcase', exportCaseBundle(ws, 'w', ann.key).bytes)
    expect(b.files.map((f) => f.fileName)).toEqual(['r.yaml'])
    expect(Buffer.from(b.files[0]!.bytes).equals(Buffer.from(s.files[0]!.bytes))).toBe(true)
    expect(b.entries.map((e) => e.action)).toEqual(['case.create', 'import'])
  })
})
