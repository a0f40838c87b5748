/**
 * Self-assessment submissions (docs: ../shared/docs/formats/self-assessment.md, format version 1).
 * The JSON Schema in resources/schemas checks the shape; this module turns a valid document into the
 * domain type, keeps unknown keys aside (shown, stored, never scored) and checks what a schema cannot:
 * references between answers and subjects, duplicates, and the fields integrator schemes require.
 */
import { InputError } from '../format/input-error'

export type Claim = 'met' | 'partially-met' | 'not-met' | 'not-applicable'
export type SubjectRole = 'brought-into-production' | 'managed' | 'operated'
type Extra = Readonly<Record<string, unknown>>

export interface SubmissionSubject {
  readonly id: string
  readonly name: string | null
  readonly kind: 'iaas' | 'kaas'
  readonly scope: string | null
  readonly scopeVersion: string | null
  readonly role: SubjectRole | null
  readonly thirdParty: boolean | null
  readonly publicCloud: boolean | null
  readonly since: string | null
  readonly until: string | null
  readonly regions: number | null
  readonly availabilityZones: number | null
  readonly joint: { readonly partners: readonly string[]; readonly ownShare: string | null } | null
  readonly figures: Readonly<Record<string, number>>
  readonly extra: Extra
}

export interface EvidenceLink {
  readonly title: string
  readonly ref: string
  readonly date: string | null
  /** the SHA-256 (hex) of an `attachment:` document, where the self-assessment gives it: the bytes must match */
  readonly sha256?: string | null
}

export interface SubmissionAnswer {
  readonly criterion: string
  /** '' when the submission has one subject and the answer names none */
  readonly subject: string
  readonly claim: Claim
  readonly statement: string
  readonly evidence: readonly EvidenceLink[]
  readonly figures: Readonly<Record<string, number>>
  readonly extra: Extra
}

export interface Submission {
  readonly formatVersion: 1
  readonly scheme: string
  readonly schemeVersion: string
  readonly tier: string | null
  readonly submittedAt: string
  readonly applicant: {
    readonly name: string
    readonly id: string | null
    readonly address: string | null
    readonly contact: { readonly name: string; readonly email: string } | null
  }
  readonly partners: readonly { readonly name: string; readonly role: string }[]
  readonly subjects: readonly SubmissionSubject[]
  readonly answers: readonly SubmissionAnswer[]
  readonly extra: Extra
}

export const SUPPORTED_FORMAT_VERSION = 1

/**
 * THE rule for ids that name a thing across files: self-assessment subject ids (the JSON Schema's
 * `$defs.id`, kept equal to this by a test), report subjects, JUnit hostnames and RefStack cpids.
 * ASCII only, so that invisible characters, bidi overrides and look-alike letters from other scripts
 * (a Cyrillic "о" in "demо-cloud") can never make two different subjects display alike.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/
export const ID_MAX_LENGTH = 200

function describeChar(ch: string): string {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
  if (/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u.test(ch)) return `${code} (a bidirectional override)`
  if (/\p{Cf}/u.test(ch)) return `${code} (an invisible format character)`
  if (/\p{Script=Cyrillic}/u.test(ch)) return `${code} (a Cyrillic letter)`
  if (/\p{Script=Greek}/u.test(ch)) return `${code} (a Greek letter)`
  if (/\s/u.test(ch)) return `${code} (white space)`
  if (/\p{Cc}/u.test(ch)) return `${code} (a control character)`
  return `${code} "${ch}"`
}

/** Refuses a value that is not an id: InputError naming the file, the place and the character. */
export function checkId(file: string, place: string, value: string, what = 'subject'): void {
  const problem = idProblem(value)
  if (problem) throw new InputError(file, place, `the ${what} ${problem}`)
}

/** Why a value is not an id by ID_PATTERN (with the offending character), or null when it is one. */
export function idProblem(value: string): string | null {
  if (value.length === 0) return 'is empty'
  if (value.length > ID_MAX_LENGTH)
    return `is ${value.length} characters long; an id has at most ${ID_MAX_LENGTH}`
  if (ID_PATTERN.test(value)) return null
  const chars = [...value]
  const i = chars.findIndex((ch, k) => !(k === 0 ? /[A-Za-z0-9]/ : /[A-Za-z0-9._:/-]/).test(ch))
  return `contains ${describeChar(chars[i]!)} at character ${i + 1}; an id is ASCII letters, digits and . _ : / - (starting with a letter or digit), so that look-alike and invisible characters cannot pass for another subject`
}

/** The keys of a subject, in the order of the format's table (the XLSX Subjects sheet uses it too). */
export const SUBJECT_KEYS = [
  'id',
  'name',
  'kind',
  'scope',
  'scopeVersion',
  'role',
  'thirdParty',
  'publicCloud',
  'since',
  'until',
  'regions',
  'availabilityZones',
  'joint',
  'figures'
] as const

const KNOWN = {
  top: [
    'formatVersion',
    'kind',
    'scheme',
    'schemeVersion',
    'tier',
    'submittedAt',
    'applicant',
    'partners',
    'subjects',
    'answers'
  ],
  subject: SUBJECT_KEYS,
  answer: ['criterion', 'subject', 'claim', 'statement', 'evidence', 'figures']
}

