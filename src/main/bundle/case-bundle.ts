/**
 * Case bundles, format v2: one ZIP that hands a case to another auditor's workspace. It holds the case's
 * input files and evidence documents by SHA-256, the case's whole chain of audit entries (case_seq,
 * case_prev, case_hash: migration v80) with every signed act, the roster entries of the auditors who acted,
 * and manifest.json; manifest.sig is the exporter's SSHSIG over manifest.json, and the manifest names every
 * other member's SHA-256, so one signature covers the whole bundle. Reading goes through the importers' ZIP
 * guards. Version 1 (the global seq and hash only) is refused with a message. No electron import; the
 * workspace side (export from and replay into a workspace) builds on these two functions.
 */
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { InputError } from '../../shared/format/input-error'
import { SIGNED_ACTIONS, entryHash, signedEntryMessage } from '../db/audit.repo'
import { CASE_GENESIS, caseEntryHash, signedCaseEntryMessage } from '../db/case-chain'
import { ACT_NAMESPACE, fingerprint, signSshsig, verifySshsig } from '../import/sshsig'
import { isZip, readZip } from '../import/zip-guard'
import { CASE_ID_PATTERN } from '../db/cases.repo'
import { caseFlowProblems } from '../log-truth'
import type { OpenedKey } from '../identity/openssh-key'

export const BUNDLE_FORMAT_VERSION = 2
export const BUNDLE_NAMESPACE = 'auditor-workbench-bundle'
/** a bundle file larger than this is refused before it is opened */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024

export const MANIFEST = 'manifest.json'
export const MANIFEST_SIG = 'manifest.sig'
export const LOG = 'log.jsonl'
export const ROSTER = 'roster.json'
const FILES = 'files/'
const DOCUMENTS = 'documents/'

/**
 * One audit entry of the case: its place in the case's chain (portable: the same in every workspace), its
 * content, its signature; and, for reference, its place in the exporter's workspace-wide chain (`seq`,
 * `prevHash`, `hash`), which entries of format 1 (before v80) signed.
 */
export interface BundleEntry {
  readonly caseSeq: number
  readonly casePrev: string
  readonly caseHash: string
  /** 2: signed over the case chain; 1: written before v80, signed over the exporter's global chain */
  readonly format: number
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly caseId: string
  /** the payload exactly as hashed and signed: one line of JSON */
  readonly payload: string
  readonly prevHash: string
  readonly hash: string
  readonly signature: string | null
}

export interface BundleDocument {
  readonly sha256: string
  readonly name: string
  readonly mediaType: string
  readonly bytes: Uint8Array
}

export interface BundleAuditor {
  readonly name: string
  readonly publicKey: string
  readonly fingerprint: string
}

export interface BundleInputFile {
  readonly fileName: string
  readonly bytes: Uint8Array
  /** the detached signature that was imported beside the file */
  readonly signature?: { readonly name: string; readonly bytes: Uint8Array } | undefined
}

export interface BundleManifest {
  readonly formatVersion: number
  readonly case: { readonly id: string; readonly title: string }
  readonly scheme: { readonly id: string; readonly version: string }
  readonly exporter: { readonly name: string; readonly fingerprint: string }
  readonly exportedAt: string
  /** the case's newest entry: its case_seq and case hash */
  readonly head: { readonly caseSeq: number; readonly caseHash: string }
  /** every member but manifest.json and manifest.sig, with its SHA-256 */
  readonly members: readonly { readonly path: string; readonly sha256: string; readonly size: number }[]
  /** the input files: member path (files/SHA-256) → the name it was imported under */
  readonly files: readonly {
    readonly path: string
    readonly fileName: string
    readonly sha256: string
    /** its detached signature: member files/SHA-256.sig */
    readonly signature?: { readonly name: string; readonly path: string }
  }[]
  /** the case's evidence documents: member path (documents/SHA-256), name, media type */
  readonly documents: readonly {
    readonly path: string
    readonly sha256: string
    readonly name: string
    readonly mediaType: string
  }[]
}

