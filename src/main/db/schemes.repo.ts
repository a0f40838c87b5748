import { nodeCrypto } from '../node-crypto'
import type { Db } from './connection'
import type { ScopeDef, SchemeDetail, SchemeKind, SchemeSummary } from '../../shared/domain/types'
import { mergeGuideline, OPC_SCHEME_ID } from '../../shared/domain/opc-scheme'
import { scopeRevisionDate } from '../../shared/domain/scope-status'
import { DomainError } from '../errors'
import { systemClock, type Clock } from '../clock'

interface SchemeRow {
  id: string
  kind: string
  name: string
  uuid: string | null
  url: string
  builtin: number
  revision: string
  definition: string
  source_sha256: string | null
  updated_at: string
}

const toSummary = (r: SchemeRow, scope: ScopeDef): SchemeSummary => ({
  id: r.id,
  kind: r.kind as SchemeKind,
  name: r.name,
  uuid: r.uuid ?? '',
  url: r.url,
  builtin: r.builtin === 1,
  versions: scope.versions.map((v) => v.version),
  updatedAt: r.updated_at,
  sha256: definitionSha256(r.definition)
})

/** The hash of a stored scheme definition: what a verdict records to name the exact scheme it used. */
export const definitionSha256 = (definition: string): string =>
  nodeCrypto().createHash('sha256').update(definition).digest('hex')

export type ScopeUpsertOutcome = 'added' | 'updated' | 'unchanged' | 'older'

/** What writing a scope or guideline would do; nothing is written until `apply`. */
export interface SchemePlan {
  readonly id: string
  readonly kind: 'scs-scope' | 'interop-guideline'
  readonly outcome: ScopeUpsertOutcome
  /** the stored definition, or null for a new scheme */
  readonly before: ScopeDef | null
  /** the definition that would be stored (the incoming copy merged with the stored one) */
  readonly after: ScopeDef
  readonly sha256: string | null
  readonly builtin: boolean
}

/**
 * Merges an incoming copy of a scope into the stored one. Scope files prune old versions (scs-0003);
 * cases may still refer to them, so versions, modules and testcases that the new copy dropped are kept.
 * The new copy wins for everything it defines, and its timeline replaces the old one.
 */
export function mergeScopes(stored: ScopeDef, incoming: ScopeDef): ScopeDef {
  const keptVersions = stored.versions.filter((v) => !incoming.versions.some((n) => n.version === v.version))
  const modules = new Map(incoming.modules.map((m) => [m.id, m]))
  const testcases = new Map(incoming.testcases.map((t) => [t.id, t]))
  for (const v of keptVersions) {
    for (const mid of v.criteria) {
      const m = stored.modules.find((x) => x.id === mid)
      if (m && !modules.has(mid)) {
        modules.set(mid, m)
        for (const ids of Object.values(m.targets)) {
          for (const tc of ids) {
            const def = stored.testcases.find((t) => t.id === tc)
            if (def && !testcases.has(tc)) testcases.set(tc, def)
          }
        }
      }
    }
  }
  return {
    ...incoming,
    modules: [...modules.values()],
    testcases: [...testcases.values()],
    versions: [...incoming.versions, ...keptVersions]
  }
}

