/** The handler table: thin, one per channel, transport-neutral. */
import type { Workspace } from '../workspace'
import type { InvokeHandlers } from './dispatch'
import type { AppInfo, EventContract, ImportProgress } from '../../shared/ipc/contract'
import { openDemoCase } from '../services/demo'
import type { TrustList } from '../pdf/trust'
import { keyIdOf, type PassphraseStore } from '../keychain'
import { DomainError } from '../errors'
import type { UploadSpool } from '../upload-spool'
import { actorSigner as actorSignerOf, type Actor } from '../identity/identities'
import { createPrivateKeyFile, openPrivateKey, type OpenedKey } from '../identity/openssh-key'
import { normalizeAuditorName } from '../../shared/domain/identity'
import type { CurrentIdentity, IdentityState } from '../../shared/ipc/contract'
import { REGISTER_SETTINGS_FILE, type RegisterDesk } from '../register/desk'
import type { Scheduler } from '../clock'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** where the desktop app keeps the auditor's key, encrypted by the OS keychain (safeStorage) */
export const KEYCHAIN_IDENTITY = 'auditor-identity'

export interface HandlerContext {
  readonly ws: Workspace
  readonly resourcesDir: string
  readonly transport: AppInfo['transport']
  readonly version: string
  readonly passphrases: PassphraseStore
  /** the built verify worker; absent: verification runs in-process */
  readonly verifyWorkerFile?: string | null
  /** browser mode's spooled uploads (import:files names them by id); absent elsewhere */
  readonly uploads?: UploadSpool | null
  readonly emit: <E extends keyof EventContract>(event: E, ...payload: Parameters<EventContract[E]>) => void
  /**
   * The timer of the register's background retry of queued pushes (the app and the bridge: the system's; tests:
   * their own). Absent (the CLI): queued pushes are sent only when asked. With it, a workspace that has queued
   * pushes starts sending them when the handlers are made (the app starts).
   */
  readonly schedule?: Scheduler | null
}

/** the trust list (and the certificate libraries it needs) loads for a verification or the trust screen */
const trust = () => import('../pdf/trust')
const trustView = (path: string, load: (path: string) => TrustList) => ({
  path,
  entries: load(path).entries
})

