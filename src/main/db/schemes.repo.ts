import type { Db } from './connection'
import type { ScopeDef, SchemeDetail, SchemeKind, SchemeSummary } from '../../shared/domain/types'
import { mergeGuideline, OPC_SCHEME_ID } from '../../shared/domain/opc'
import { scopeRevisionDate } from '../../shared/domain/scope'
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
  updatedAt: r.updated_at
})

export type ScopeUpsertOutcome = 'added' | 'updated' | 'unchanged' | 'older'

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
  const insCriterion =
    db.prepare(`INSERT INTO criteria (scheme_id, id, kind, name, url) VALUES (?, ?, 'module', ?, ?)
    ON CONFLICT DO UPDATE SET name = excluded.name, url = excluded.url`)
  const insTestcase =
    db.prepare(`INSERT INTO testcases (scheme_id, id, description, url, lifetime, section) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET description = excluded.description, url = excluded.url, lifetime = excluded.lifetime, section = excluded.section`)
  const delVersionCriteria = db.prepare('DELETE FROM version_criteria WHERE scheme_id = ?')
  const delCriterionTestcases = db.prepare('DELETE FROM criterion_testcases WHERE scheme_id = ?')
  const insVersionCriterion = db.prepare(
    'INSERT INTO version_criteria (scheme_id, version, criterion_id, position, parameters) VALUES (?, ?, ?, ?, ?)'
  )
  const insCriterionTestcase = db.prepare(
    'INSERT OR IGNORE INTO criterion_testcases (scheme_id, criterion_id, testcase_id, target) VALUES (?, ?, ?, ?)'
  )

  const scopeOf = (r: SchemeRow): ScopeDef => JSON.parse(r.definition) as ScopeDef
  const detailOf = (r: SchemeRow): SchemeDetail => {
    const scope = scopeOf(r)
    return { ...toSummary(r, scope), scope }
  }

  function writeDerived(id: string, scope: ScopeDef): void {
    delVersionCriteria.run(id)
    delCriterionTestcases.run(id)
    scope.testcases.forEach((t) => insTestcase.run(id, t.id, t.description, t.url, t.lifetime, t.section))
    scope.modules.forEach((m) => {
      insCriterion.run(id, m.id, m.name, m.url)
      for (const [target, ids] of Object.entries(m.targets))
        ids.forEach((tc) => insCriterionTestcase.run(id, m.id, tc, target))
    })
    scope.versions.forEach((v, i) => {
      insVersion.run(id, v.version, v.stabilizedAt, i)
      v.criteria.forEach((c, j) =>
        insVersionCriterion.run(id, v.version, c, j, JSON.stringify(v.parameters[c] ?? {}))
      )
    })
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
     * Adds a scope, or updates the stored one when the incoming copy is at least as new (by its latest
     * timeline or stabilisation date). Identity is the scope uuid; `id` names a new scheme. Call in a transaction.
     */
    upsertScope(
      id: string,
      scope: ScopeDef,
      opts: { builtin: boolean; sha256: string | null }
    ): { id: string; outcome: ScopeUpsertOutcome } {
      const existing = byUuid.get(scope.uuid) ?? null
      const sameId = byId.get(id)
      if (!existing && sameId && sameId.uuid !== scope.uuid) {
        throw new DomainError(
          'CONFLICT',
          `A scheme "${id}" already exists with another uuid (${sameId.uuid ?? 'none'}).`
        )
      }
      const targetId = existing?.id ?? id
      let definition = scope
      let outcome: ScopeUpsertOutcome = 'added'
      if (existing) {
        if (existing.source_sha256 && existing.source_sha256 === opts.sha256)
          return { id: targetId, outcome: 'unchanged' }
        const stored = scopeOf(existing)
        if (scopeRevisionDate(scope) < scopeRevisionDate(stored)) return { id: targetId, outcome: 'older' }
        definition = mergeScopes(stored, scope)
        outcome = 'updated'
      }
      upsert.run({
        id: targetId,
        kind: 'scs-scope',
        name: definition.name,
        uuid: definition.uuid,
        url: definition.url,
        builtin: opts.builtin || existing?.builtin === 1 ? 1 : 0,
        revision: scopeRevisionDate(definition),
        definition: JSON.stringify(definition),
        sha: opts.sha256,
        now: clock().toISOString()
      })
      writeDerived(targetId, definition)
      return { id: targetId, outcome }
    },
    /** Adds or replaces a points scheme (SCS-0007) from its rule file: criteria and versions, no testcases. */
    upsertScoring(id: string, def: ScopeDef, sha256: string): ScopeUpsertOutcome {
      const existing = byId.get(id)
      if (existing?.source_sha256 === sha256) return 'unchanged'
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
      writeDerived(id, def)
      return existing ? 'updated' : 'added'
    },
    /** Adds (or replaces) one guideline version of the OpenStack Powered Compute scheme. Call in a transaction. */
    upsertGuideline(guideline: ScopeDef): { id: string; outcome: ScopeUpsertOutcome } {
      const existing = byId.get(OPC_SCHEME_ID)
      const stored = existing ? scopeOf(existing) : null
      const merged = mergeGuideline(stored, guideline)
      const outcome: ScopeUpsertOutcome = stored ? 'updated' : 'added'
      upsert.run({
        id: OPC_SCHEME_ID,
        kind: 'interop-guideline',
        name: merged.name,
        uuid: null,
        url: merged.url,
        builtin: existing?.builtin ?? 0,
        revision: scopeRevisionDate(merged),
        definition: JSON.stringify(merged),
        sha: null,
        now: clock().toISOString()
      })
      writeDerived(OPC_SCHEME_ID, merged)
      return { id: OPC_SCHEME_ID, outcome }
    }
  }
}
export type SchemesRepo = ReturnType<typeof createSchemesRepo>
