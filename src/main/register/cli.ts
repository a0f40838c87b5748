/**
 * `auditor-workbench register …`: the register's server, its administration, and the client commands an
 * auditor uses to push, pull, hold and certify. Server-side commands take --pg URL (else DATABASE_URL);
 * client commands take --url (else AUDITOR_WORKBENCH_REGISTER_URL) and sign every request with --key.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { clockFromEnv } from '../clock'
import { openPrivateKey, type OpenedKey } from '../identity/openssh-key'
import type { InvokeChannel, InvokeContract } from '../../shared/ipc/contract'
import { jsonRequest, registerClient, type RegisterAnswer, type RegisterClient } from './client'
import { describeDue } from '../../shared/register/status'
import { conflictLines } from '../../shared/domain/bundle-conflict'
import { DomainError } from '../errors'

export const REGISTER_USAGE = `  register serve --pg URL --listen HOST:PORT [--trust FILE.pem] [--allowed-signers FILE] [--max-body BYTES]
                                                                       the body's register on PostgreSQL (--pg, else
                                                                       DATABASE_URL); --trust: the bodies whose signed
                                                                       verdicts it registers; --allowed-signers: the
                                                                       body's trust list of report signers
  register init --pg URL --admin-pubkey FILE.pub                       migrates the database; the administrator key
                                                                       that adds auditors to the roster
  register roster add --name NAME --pubkey FILE.pub --url URL --key ADMIN_KEY
  register roster list --url URL --key FILE
  register push (--case ID [--hand-over [--comment T]] | FILE.awcase) --url URL --key FILE
                                                                       pushes the case's bundle (must fast-forward);
                                                                       --hand-over: as bundle export --hand-over (the
                                                                       case is then read-only here), and it checks the
                                                                       case in at the register
  register pull --case ID [--out FILE.awcase] [--verify-only] --url URL --key FILE
                                                                       opens the register's newest bundle of the case
                                                                       in the workspace (--db), as bundle import does:
                                                                       created, fast-forward, or refused with the
                                                                       conflict (--verify-only: only written to --out)
  register list --url URL --key FILE                                   the body's cases (with holders) and certificates
  register checkout|checkin --case ID --url URL --key FILE             holds or frees a case
  register certify FILE.pdf --url URL --key FILE                       registers a signed verdict as a certificate
  register revoke --verdict ID --reason TEXT --url URL --key FILE      revokes a certificate (a signed act)
  register publish --pg URL --out DIR                                  the public static site: status pages, index,
                                                                       revocation list (JSON and HTML)
  register due --pg URL                                                failed results after issuance, manual checks
                                                                       due, certificates expiring within 60 days
                                                                       (--url, else AUDITOR_WORKBENCH_REGISTER_URL)
`

export interface RegisterCliDeps {
  readonly parse: (
    args: string[],
    options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>,
    positionals?: boolean
  ) => {
    values: Record<string, string | boolean | string[] | undefined>
    positionals: string[]
  }
  readonly usage: (message: string) => Error
  readonly actingKey: (flag: string | undefined) => Promise<{ text: string; passphrase: string }>
  /**
   * One channel of the contract through dispatch on the workspace (--db), as every CLI command runs: its
   * value, or its mapped error thrown. With `key`, the run's acts are signed with it.
   */
  readonly call: <C extends InvokeChannel>(
    db: string | undefined,
    channel: C,
    args: Parameters<InvokeContract[C]>,
    key?: { text: string; passphrase: string }
  ) => Promise<ReturnType<InvokeContract[C]>>
  readonly out: (s: string) => void
  readonly err: (s: string) => void
}

const EXIT = { ok: 0, usage: 2, rejected: 3, failed: 1 } as const