/** A fresh object with the keys a format does not define (never Object.assign onto parsed input). */
function extras(value: Record<string, unknown>, known: readonly string[]): Extra {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const key of Object.keys(value)) if (!known.includes(key)) out[key] = value[key]
  return Object.keys(out).length ? { ...out } : {}
}

export function looksLikeSubmission(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'self-assessment'
  )
}

/** Refuses a newer format before the schema runs, so the message says what is wrong. */
export function checkFormatVersion(file: string, value: Record<string, unknown>): void {
  const v = value['formatVersion']
  if (typeof v === 'number' && Number.isInteger(v) && v > SUPPORTED_FORMAT_VERSION) {
    throw new InputError(
      file,
      'formatVersion',
      `format version ${v} is newer than this build understands (${SUPPORTED_FORMAT_VERSION}); update Auditor Workbench`
    )
  }
}

export const isIntegratorScheme = (scheme: string): boolean => scheme.startsWith('scs-integrator')

type Obj = Record<string, unknown>
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null)
const figures = (v: unknown): Record<string, number> => {
  const out: Record<string, number> = {}
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) if (typeof x === 'number') out[k] = x
  return out
}

/** Converts a schema-valid document and checks its cross-references. */
export function toSubmission(file: string, doc: Obj): Submission {
  const subjects = (doc['subjects'] as Obj[]).map((s): SubmissionSubject => {
    const joint = s['joint'] as Obj | undefined
    return {
      id: s['id'] as string,
      name: str(s['name']),
      kind: s['kind'] as 'iaas' | 'kaas',
      scope: str(s['scope']),
      scopeVersion: str(s['scopeVersion']),
      role: str(s['role']) as SubjectRole | null,
      thirdParty: bool(s['thirdParty']),
      publicCloud: bool(s['publicCloud']),
      since: str(s['since']),
      until: str(s['until']),
      regions: num(s['regions']),
      availabilityZones: num(s['availabilityZones']),
      joint: joint
        ? { partners: [...(joint['partners'] as string[])], ownShare: str(joint['ownShare']) }
        : null,
      figures: figures(s['figures']),
      extra: extras(s, KNOWN.subject)
    }
  })
  const ids = new Map<string, number>()
  subjects.forEach((s, i) => {
    if (ids.has(s.id))
      throw new InputError(
        file,
        `subjects[${i}].id`,
        `subject "${s.id}" is listed twice (first at subjects[${ids.get(s.id)}])`
      )
    ids.set(s.id, i)
  })
  const scheme = doc['scheme'] as string
  if (isIntegratorScheme(scheme)) {
    subjects.forEach((s, i) => {
      for (const key of ['role', 'thirdParty', 'since'] as const) {
        if (s[key] === null)
          throw new InputError(
            file,
            `subjects[${i}].${key}`,
            `${key} is required for integrator schemes (${scheme})`
          )
      }
    })
  }
  subjects.forEach((s, i) => {
    if (s.since && s.until && s.until < s.since)
      throw new InputError(file, `subjects[${i}].until`, `until (${s.until}) is before since (${s.since})`)
  })
  const seen = new Map<string, number>()
  const answers = (doc['answers'] as Obj[]).map((a, i): SubmissionAnswer => {
    let subject = str(a['subject']) ?? ''
    if (!subject && subjects.length > 1) {
      throw new InputError(
        file,
        `answers[${i}].subject`,
        'subject is required when the submission has more than one subject'
      )
    }
    if (subject && !ids.has(subject)) {
      throw new InputError(
        file,
        `answers[${i}].subject`,
        `"${subject}" is not one of the subjects (${[...ids.keys()].join(', ')})`
      )
    }
    if (!subject) subject = subjects[0]!.id
    const key = `${a['criterion'] as string}\u0000${subject}`
    if (seen.has(key)) {
      throw new InputError(
        file,
        `answers[${i}]`,
        `criterion "${a['criterion'] as string}" is answered twice for subject "${subject}" (first at answers[${seen.get(key)}])`
      )
    }
    seen.set(key, i)
    return {
      criterion: a['criterion'] as string,
      subject,
      claim: a['claim'] as Claim,
      statement: str(a['statement']) ?? '',
      evidence: ((a['evidence'] as Obj[] | undefined) ?? []).map((e) => ({
        title: e['title'] as string,
        ref: e['ref'] as string,
        date: str(e['date']),
        ...(typeof e['sha256'] === 'string' ? { sha256: e['sha256'].toLowerCase() } : {})
      })),
      figures: figures(a['figures']),
      extra: extras(a, KNOWN.answer)
    }
  })
  const applicant = doc['applicant'] as Obj
  const contact = applicant['contact'] as Obj | undefined
  return {
    formatVersion: 1,
    scheme,
    schemeVersion: doc['schemeVersion'] as string,
    tier: str(doc['tier']),
    submittedAt: doc['submittedAt'] as string,
    applicant: {
      name: applicant['name'] as string,
      id: str(applicant['id']),
      address: str(applicant['address']),
      contact: contact ? { name: contact['name'] as string, email: contact['email'] as string } : null
    },
    partners: ((doc['partners'] as Obj[] | undefined) ?? []).map((p) => ({
      name: p['name'] as string,
      role: p['role'] as string
    })),
    subjects,
    answers,
    extra: extras(doc, KNOWN.top)
  }
}