export function createHandlers(ctx: HandlerContext): InvokeHandlers {
  const { ws } = ctx
  /** a spooled upload's bytes (browser mode); read once, when its import runs */
  const spooled = (id: string): Buffer => {
    if (!ctx.uploads) throw new DomainError('USAGE', 'Uploads by id are only taken over the browser bridge.')
    return ctx.uploads.take(id)
  }
  // the auditor this session acts as: opened once from their key file (or the keychain), held in memory only
  let session: { actor: Actor; key: OpenedKey; current: CurrentIdentity } | null = null
  // after an explicit lock, the kept key is not opened again by itself
  let locked = false
  const open = (text: string, passphrase: string, remember: boolean): CurrentIdentity => {
    const key = openPrivateKey(text, passphrase || null)
    const actor = ws.identities.actorFor(key)
    const kept = remember && ctx.passphrases.available()
    if (kept) ctx.passphrases.set(KEYCHAIN_IDENTITY, JSON.stringify({ key: text, passphrase }))
    const current = {
      name: actor.name,
      fingerprint: actor.fingerprint,
      publicKey: key.publicKey,
      remembered: kept
    }
    session = { actor, key, current }
    locked = false
    // queued register pushes waited for a key to sign with
    registerDesk?.retry.start()
    return current
  }
  /** the desktop app opens the key it keeps in the OS keychain on first use */
  const fromKeychain = (): boolean => {
    const kept = ctx.passphrases.get(KEYCHAIN_IDENTITY)
    if (!kept) return false
    const { key, passphrase } = JSON.parse(kept) as { key: string; passphrase: string }
    open(key, passphrase, true)
    return true
  }
  const state = (): IdentityState => {
    if (!session && !locked) {
      try {
        fromKeychain()
      } catch {
        /* a kept key that is no longer in the roster: the auditor chooses again */
      }
    }
    return { current: session?.current ?? null, keychain: ctx.passphrases.available() }
  }
  // the register's client loads when the register is first used
  let registerDesk: RegisterDesk | null = null
  const desk = async (): Promise<RegisterDesk> => {
    if (registerDesk) return registerDesk
    const { createRegisterDesk } = await import('../register/desk')
    const bundles = await import('../bundle/export')
    registerDesk = createRegisterDesk({
      dbPath: ws.dbPath,
      clock: ws.clock,
      key: () => sessionKey(),
      exportBundle: (caseId, key) => bundles.exportCaseBundle(ws, caseId, key).bytes,
      importBundle: async (name, bytes) =>
        (await import('../bundle/import')).importCaseBundle(ws, name, bytes),
      schedule: ctx.schedule ?? null,
      onSent: (results) => ctx.emit('register:sent', results),
      log: (message) => console.error(`[auditor-workbench] ${message}`)
    })
    return registerDesk
  }
  // the app starts: a workspace with a register configured sends what it queued (the desk loads only then)
  if (
    ctx.schedule &&
    ws.dbPath !== ':memory:' &&
    existsSync(join(dirname(ws.dbPath), REGISTER_SETTINGS_FILE))
  )
    void desk().then((d) => d.retry.start())
  const actor = (): Actor => {
    if (!session) state()
    if (!session)
      throw new DomainError(
        'FORBIDDEN',
        'No auditor key is open. Decisions and review steps are signed: choose your key (Identity), or give --key FILE.'
      )
    return session.actor
  }
  const sessionKey = (): OpenedKey => {
    actor()
    return session!.key
  }
  return {
    'app:info': () => ({
      version: ctx.version,
      dbPath: ws.dbPath,
      transport: ctx.transport,
      allowedSignersPath: ws.allowedSignersPath,
      keychain: ctx.passphrases.available(),
      clockFixedAt: ws.clockFixedAt
    }),
    'schemes:list': () => ws.listSchemes(),
    'schemes:get': (id) => ws.scheme(id),
    'schemes:preview': (file) =>
      ws.previewScheme({ name: file.name, bytes: Buffer.from(file.base64, 'base64') }),
    'schemes:import': (file, force) =>
      ws.importScheme(
        { name: file.name, bytes: Buffer.from(file.base64, 'base64') },
        force ? { force: true, reason: force.reason } : {}
      ),
    'cases:list': () => ws.listCases(),
    'cases:create': (input) => ws.createCase(input),
    'cases:get': (id, at) => ws.caseDetail(id, at),
    'cases:results': (id, at) => ws.caseResults(id, at),
    'cases:audit': (id) => ws.caseAudit(id),
    'audit:verify': (id) => ws.verifyAuditLog(id),
    'import:files': (caseId, files, batchId = 'batch') =>
      ws.importFiles(
        caseId,
        files.map((f) => ({
          name: f.name,
          bytes: 'bytes' in f ? f.bytes : 'upload' in f ? spooled(f.upload) : Buffer.from(f.base64, 'base64')
        })),
        (file, index, total, stage) =>
          ctx.emit('import:progress', { batchId, file, index, total, stage } satisfies ImportProgress)
      ),
    'cases:exportTemplate': async (id) => ({
      fileName: `questionnaire-${id}.xlsx`,
      base64: (await ws.exportTemplate(id)).toString('base64')
    }),
    'cases:review': (id, at) => ws.caseReview(id, at),
    'cases:verdict': (id, at) => ws.verdict(id, at),
    'cases:roundDiff': (id) => ws.roundDiff(id),
    'verdict:export': async (input) => {
      const p12 = input.p12Base64 !== undefined ? Buffer.from(input.p12Base64, 'base64') : null
      const keyId = p12 ? keyIdOf(p12) : null
      const typed = input.passphrase ?? ''
      let passphrase = typed
      if (keyId && !typed && input.useKeychain) {
        passphrase = ctx.passphrases.get(keyId) ?? ''
        if (!passphrase)
          throw new DomainError(
            'USAGE',
            'No passphrase for this key is stored in the OS keychain; type it once with "remember" ticked.'
          )
      }
      // the PDF, signing and certificate libraries load only for an export or a verification
      const { exportVerdict } = await import('../pdf/export')
      const r = await exportVerdict(ws, {
        caseId: input.caseId,
        at: input.at,
        lang: input.lang,
        preAudit: input.preAudit,
        signer: p12 ? { p12, passphrase } : undefined,
        body: input.body,
        actor: input.actor ?? session?.actor.name ?? ws.actor,
        tsaUrl: input.tsaUrl
      })
      // only a passphrase that just signed is remembered; unticking "remember" forgets it
      if (keyId && typed && input.useKeychain) ctx.passphrases.set(keyId, typed)
      else if (keyId && !input.useKeychain) ctx.passphrases.forget(keyId)
      const { pdf, ...rest } = r
      return { ...rest, base64: pdf.toString('base64') }
    },
    'verdict:verify': async (file, options) =>
      (await import('../pdf/export')).verifyVerdictPdf(Buffer.from(file.base64, 'base64'), file.name, ws, {
        ...(options?.trustPem !== undefined
          ? {
              trust: (await trust()).parseTrustPem(
                options.trustPem,
                options.trustSource ?? 'the given trust list'
              )
            }
          : {}),
        workerFile: ctx.verifyWorkerFile
      }),
    'trust:list': async () => {
      const t = await trust()
      return trustView(t.trustListPath(ws.dbPath), t.loadTrustList)
    },
    'trust:add': async (pem) => {
      const t = await trust()
      return trustView(t.trustListPath(ws.dbPath), (p) => t.addToTrustList(p, pem))
    },
    'trust:remove': async (fingerprint) => {
      const t = await trust()
      return trustView(t.trustListPath(ws.dbPath), (p) => t.removeFromTrustList(p, fingerprint))
    },
    'cases:carryForward': (id) => ws.carryForward(id, actor()),
    'reports:log': (reportId, testcase) => ws.logExcerpt(reportId, testcase),
    'decisions:record': (input) => ws.decide(input, actor()),
    'cases:reviewFlow': (id, action, comment) => ws.review(id, action, actor(), comment),
    'identity:list': () => ws.identities.list(),
    'identity:current': () => state(),
    'identity:create': (input) => {
      const n = normalizeAuditorName(input.name)
      if ('refused' in n)
        throw new DomainError('USAGE', `The auditor name "${input.name}" is refused: ${n.refused}.`)
      const { text, key } = createPrivateKeyFile(n.name, input.passphrase || null)
      const self: Actor = {
        name: n.name,
        fingerprint: key.fingerprint,
        blob: key.blob,
        sign: actorSignerOf(key)
      }
      const identity = ws.identities.register(n.name, key.publicKey, self)
      open(text, input.passphrase ?? '', !!input.remember)
      return {
        identity,
        privateKey: text,
        fileName: `auditor-workbench-${n.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.key`
      }
    },
    'identity:add': (name, publicKey) => ws.identities.register(name, publicKey, session?.actor ?? null),
    'identity:unlock': (input) => {
      if (input.keyBase64 === undefined) {
        if (!fromKeychain())
          throw new DomainError('USAGE', 'No auditor key is kept in the OS keychain; choose your key file.')
        return session!.current
      }
      return open(
        Buffer.from(input.keyBase64, 'base64').toString('utf8'),
        input.passphrase ?? '',
        !!input.remember
      )
    },
    'identity:lock': (forget) => {
      session = null
      locked = true
      if (forget) ctx.passphrases.forget(KEYCHAIN_IDENTITY)
      return { current: null, keychain: ctx.passphrases.available() }
    },
    'bundle:export': async (caseId, options) => {
      // the bundle's ZIP and hashing code loads for a bundle only
      const { exportCaseBundle } = await import('../bundle/export')
      const b = exportCaseBundle(ws, caseId, sessionKey(), options ?? {})
      return {
        fileName: `${caseId.replace(/[^A-Za-z0-9._-]+/g, '-')}.awcase`,
        base64: b.bytes.toString('base64'),
        head: b.head,
        entries: b.entries,
        files: b.files,
        documents: b.documents,
        handedOver: b.handedOver
      }
    },
    'bundle:import': async (file) => {
      const { importCaseBundle } = await import('../bundle/import')
      return importCaseBundle(ws, file.name, Buffer.from(file.base64, 'base64'))
    },
    'bundle:take-back': async (caseId, reason) => {
      const { takeBackCase } = await import('../bundle/import')
      takeBackCase(ws, caseId, actor(), reason)
      return ws.holder(caseId)
    },
    'bundle:holder': (caseId) => {
      ws.getCase(caseId)
      return ws.holder(caseId)
    },
    'bundle:verify': async (file) => {
      const { bundleSummary, verifyCaseBundle } = await import('../bundle/export')
      return bundleSummary(await verifyCaseBundle(file.name, Buffer.from(file.base64, 'base64')))
    },
    'register:settings': async () => (await desk()).settings(),
    'register:configure': async (url) => (await desk()).configure(url),
    'register:overview': async () => (await desk()).overview(),
    'register:push': async (caseId) => (await desk()).push(caseId),
    'register:flush': async () => (await desk()).flush(),
    'register:hold': async (caseId, action) => (await desk()).hold(caseId, action),
    'register:pull': async (caseId) => (await desk()).pull(caseId),
    'demo:open': () => openDemoCase(ws, ctx.resourcesDir),
    'documents:list': (caseId) => ws.documents.list(caseId),
    'documents:attach': (caseId, files) =>
      ws.documents.attachMany(
        caseId,
        files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') }))
      ),
    'documents:get': (caseId, sha256) => {
      const { bytes: _bytes, ...content } = ws.documents.content(caseId, sha256)
      return content
    },
    // the remover is the holder of the unlocked key (the auditor argument is not trusted for it)
    'documents:remove': (caseId, sha256, reason) => {
      const a = actor()
      return ws.documents.remove(caseId, sha256, reason, a)
    }
  }
}