export async function registerCommand(rest: string[], d: RegisterCliDeps): Promise<number> {
  const [sub, ...args] = rest
  const { clock } = clockFromEnv()
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
  const need = (v: unknown, flag: string): string =>
    str(v) ??
    (() => {
      throw d.usage(`${flag} is required`)
    })()
  const pgUrl = (v: unknown): string =>
    str(v) ??
    process.env['DATABASE_URL'] ??
    (() => {
      throw d.usage('--pg URL is required (or DATABASE_URL)')
    })()
  const SERVER = { pg: { type: 'string' } } as const
  const CLIENT = { url: { type: 'string' }, key: { type: 'string' } } as const

  /** The register's client, signing with the auditor's key; the key and its text, for the workspace's acts. */
  async function signedClient(values: Record<string, unknown>): Promise<{
    c: RegisterClient
    key: OpenedKey
    acting: { text: string; passphrase: string }
  }> {
    const url = str(values['url']) ?? process.env['AUDITOR_WORKBENCH_REGISTER_URL']
    if (!url) throw d.usage('--url URL is required (or AUDITOR_WORKBENCH_REGISTER_URL)')
    // asked for once per command: on a terminal without a passphrase in the environment, this prompts
    const acting = await d.actingKey(str(values['key']))
    const key = openPrivateKey(acting.text, acting.passphrase || null)
    return { c: registerClient(url, key, clock), key, acting }
  }
  const client = async (values: Record<string, unknown>): Promise<RegisterClient> =>
    (await signedClient(values)).c
  /** Prints the answer (JSON with --json); the exit code from its status. */
  function answer(r: RegisterAnswer, json: boolean, ok: (v: Record<string, unknown>) => void): number {
    if (r.status >= 200 && r.status < 300) {
      if (json) d.out(JSON.stringify(r.json ?? { ok: true }, null, 2))
      else ok(r.json ?? {})
      return EXIT.ok
    }
    if (json) d.out(JSON.stringify({ ok: false, status: r.status, ...(r.json ?? {}) }, null, 2))
    else {
      d.err(
        `error (HTTP ${r.status}): ${String(r.json?.['message'] ?? r.body.toString('utf8').slice(0, 500))}`
      )
      const common = r.json?.['commonHead'] as { seq: number; key: string } | null | undefined
      if (r.json?.['error'] === 'DIVERGED')
        d.err(`  common head: ${common ? `entry ${common.seq} (${common.key})` : 'none'}`)
    }
    return r.status >= 500 ? EXIT.failed : EXIT.rejected
  }

  /** A hand-over push is refused before anything is appended where the register would refuse the push. */
  async function mayHandOver(
    c: RegisterClient,
    caseId: string,
    workspace: string | undefined,
    fingerprint: string
  ): Promise<void> {
    const r = await c.request('GET', `/cases/${encodeURIComponent(caseId)}`)
    if (r.status === 404) return
    if (r.status !== 200)
      throw new DomainError(
        'CONFLICT',
        `The register refused (HTTP ${r.status}): ${String(r.json?.['message'] ?? '')}`
      )
    const reg = r.json as unknown as {
      head: { key: string; entries: number }
      holder: { name: string; fingerprint: string } | null
    }
    if (reg.holder && reg.holder.fingerprint !== fingerprint)
      throw new DomainError(
        'CONFLICT',
        `Case ${caseId} is checked out at the register by ${reg.holder.name}; it cannot be handed over from here. Nothing was recorded.`
      )
    const local = await d.call(workspace, 'cases:audit', [caseId])
    if (local[reg.head.entries - 1]?.caseHash !== reg.head.key)
      throw new DomainError(
        'CONFLICT',
        `The register's copy of case ${caseId} has entries this workspace lacks (its head is entry ${reg.head.entries}): pull it first (register pull). Nothing was recorded.`
      )
  }

  switch (sub) {
    case 'serve': {
      const { values } = d.parse(args, {
        ...SERVER,
        listen: { type: 'string' },
        trust: { type: 'string' },
        'allowed-signers': { type: 'string' },
        'max-body': { type: 'string' }
      })
      const listen = need(values['listen'], '--listen')
      const m = /^(.*):(\d+)$/.exec(listen)
      if (!m) throw d.usage('--listen must be HOST:PORT (for example 127.0.0.1:8080)')
      const { migrateRegister, openPool } = await import('./pg')
      const { startRegisterServer, DEFAULT_MAX_BODY } = await import('./server')
      const { builtVerifyWorkerFile } = await import('../pdf/verify-worker-file')
      const trustFile = str(values['trust'])
      const trust = trustFile
        ? (await import('../pdf/trust')).parseTrustPem(
            readFileSync(resolve(trustFile), 'utf8'),
            resolve(trustFile)
          )
        : null
      const signersFile = str(values['allowed-signers'])
      const allowedSigners = signersFile
        ? (await import('../import/sshsig')).parseAllowedSigners(readFileSync(resolve(signersFile), 'utf8'))
        : null
      const pool = openPool(pgUrl(values['pg']))
      await migrateRegister(pool)
      const s = await startRegisterServer(
        {
          pool,
          clock,
          trust,
          allowedSigners,
          maxBody: values['max-body'] ? Number(values['max-body']) : DEFAULT_MAX_BODY,
          verifyWorkerFile: builtVerifyWorkerFile(import.meta.dirname),
          log: (msg) => d.err(`${new Date().toISOString()} ${msg}`)
        },
        m[1]!.replace(/^\[(.*)\]$/, '$1'),
        Number(m[2])
      )
      d.out(
        `Register listening on ${s.url}${trust ? '' : ' (no --trust: signed verdicts cannot be registered)'}${allowedSigners ? '' : ' (no --allowed-signers: bundles with signed reports are refused)'}`
      )
      await new Promise<void>((done) => {
        process.once('SIGTERM', done)
        process.once('SIGINT', done)
      })
      await s.close()
      await pool.end()
      return EXIT.ok
    }
    case 'init': {
      const { values } = d.parse(args, { ...SERVER, 'admin-pubkey': { type: 'string' } })
      const file = resolve(need(values['admin-pubkey'], '--admin-pubkey'))
      const { migrateRegister, openPool, LATEST_REGISTER_SCHEMA } = await import('./pg')
      const { addAdmin } = await import('./store')
      const pool = openPool(pgUrl(values['pg']))
      try {
        const was = await migrateRegister(pool)
        const a = await addAdmin(pool, readFileSync(file, 'utf8'), clock())
        d.out(
          values['json']
            ? JSON.stringify(
                { schemaBefore: was, schema: LATEST_REGISTER_SCHEMA, admin: a.fingerprint, added: a.added },
                null,
                2
              )
            : `Register database at schema v${LATEST_REGISTER_SCHEMA} (was v${was}); administrator key ${a.fingerprint} ${a.added ? 'added' : 'was already there'}.`
        )
      } finally {
        await pool.end()
      }
      return EXIT.ok
    }
    case 'roster': {
      const [what, ...more] = args
      if (what === 'add') {
        const { values } = d.parse(more, { ...CLIENT, name: { type: 'string' }, pubkey: { type: 'string' } })
        const publicKey = readFileSync(resolve(need(values['pubkey'], '--pubkey')), 'utf8').trim()
        const c = await client(values)
        const r = await jsonRequest(c, 'POST', '/roster', { name: need(values['name'], '--name'), publicKey })
        return answer(r, !!values['json'], (v) =>
          d.out(`Added ${String(v['name'])} (${String(v['fingerprint'])}) to the register's roster.`)
        )
      }
      if (what === 'list') {
        const { values } = d.parse(more, CLIENT)
        const r = await (await client(values)).request('GET', '/roster')
        return answer(r, !!values['json'], (v) => {
          for (const a of v['roster'] as { name: string; fingerprint: string }[])
            d.out(`${a.name}\t${a.fingerprint}`)
        })
      }
      throw d.usage('use: register roster add|list')
    }
    case 'push': {
      const { values, positionals } = d.parse(
        args,
        {
          ...CLIENT,
          case: { type: 'string' },
          'hand-over': { type: 'boolean' },
          comment: { type: 'string' }
        },
        true
      )
      const handOver = !!values['hand-over']
      const { c, key, acting } = await signedClient(values)
      let bytes: Buffer
      let caseId: string
      let workspace: string | undefined
      if (positionals.length === 1 && !values['case'] && !handOver) {
        bytes = readFileSync(resolve(positionals[0]!))
        const { readBundle } = await import('../bundle/case-bundle')
        caseId = (await readBundle(basename(positionals[0]!), bytes)).manifest.case.id
      } else if (positionals.length === 0 && values['case']) {
        caseId = need(values['case'], '--case')
        workspace = str(values['db'])
        // a hand-over locks the local copy: first make sure the register will take it (it holds no newer
        // entry of the case, and nobody else holds it), so that a refused push leaves no hand-over behind
        if (handOver) await mayHandOver(c, caseId, workspace, key.fingerprint)
        const exported = await d.call(
          workspace,
          'bundle:export',
          [caseId, { handOver, comment: str(values['comment']) ?? '' }],
          acting
        )
        bytes = Buffer.from(exported.base64, 'base64')
      } else
        throw d.usage(
          'register push takes --case ID (from the workspace; --hand-over locks it here) or one FILE.awcase'
        )
      const r = await c.request('PUT', `/cases/${encodeURIComponent(caseId)}/bundle`, bytes)
      const code = answer(r, !!values['json'], (v) => {
        const head = v['head'] as { seq: number; entries: number }
        d.out(
          `Pushed case ${caseId}: ${String(v['outcome'])}; the register's head is entry ${head.seq} (${head.entries} entries).${v['checkedIn'] ? ' The hand-over checked the case in at the register: anyone may check it out.' : ''}${handOver ? ` Case ${caseId} is handed over: nothing is recorded on it here until its bundle comes back (register pull) or you take it back (bundle take-back).` : ''}`
        )
      })
      if (r.json?.['error'] === 'DIVERGED' && !values['json'] && positionals.length === 0) {
        // the conflict per criterion, as bundle import shows it: the register's copy against this one
        const theirs = await c.request('GET', `/cases/${encodeURIComponent(caseId)}/bundle`)
        if (theirs.status === 200) {
          const x = await d.call(workspace, 'bundle:import', [
            { name: `${caseId}.awcase (the register's copy)`, base64: theirs.body.toString('base64') }
          ])
          if (x.outcome === 'diverged') for (const line of conflictLines(x.conflict, 'register')) d.err(line)
        }
      }
      return code
    }
    case 'pull': {
      const { values } = d.parse(args, {
        ...CLIENT,
        case: { type: 'string' },
        out: { type: 'string' },
        'verify-only': { type: 'boolean' }
      })
      const caseId = need(values['case'], '--case')
      const out = str(values['out']) ? resolve(str(values['out'])!) : null
      if (values['verify-only'] && !out) throw d.usage('register pull --verify-only needs --out FILE.awcase')
      const r = await (await client(values)).request('GET', `/cases/${encodeURIComponent(caseId)}/bundle`)
      if (r.status !== 200) return answer(r, !!values['json'], () => undefined)
      const name = `${caseId}.awcase (the register's copy)`
      const { readBundle } = await import('../bundle/case-bundle')
      const b = await readBundle(name, r.body) // checked whole before it is written or opened
      if (out) writeFileSync(out, r.body, { flag: 'wx' })
      const wrote = out
        ? `Wrote ${out}: case ${caseId}, ${b.entries.length} log entries up to entry ${b.manifest.head.caseSeq}, pushed by ${b.manifest.exporter.name}; verified.`
        : null
      if (values['verify-only']) {
        d.out(
          values['json']
            ? JSON.stringify({ file: out, caseId, head: b.manifest.head, entries: b.entries.length }, null, 2)
            : wrote!
        )
        return EXIT.ok
      }
      // opened into the workspace as `bundle import` opens a bundle: created, fast-forward, or refused
      const x = await d.call(str(values['db']), 'bundle:import', [
        { name, base64: r.body.toString('base64') }
      ])
      if (values['json']) d.out(JSON.stringify({ file: out, ...x }, null, 2))
      else {
        if (wrote) d.out(wrote)
        d.out(x.message)
        if (x.conflict) {
          d.out(
            `  the register's common head with this workspace: entry ${x.conflict.commonHead.seq}${x.conflict.commonHead.hash ? ` (${x.conflict.commonHead.hash})` : ''}`
          )
          for (const line of conflictLines(x.conflict, 'register')) d.out(line)
        }
      }
      return x.outcome === 'diverged' || x.outcome === 'behind' ? EXIT.rejected : EXIT.ok
    }
    case 'list': {
      const { values } = d.parse(args, CLIENT)
      const c = await client(values)
      const cases = await c.request('GET', '/cases')
      const certs = await c.request('GET', '/certificates')
      if (cases.status !== 200) return answer(cases, !!values['json'], () => undefined)
      if (certs.status !== 200) return answer(certs, !!values['json'], () => undefined)
      if (values['json']) d.out(JSON.stringify({ ...cases.json, ...certs.json }, null, 2))
      else {
        d.out('Cases:')
        for (const k of cases.json!['cases'] as {
          caseId: string
          title: string
          head: { seq: number }
          holder: { name: string } | null
        }[])
          d.out(
            `  ${k.caseId}\thead entry ${k.head.seq}\t${k.holder ? `held by ${k.holder.name}` : 'free'}\t${k.title}`
          )
        d.out('Certificates:')
        for (const k of certs.json!['certificates'] as {
          verdictId: string
          outcome: string
          validUntil: string
          revocation: unknown
        }[])
          d.out(
            `  ${k.verdictId}\t${k.outcome}\tvalid until ${k.validUntil}${k.revocation ? '\tREVOKED' : ''}`
          )
      }
      return EXIT.ok
    }
    case 'checkout':
    case 'checkin': {
      const { values } = d.parse(args, { ...CLIENT, case: { type: 'string' } })
      const caseId = need(values['case'], '--case')
      const r = await (await client(values)).request('POST', `/cases/${encodeURIComponent(caseId)}/${sub}`)
      return answer(r, !!values['json'], (v) => {
        const h = v['holder'] as { name: string } | null
        d.out(h ? `Case ${caseId} is checked out by ${h.name}.` : `Case ${caseId} is checked in (free).`)
      })
    }
    case 'certify': {
      const { values, positionals } = d.parse(args, CLIENT, true)
      if (positionals.length !== 1) throw d.usage('register certify takes one signed verdict PDF')
      const pdf = readFileSync(resolve(positionals[0]!))
      const r = await (await client(values)).request('POST', '/certificates', pdf, 'application/pdf')
      return answer(r, !!values['json'], (v) =>
        d.out(
          `Registered certificate ${String(v['verdictId'])}: ${String(v['outcomeName'])}, ${(v['subjects'] as string[]).join(', ')}, valid ${String(v['validFrom'])} to ${String(v['validUntil'])}.`
        )
      )
    }
    case 'revoke': {
      const { values } = d.parse(args, { ...CLIENT, verdict: { type: 'string' }, reason: { type: 'string' } })
      const id = need(values['verdict'], '--verdict')
      const r = await jsonRequest(
        await client(values),
        'POST',
        `/certificates/${encodeURIComponent(id)}/revoke`,
        { reason: need(values['reason'], '--reason') }
      )
      return answer(r, !!values['json'], () =>
        d.out(`Revoked certificate ${id}. Run register publish to update the revocation list.`)
      )
    }
    case 'publish':
    case 'due': {
      const { values } = d.parse(args, { ...SERVER, out: { type: 'string' } })
      const { openPool, migrateRegister } = await import('./pg')
      const pool = openPool(pgUrl(values['pg']))
      try {
        await migrateRegister(pool)
        const { publishSite, dueList } = await import('./publish')
        if (sub === 'publish') {
          const p = await publishSite(pool, resolve(need(values['out'], '--out')), clock())
          d.out(
            values['json']
              ? JSON.stringify(p, null, 2)
              : `Published ${p.certificates} certificate(s), ${p.revoked} revoked, to ${p.dir}.`
          )
        } else {
          const due = await dueList(pool, clock())
          if (values['json']) d.out(JSON.stringify(due, null, 2))
          else if (due.length === 0) d.out('Nothing is due.')
          else for (const x of due) d.out(describeDue(x))
        }
      } finally {
        await pool.end()
      }
      return EXIT.ok
    }
    default:
      throw d.usage(`unknown register subcommand "${sub ?? ''}"\n${REGISTER_USAGE}`)
  }
}