export function createSchemesRepo(db: Db, clock: Clock = systemClock) {
  const all = db.prepare<[], SchemeRow>('SELECT * FROM schemes ORDER BY id')
  const byId = db.prepare<[string], SchemeRow>('SELECT * FROM schemes WHERE id = ?')
  const byUuid = db.prepare<[string], SchemeRow>('SELECT * FROM schemes WHERE uuid = ?')
  const upsert = db.prepare(`
    INSERT INTO schemes (id, kind, name, uuid, url, builtin, revision, definition, source_sha256, updated_at)
    VALUES (@id, @kind, @name, @uuid, @url, @builtin, @revision, @definition, @sha, @now)
    ON CONFLICT (id) DO UPDATE SET name = @name, uuid = @uuid, url = @url, revision = @revision,
      definition = @definition, source_sha256 = @sha, updated_at = @now`)
  const insVersion =
    db.prepare(`INSERT INTO scheme_versions (scheme_id, version, stabilized_at, position) VALUES (?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET stabilized_at = excluded.stabilized_at, position = excluded.position`)
  const scopeOf = (r: SchemeRow): ScopeDef => JSON.parse(r.definition) as ScopeDef
  const detailOf = (r: SchemeRow): SchemeDetail => {
    const scope = scopeOf(r)
    return { ...toSummary(r, scope), scope }
  }

  /** the scheme's versions, which `cases (scheme_id, scheme_version)` references */
  function writeVersions(id: string, scope: ScopeDef): void {
    scope.versions.forEach((v, i) => insVersion.run(id, v.version, v.stabilizedAt, i))
  }

  return {
    list: (): SchemeSummary[] => all.all().map((r) => toSummary(r, scopeOf(r))),
    get(id: string): SchemeDetail {
      const r = byId.get(id)
      if (!r)
        throw new DomainError(
          'NOT_FOUND',
          `No scheme "${id}". Known schemes: ${
            all
              .all()
              .map((x) => x.id)
              .join(', ') || 'none'
          }.`
        )
      const scope = scopeOf(r)
      return { ...toSummary(r, scope), scope }
    },
    /** One scheme by id, or null: reads and parses only that scheme's definition. */
    find(id: string): SchemeDetail | null {
      const r = byId.get(id)
      return r ? detailOf(r) : null
    },
    findByUuid(uuid: string): SchemeDetail | null {
      const r = byUuid.get(uuid.toLowerCase())
      return r ? detailOf(r) : null
    },
    /**
     * What adding or updating a scope would do: identity is the scope uuid (`id` names a new scheme); an
     * incoming copy with the stored file's hash is unchanged, one with an earlier revision date is older.
     */
    planScope(id: string, scope: ScopeDef, opts: { builtin: boolean; sha256: string | null }): SchemePlan {
      const existing = byUuid.get(scope.uuid) ?? null
      const sameId = byId.get(id)
      if (!existing && sameId && sameId.uuid !== scope.uuid) {
        throw new DomainError(
          'CONFLICT',
          `A scheme "${id}" already exists with another uuid (${sameId.uuid ?? 'none'}).`
        )
      }
      const base = { kind: 'scs-scope' as const, sha256: opts.sha256 }
      if (!existing)
        return { ...base, id, outcome: 'added', before: null, after: scope, builtin: opts.builtin }
      const stored = scopeOf(existing)
      const builtin = opts.builtin || existing.builtin === 1
      const same = { ...base, id: existing.id, before: stored, after: stored, builtin }
      if (existing.source_sha256 && existing.source_sha256 === opts.sha256)
        return { ...same, outcome: 'unchanged' }
      if (scopeRevisionDate(scope) < scopeRevisionDate(stored)) return { ...same, outcome: 'older' }
      return { ...same, outcome: 'updated', after: mergeScopes(stored, scope) }
    },
    /** What adding one guideline version to the OpenStack Powered Compute scheme would do. */
    planGuideline(guideline: ScopeDef, sha256: string | null): SchemePlan {
      const existing = byId.get(OPC_SCHEME_ID)
      const stored = existing ? scopeOf(existing) : null
      const after = mergeGuideline(stored, guideline)
      const unchanged = !!stored && JSON.stringify(after) === JSON.stringify(stored)
      return {
        id: OPC_SCHEME_ID,
        kind: 'interop-guideline',
        outcome: !stored ? 'added' : unchanged ? 'unchanged' : 'updated',
        before: stored,
        after,
        sha256,
        builtin: existing?.builtin === 1
      }
    },
    /** Writes a plan (added or updated; other outcomes write nothing). Call in a transaction. */
    apply(plan: SchemePlan): void {
      if (plan.outcome !== 'added' && plan.outcome !== 'updated') return
      const d = plan.after
      upsert.run({
        id: plan.id,
        kind: plan.kind,
        name: d.name,
        uuid: plan.kind === 'scs-scope' ? d.uuid : null,
        url: d.url,
        builtin: plan.builtin ? 1 : 0,
        revision: scopeRevisionDate(d),
        definition: JSON.stringify(d),
        sha: plan.sha256,
        now: clock().toISOString()
      })
      writeVersions(plan.id, d)
    },
    /** Adds or replaces a points scheme (SCS-0007) from its rule file: criteria and versions, no testcases. */
    upsertScoring(id: string, def: ScopeDef, sha256: string): ScopeUpsertOutcome {
      const existing = byId.get(id)
      // the same rule file and the same definition (a newer build may derive more from the same file)
      if (existing?.source_sha256 === sha256 && existing.definition === JSON.stringify(def))
        return 'unchanged'
      upsert.run({
        id,
        kind: 'scoring',
        name: def.name,
        uuid: null,
        url: def.url,
        builtin: 1,
        revision: scopeRevisionDate(def),
        definition: JSON.stringify(def),
        sha: sha256,
        now: clock().toISOString()
      })
      writeVersions(id, def)
      return existing ? 'updated' : 'added'
    }
  }
}
export type SchemesRepo = ReturnType<typeof createSchemesRepo>