export interface CaseBundle {
  readonly manifest: BundleManifest
  readonly entries: readonly BundleEntry[]
  readonly roster: readonly BundleAuditor[]
  readonly files: readonly (BundleInputFile & { readonly sha256: string })[]
  readonly documents: readonly BundleDocument[]
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** A ZIP of stored (uncompressed) members, in the given order. Names are ASCII paths. */
export function writeZip(members: readonly { name: string; data: Uint8Array }[]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8')
    const crc = crc32(m.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(0, 8) // stored
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(m.data.length, 18)
    local.writeUInt32LE(m.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const cd = Buffer.alloc(46)
    cd.writeUInt32LE(0x02014b50, 0)
    cd.writeUInt16LE(20, 4)
    cd.writeUInt16LE(20, 6)
    cd.writeUInt16LE(0x0800, 8)
    cd.writeUInt32LE(crc, 16)
    cd.writeUInt32LE(m.data.length, 20)
    cd.writeUInt32LE(m.data.length, 24)
    cd.writeUInt16LE(name.length, 28)
    cd.writeUInt32LE(offset, 42)
    locals.push(local, name, Buffer.from(m.data))
    central.push(cd, name)
    offset += 30 + name.length + m.data.length
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(members.length, 8)
  end.writeUInt16LE(members.length, 10)
  end.writeUInt32LE(cdSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...central, end])
}

/** Writes a bundle and signs its manifest with the exporter's key. Checks nothing: readBundle does. */
export function writeBundle(input: {
  case: BundleManifest['case']
  scheme: BundleManifest['scheme']
  exporter: { name: string; key: OpenedKey }
  exportedAt: string
  entries: readonly BundleEntry[]
  roster: readonly BundleAuditor[]
  files: readonly BundleInputFile[]
  documents: readonly Omit<BundleDocument, 'sha256'>[]
}): Buffer {
  const log = Buffer.from(input.entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8')
  const roster = Buffer.from(`${JSON.stringify(input.roster, null, 2)}\n`, 'utf8')
  const files = input.files.map((f) => ({ ...f, sha256: sha256(f.bytes) }))
  const documents = input.documents.map((d) => ({ ...d, sha256: sha256(d.bytes) }))
  const members = [
    { name: LOG, data: log },
    { name: ROSTER, data: roster },
    ...files.flatMap((f) => [
      { name: `${FILES}${f.sha256}`, data: f.bytes },
      ...(f.signature ? [{ name: `${FILES}${f.sha256}.sig`, data: f.signature.bytes }] : [])
    ]),
    ...documents.map((d) => ({ name: `${DOCUMENTS}${d.sha256}`, data: d.bytes }))
  ]
  const last = input.entries.at(-1)
  const manifest: BundleManifest = {
    formatVersion: BUNDLE_FORMAT_VERSION,
    case: input.case,
    scheme: input.scheme,
    exporter: { name: input.exporter.name, fingerprint: input.exporter.key.fingerprint },
    exportedAt: input.exportedAt,
    head: { caseSeq: last?.caseSeq ?? 0, caseHash: last?.caseHash ?? CASE_GENESIS },
    members: members.map((m) => ({ path: m.name, sha256: sha256(m.data), size: m.data.length })),
    files: files.map((f) => ({
      path: `${FILES}${f.sha256}`,
      fileName: f.fileName,
      sha256: f.sha256,
      ...(f.signature ? { signature: { name: f.signature.name, path: `${FILES}${f.sha256}.sig` } } : {})
    })),
    documents: documents.map((d) => ({
      path: `${DOCUMENTS}${d.sha256}`,
      sha256: d.sha256,
      name: d.name,
      mediaType: d.mediaType
    }))
  }
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')
  const sig = signSshsig(manifestBytes, BUNDLE_NAMESPACE, input.exporter.key)
  return writeZip([
    { name: MANIFEST, data: manifestBytes },
    { name: MANIFEST_SIG, data: Buffer.from(sig, 'utf8') },
    ...members
  ])
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/**
 * Opens a bundle and checks all of it, in this order, refusing the whole bundle at the first failing
 * item (an InputError naming the bundle file, the item and the reason): the ZIP guards and the size cap;
 * the format version; the manifest's signature; every member against the manifest's hash (and no member
 * the manifest does not list); the signer is the exporter as the bundle's roster registers them; the
 * roster's keys and fingerprints; the log: each entry's hash over its content and its predecessor, the
 * sequence strictly rising and linked wherever it is consecutive, the case of every entry, the head;
 * every signed act against its actor's key in the roster.
 */
export async function readBundle(file: string, bytes: Uint8Array): Promise<CaseBundle> {
  const refuse = (place: string, reason: string): never => {
    throw new InputError(file, place, reason)
  }
  if (bytes.length > MAX_BUNDLE_BYTES)
    refuse('(whole file)', `the bundle is ${bytes.length} bytes; the limit is ${MAX_BUNDLE_BYTES}`)
  if (!isZip(bytes)) refuse('(whole file)', 'not a case bundle (not a ZIP file)')
  const zip = await readZip(file, bytes)
  const manifestBytes = zip.get(MANIFEST) ?? refuse(MANIFEST, 'the bundle has no manifest')
  const sigBytes = zip.get(MANIFEST_SIG) ?? refuse(MANIFEST_SIG, 'the bundle is not signed')
  let m: BundleManifest
  try {
    m = JSON.parse(manifestBytes.toString('utf8')) as BundleManifest
  } catch (error) {
    return refuse(MANIFEST, `not JSON (${(error as Error).message})`)
  }
  if (isObject(m) && m.formatVersion === 1)
    refuse(
      MANIFEST,
      `format version 1 (before per-case chains) is no longer read: its entries cannot be placed in another workspace's log with their signatures intact; export the case again with this workbench (format ${BUNDLE_FORMAT_VERSION})`
    )
  if (!isObject(m) || m.formatVersion !== BUNDLE_FORMAT_VERSION)
    refuse(
      MANIFEST,
      `format version ${String(isObject(m) ? m.formatVersion : undefined)} is not supported (this workbench reads version ${BUNDLE_FORMAT_VERSION})`
    )
  const signed = verifySshsig(sigBytes.toString('utf8'), manifestBytes, BUNDLE_NAMESPACE)
  if ('invalid' in signed)
    refuse(
      MANIFEST_SIG,
      `the exporter's signature does not hold: ${signed.invalid.replace(/the report/g, 'the manifest')}`
    )
  const signerFp = fingerprint((signed as { publicKey: Buffer }).publicKey)
  // the case id as case create takes it: it names files, verdict ids and register pages
  if (!isObject(m.case) || typeof m.case.id !== 'string' || !CASE_ID_PATTERN.test(m.case.id))
    refuse(
      MANIFEST,
      `the case id ${JSON.stringify(isObject(m.case) ? m.case.id : undefined)} is not one case create takes: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`
    )

  const listed = new Map(m.members.map((x) => [x.path, x]))
  for (const [name, data] of zip) {
    if (name === MANIFEST || name === MANIFEST_SIG) continue
    const x = listed.get(name) ?? refuse(name, 'the manifest does not list this member')
    const actual = sha256(data)
    if (actual !== x.sha256)
      refuse(
        name,
        `its SHA-256 is ${actual}, but the signed manifest says ${x.sha256} (the member was changed)`
      )
    listed.delete(name)
  }
  for (const name of listed.keys()) refuse(name, 'the manifest lists this member, but the bundle lacks it')

  let roster: BundleAuditor[]
  try {
    roster = JSON.parse(zip.get(ROSTER)!.toString('utf8')) as BundleAuditor[]
  } catch (error) {
    return refuse(ROSTER, `not JSON (${(error as Error).message})`)
  }
  const byKey = new Map<string, BundleAuditor & { blob: Buffer }>()
  for (const [i, a] of roster.entries()) {
    const blob = Buffer.from(String(a.publicKey).split(' ')[1] ?? '', 'base64')
    if (fingerprint(blob) !== a.fingerprint)
      refuse(`${ROSTER} [${i}] "${a.name}"`, `the key is not the fingerprint ${a.fingerprint} it claims`)
    byKey.set(a.fingerprint, { ...a, blob })
  }
  const exporter = byKey.get(signerFp)
  if (!exporter || exporter.name !== m.exporter.name || signerFp !== m.exporter.fingerprint)
    refuse(
      MANIFEST_SIG,
      `signed by key ${signerFp}, which is not the exporter "${m.exporter.name}" (${m.exporter.fingerprint}) in the bundle's roster`
    )

  const entries: BundleEntry[] = zip
    .get(LOG)!
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as BundleEntry
      } catch (error) {
        return refuse(`${LOG} line ${i + 1}`, `not JSON (${(error as Error).message})`)
      }
    })
  // the case chain: consecutive from the case's creation, each entry linked to the one before it by its case
  // hash, which covers the entry's content and signature; a removed, inserted, reordered or changed entry
  // breaks it
  let prev: BundleEntry | null = null
  for (const [i, e] of entries.entries()) {
    const place = `${LOG} line ${i + 1} (case entry ${String(e.caseSeq)}, ${String(e.action)} by ${String(e.actor)})`
    if (e.caseId !== m.case.id)
      refuse(place, `the entry belongs to case ${String(e.caseId)}, not ${m.case.id}`)
    if (i === 0 && e.action !== 'case.create')
      refuse(place, 'the log does not begin with the case.create entry')
    if (e.caseSeq !== i + 1)
      refuse(
        place,
        `the log is out of order or incomplete: case entry ${String(e.caseSeq)} stands at place ${i + 1} (an entry was removed, inserted or reordered)`
      )
    if (e.casePrev !== (prev?.caseHash ?? CASE_GENESIS))
      refuse(place, `the link to case entry ${i} is broken (an entry was removed, replaced or reordered)`)
    const fields = {
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      caseId: e.caseId,
      payload: e.payload
    }
    const portable = { ...fields, caseSeq: e.caseSeq, casePrev: e.casePrev }
    if (
      typeof e.payload !== 'string' ||
      caseEntryHash({ ...portable, signature: e.signature }) !== e.caseHash
    )
      refuse(place, 'the entry was changed (its case hash does not match its content)')
    // an entry of format 1 signed its place in the exporter's global chain: that place must hold too
    if (e.format === 1 && entryHash(e.prevHash, { ...fields, signature: e.signature }) !== e.hash)
      refuse(place, 'the entry was changed (its hash does not match its content)')
    if (e.format !== 1 && e.format !== 2) refuse(place, `unknown entry format ${String(e.format)}`)
    if (SIGNED_ACTIONS.has(e.action)) {
      if (!e.signature) refuse(place, 'the act is not signed by its actor')
      const message =
        e.format === 2 ? signedCaseEntryMessage(portable) : signedEntryMessage(e.prevHash, fields)
      const v = verifySshsig(e.signature!, message, ACT_NAMESPACE)
      if ('invalid' in v)
        refuse(place, `the act's signature does not hold: ${v.invalid.replace(/the report/g, 'the entry')}`)
      const fp = fingerprint((v as { publicKey: Buffer }).publicKey)
      const who = byKey.get(fp)
      if (!who) refuse(place, `signed by key ${fp}, which the bundle's roster does not hold`)
      if (who!.name !== e.actor) refuse(place, `names ${e.actor} but is signed by ${who!.name}'s key`)
    }
    prev = e
  }
  if (!prev || prev.caseSeq !== m.head.caseSeq || prev.caseHash !== m.head.caseHash)
    refuse(
      LOG,
      `the log ends at case entry ${prev?.caseSeq ?? 0}, but the manifest's head is case entry ${m.head.caseSeq} (${m.head.caseHash})`
    )

  // the acts in the order the four-eyes review allows them (an accept after a submission, by a second key;
  // no decision on a submitted or accepted case): a log written by hand is refused at its first such entry
  const flow = caseFlowProblems(entries)[0]
  if (flow)
    refuse(
      `${LOG} line ${flow.index + 1} (case entry ${entries[flow.index]!.caseSeq}, ${entries[flow.index]!.action} by ${entries[flow.index]!.actor})`,
      flow.reason
    )

  // the manifest's names are what `bundle verify` shows; the log's are what `bundle import` stores: they
  // must be one and the same (a manifest signed again could show other names than the log's)
  const fields = (e: BundleEntry): Record<string, unknown> => {
    try {
      const p = JSON.parse(e.payload) as unknown
      return typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }
  const created = fields(entries[0]!)
  if (created['title'] !== m.case.title)
    refuse(
      MANIFEST,
      `the manifest titles the case ${JSON.stringify(m.case.title)}, but its case.create entry titles it ${JSON.stringify(created['title'])}`
    )
  if (created['schemeId'] !== m.scheme.id || created['schemeVersion'] !== m.scheme.version)
    refuse(
      MANIFEST,
      `the manifest says scheme ${m.scheme.id} ${m.scheme.version}, but its case.create entry creates the case for ${String(created['schemeId'])} ${String(created['schemeVersion'])}`
    )
  const imported = new Map<unknown, unknown>()
  const attached = new Map<unknown, { name: unknown; mediaType: unknown }>()
  for (const e of entries) {
    const p = fields(e)
    if (e.action === 'import') imported.set(p['sha256'], p['file'])
    if (e.action === 'document.attach')
      attached.set(p['sha256'], { name: p['name'], mediaType: p['mediaType'] })
  }
  for (const f of m.files) {
    const logged = imported.get(f.sha256)
    if (!imported.has(f.sha256))
      refuse(
        f.path,
        `the manifest names the input file ${JSON.stringify(f.fileName)}, which no import entry of the log imported`
      )
    // a name that is not text is refused where the import entry is replayed, by its place in the log
    if (typeof logged === 'string' && logged !== f.fileName)
      refuse(
        f.path,
        `the manifest names the input file ${JSON.stringify(f.fileName)}, but its import entry names it ${JSON.stringify(logged)}`
      )
  }
  for (const d of m.documents) {
    const a = attached.get(d.sha256)
    if (!a || a.name !== d.name || a.mediaType !== d.mediaType)
      refuse(
        d.path,
        a
          ? `the manifest names the evidence document ${JSON.stringify(d.name)} (${d.mediaType}), but its document.attach entry names it ${JSON.stringify(a.name)} (${String(a.mediaType)})`
          : `the manifest names the evidence document ${JSON.stringify(d.name)}, which no document.attach entry of the log attached`
      )
  }

  const files = m.files.map((f) => {
    const bytes =
      zip.get(f.path) ?? refuse(f.path, 'the manifest names this input file, but the bundle lacks it')
    if (sha256(bytes) !== f.sha256 || f.path !== `${FILES}${f.sha256}`)
      refuse(f.path, `the input file "${f.fileName}" is not the SHA-256 ${f.sha256} it is listed under`)
    if (f.signature && f.signature.path !== `${f.path}.sig`)
      refuse(f.signature.path, `the signature of "${f.fileName}" must be ${f.path}.sig`)
    const sig = f.signature
      ? {
          name: f.signature.name,
          bytes:
            zip.get(f.signature.path) ??
            refuse(f.signature.path, 'the manifest names this signature, but the bundle lacks it')
        }
      : undefined
    return { fileName: f.fileName, bytes, sha256: f.sha256, signature: sig }
  })
  const documents = m.documents.map((d) => {
    const bytes =
      zip.get(d.path) ?? refuse(d.path, 'the manifest names this evidence document, but the bundle lacks it')
    if (sha256(bytes) !== d.sha256 || d.path !== `${DOCUMENTS}${d.sha256}`)
      refuse(d.path, `the evidence document "${d.name}" is not the SHA-256 ${d.sha256} it is listed under`)
    return { sha256: d.sha256, name: d.name, mediaType: d.mediaType, bytes }
  })
  return { manifest: m, entries, roster, files, documents }
}
