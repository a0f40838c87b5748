/**
 * The message catalogue: the domain says what it found as a code and its parameters (a `Msg`); this module
 * turns a `Msg` into English or German text. The review screen, the CLI and the verdict PDF all use it, so
 * a finding or a why-trace reads the same everywhere and the German edition has no English sentences in it.
 * Pure (src/shared): the renderer and the main process import it alike. Every code exists in both languages
 * (the type checks it).
 */
import { dayInFigures } from '../dates'
import { ownEntry } from './own'
import type { Claim } from '../domain/submission'

export type Lang = 'en' | 'de'

/** A parameter: plain values, lists of them, or nested messages (a condition's parts, a list of reasons). */
export type Param = string | number | boolean | null | readonly string[] | Msg | readonly Msg[]

export interface Msg {
  readonly code: MsgCode
  readonly params: Readonly<Record<string, Param>>
}

/** Helpers a template uses to put parameters into words, per language. */
type V = Param | undefined
interface Tools {
  readonly lang: Lang
  /** a date (YYYY-MM-DD or an instant): as is in English, DD.MM.YYYY in German */
  readonly d: (v: V) => string
  readonly s: (v: V) => string
  /** a nested message, or a list of them joined with `sep` */
  readonly m: (v: V, sep?: string) => string
  readonly list: (v: V, max?: number) => string
  readonly claim: (v: V) => string
  readonly status: (v: V) => string
  readonly decision: (v: V) => string
  readonly outcome: (v: V) => string
  readonly plural: (n: V, one: string, many: string) => string
}
type P = Readonly<Record<string, Param>>
type Template = (p: P, t: Tools) => string

/** Names of codes that appear in texts: standards and outcomes get their names, not their ids. */
export const STANDARD_NAMES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    'scs-0007-v2': 'SCS-0007 v2 (Certification of integrators)',
    'scs-0007-w1': 'SCS-0007 w1 (Implementation hints for achieving SCS Integrator certification)'
  },
  de: {
    'scs-0007-v2': 'SCS-0007 v2 (Zertifizierung von Integratoren)',
    'scs-0007-w1': 'SCS-0007 w1 (Umsetzungshinweise zur Zertifizierung als SCS-Integrator)'
  }
}

/** what an applicant claims of a criterion, in words */
export const CLAIM_WORD: Record<Lang, Record<Claim, string>> = {
  en: {
    met: 'met',
    'partially-met': 'partially met',
    'not-met': 'not met',
    'not-applicable': 'not applicable'
  },
  de: {
    met: 'erfüllt',
    'partially-met': 'teilweise erfüllt',
    'not-met': 'nicht erfüllt',
    'not-applicable': 'nicht anwendbar'
  }
}
/** criterion, subject and case outcomes in running text (the PDF's table cells add their own marks) */
export const STATUS_WORD: Record<Lang, Record<string, string>> = {
  en: {
    pass: 'pass',
    waived: 'waived',
    tentative: 'tentative',
    inconclusive: 'inconclusive',
    pending: 'pending',
    fail: 'fail',
    rejected: 'rejected',
    counted: 'counted',
    'not-counted': 'not counted',
    effective: 'effective',
    draft: 'draft',
    warn: 'warn',
    deprecated: 'deprecated',
    'not-granted': 'not granted'
  },
  de: {
    pass: 'erfüllt',
    waived: 'Ausnahme',
    tentative: 'vorläufig',
    inconclusive: 'nicht abgeschlossen',
    pending: 'offen',
    fail: 'nicht erfüllt',
    rejected: 'abgelehnt',
    counted: 'gezählt',
    'not-counted': 'nicht gezählt',
    effective: 'gültig',
    draft: 'Entwurf',
    warn: 'Warnstufe',
    deprecated: 'veraltet',
    'not-granted': 'nicht erteilt'
  }
}
/** Tier and outcome ids in words (`not-granted` → "Not granted"); a tier the catalogue does not know shows as its id. */
export const OUTCOME_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    pass: 'Pass',
    tentative: 'Tentative',
    inconclusive: 'Inconclusive',
    fail: 'Fail',
    counted: 'counted',
    'not-counted': 'not counted',
    gold: 'Gold',
    silver: 'Silver',
    bronze: 'Bronze',
    'not-granted': 'Not granted'
  },
  de: {
    pass: 'Bestanden',
    tentative: 'Vorläufig',
    inconclusive: 'Nicht abgeschlossen',
    fail: 'Nicht bestanden',
    counted: 'gezählt',
    'not-counted': 'nicht gezählt',
    gold: 'Gold',
    silver: 'Silber',
    bronze: 'Bronze',
    'not-granted': 'Nicht erteilt'
  }
}
const DECISION: Record<Lang, Record<string, string>> = {
  en: { accept: 'accept', reject: 'reject', waive: 'waive' },
  de: { accept: 'Annahme', reject: 'Ablehnung', waive: 'Ausnahme' }
}
const FIELD_DE: Record<string, string> = {
  role: 'Rolle',
  thirdParty: 'Drittanbieter',
  publicCloud: 'öffentliche Cloud',
  kind: 'Art',
  regions: 'Regionen',
  availabilityZones: 'Verfügbarkeitszonen'
}
const VALUE_DE: Record<string, string> = {
  true: 'ja',
  false: 'nein',
  operated: 'betrieben',
  managed: 'verwaltet',
  'brought-into-production': 'in Produktion gebracht'
}

const en: Record<string, Template> = {
  // --- findings (reconcile.ts)
  'finding.signature-invalid': (p) =>
    `The signature of ${p.file} does not verify: the report or its signature was changed after signing. Its results must not be relied on until the applicant sends a correctly signed copy.`,
  'finding.signature-unknown-key': (p) =>
    `${p.file} is signed with a key that is not in the trust list. Confirm the key with the applicant before relying on the report, then add it to the allowed signers.`,
  'finding.signature-not-allowed': (p) =>
    `${p.file} is signed with a key in the trust list, but the key's options there (namespaces, valid-after/valid-before or cert-authority) do not allow this signature, as ssh-keygen -Y verify would refuse it. Treat the report as not vouched for.`,
  'finding.signer-subject-mismatch': (p) =>
    `${p.file} is about the cloud "${p.subject}", but it is signed by a key that the trust list names for other subjects only: a key of another provider signed it. Its results are not vouched for by the cloud's operator.`,
  'finding.subject-confusable': (p) =>
    `The subjects ${([p.subjects].flat() as string[]).map((g) => `"${g}"`).join(' and ')} look alike (the same skeleton "${p.skeleton}" once look-alike characters and case are folded) but are different subjects. Confirm with the applicant which cloud each file is about; evidence for one must not pass for the other.`,
  'finding.subject-not-named': (p, t) =>
    `The report ${p.file} is for the cloud "${p.subject}", which the self-assessment does not name (it names ${t.list(p.named) || 'none'}). Either the wrong report was sent, or the cloud is missing from the submission.`,
  'finding.forced-version': (p) =>
    `The checks in ${p.file} were forced to version ${p.forced}, but the application is for ${p.version}.`,
  'finding.submission-version': (p) =>
    `The self-assessment answers for version ${p.submitted}, but the case is for ${p.version}.`,
  'finding.version-draft': (p, t) =>
    `Version ${p.version} of ${p.scope} is a draft at the decision date ${t.d(p.date)}: not yet stabilized, so no certificate can be issued for it.`,
  'finding.version-deprecated': (p, t) =>
    `Version ${p.version} of ${p.scope} is deprecated at the decision date ${t.d(p.date)}; no certificate can be issued for it.`,
  'finding.no-report': (p) =>
    `The self-assessment names the cloud "${p.subject}", but no compliance report for it was imported.`,
  'finding.subject-version': (p, t) =>
    `The cloud "${p.subject}" is said to meet ${p.claimed} (${t.status(p.status)} at ${t.d(p.date)}), but the case is for ${p.version}.`,
  'finding.reference-version': (p, t) =>
    `The reference environment "${p.subject}" is said to meet ${p.claimed} of ${p.scope} (${t.status(p.status)} at ${t.d(p.date)}), but SCS-0007 counts an environment that meets the scope in its current version: its evidence is held against ${p.version}.`,
  'finding.joint-share': (p, t) =>
    `"${p.subject}" is run jointly with ${t.list(p.partners)}, but the applicant does not state its own share. ${t.s(STANDARD_NAMES.en['scs-0007-v2'])} asks the applicant to demonstrate it.`,
  'finding.duplicate-claim': (p, t) =>
    `"${p.subject}" is also claimed in ${[p.cases].flat().length === 1 ? 'case' : 'cases'} ${t.list(p.cases)}. Check that both applicants really share it (a joint reference) and that their shares do not overlap.`,
  'finding.role-after-submission': (p, t) =>
    `The role on "${p.subject}" is said to start on ${t.d(p.since)}, after the submission was signed off (${t.d(p.submittedAt)}).`,
  'finding.public-iaas-size': (p, t) =>
    `"${p.subject}" is claimed as a public IaaS with ${p.need ? t.m(p.need, '') : 'the size its scheme asks for'}, but the submission gives ${p.regions ?? 'no'} region(s) and ${p.zones ?? 'no'} zone(s).`,
  'size.bound': (p) =>
    `${p.min !== null && p.max !== null ? `${p.min}–${p.max}` : p.min !== null ? `≥ ${p.min}` : `≤ ${p.max}`} ${p.field === 'regions' ? 'regions' : 'availability zones'}`,
  'size.any-of': (p, t) => t.m(p.parts, ' or '),
  'size.all-of': (p, t) => t.m(p.parts, ' and '),
  'finding.public-iaas-not-public': (p) =>
    `"${p.subject}" is claimed as a public IaaS, but the submission marks it as not public.`,
  'finding.no-stress-evidence': (p) =>
    `"${p.subject}" reports ${p.customers} customers and ${p.workloads} workloads, but no stress test or workload evidence backs them. Ask for it to rule out a "scripted only" environment.`,
  'finding.customers-over-workloads': (p) =>
    `"${p.subject}" has more customers (${p.customers}) than workloads (${p.workloads}).`,
  'finding.claim-missing': (p) =>
    `The self-assessment does not answer ${p.criterion} (${p.name}) for "${p.subject}".`,
  'finding.evidence-unresolved': (p) =>
    `The evidence "${p.title}" refers to ${p.ref}, but no document named "${p.name}" is attached to the case. Ask the applicant for it.`,
  'finding.evidence-hash-mismatch': (p, t) =>
    `The self-assessment gives SHA-256 ${p.expected} for ${p.ref}, but the attached "${p.name}" is ${t.list(p.found)}: the document is not the one the applicant declared.`,
  'finding.manual-check-expired': (p, t) =>
    `The manual check of ${p.criterion}${p.subject ? ` for "${p.subject}"` : ''} was accepted on ${t.d(p.decided)} and expired on ${t.d(p.expired)}; SCS-0004 requires manual checks to be repeated every quarter. Ask for current documents and decide again.`,
  'finding.check-contradicts': (p, t) =>
    `${p.criterion} is claimed ${t.claim(p.claim)} for "${p.subject}", but the check ${p.testcase}${p.target !== 'main' ? ` (${p.target}, informative)` : ''} ${p.result === 'FAIL' ? 'fails' : 'did not finish (ABORT)'} (checked ${t.d(p.checked)}).`,
  'finding.checks-missing': (p, t) =>
    `${p.criterion} is claimed ${t.claim(p.claim)} for "${p.subject}", but ${t.plural(p.count, 'required check has', 'required checks have')} no result: ${t.list(p.testcases, 5)}.`,
  'finding.refstack-failed': (p, t) =>
    `${p.criterion} is claimed ${t.claim(p.claim)} for "${p.subject}", but the RefStack run ${p.file} (cloud ${p.cloud}) did not pass ${t.plural(p.count, 'required test', 'required tests')} of guideline ${p.guideline}: ${t.list(p.tests, 3)}. Flagged tests are not required.`,
  'finding.manual-no-evidence-listed': (p) =>
    `${p.criterion} has no automated check, and the claim for "${p.subject}" lists no evidence.`,
  'finding.claim-understated': (p, t) =>
    `${p.criterion} is claimed ${t.claim(p.claim)} for "${p.subject}", but all ${t.plural(p.count, 'required check', 'required checks')} pass. Ask whether the claim or the checks are wrong.`,
  'finding.evidence-stale': (p, t) =>
    `The result of ${p.testcase} for "${p.subject}" (checked ${t.d(p.checked)}) expired on ${t.d(p.expired)}: from then on it counts as MISSING (${p.target === 'main' ? 'a required check' : 'informative'}). Ask for a fresh run.`,
  'finding.manual-evidence-missing': (p, t) =>
    `${p.criterion} (${p.name}) is not covered by automated checks${p.previewOnly ? ' (only informative ones)' : ''}; ${t.s(STANDARD_NAMES.en['scs-0007-w1'])} asks for additional evidence, and none is given for "${p.subject}".`,
  'finding.reference-evidence': (p, t) =>
    `${p.criterion} is claimed ${t.claim(p.claim)} for "${p.subject}", but its compliance evidence for ${p.scope} does not hold at ${t.d(p.date)}: ${p.pass} of ${p.total} main checks PASS and are fresh${Number(p.expired) ? `, ${p.expired} expired` : ''}${Number(p.fail) ? `, ${p.fail} FAIL` : ''}${Number(p.abort) ? `, ${p.abort} ABORT` : ''}${Number(p.missing) ? `, ${p.missing} without a result` : ''}. The environment scores no points until a fresh, passing run is imported (or the deficiency is waived).`,

  // --- why-traces and evidence lines (verdict.ts)
  'rule.manual-excluded': () =>
    'a criterion without required testcases has nothing to prove (manual: excluded)',
  'fact.no-required-test': () => 'every test of it is flagged or none is required',
  'fact.claim-links': (p, t) =>
    `claim: ${t.claim(p.claim)}, ${t.plural(p.links, 'evidence link', 'evidence links')}`,
  'fact.no-claim': () => 'no claim in the self-assessment',
  'fact.manual-check-expired': (p, t) =>
    `the manual check accepted ${t.d(p.decided)} expired ${t.d(p.expired)} (repeated every quarter)`,
  'fact.decision': (p, t) =>
    `decision: ${t.decision(p.decision)} by ${p.auditor} on ${t.d(p.date)}${p.comment ? `: "${p.comment}"` : ''}`,
  'fact.decision-waiver': (p, t) =>
    `decision: ${t.decision('waive')} by ${p.auditor} on ${t.d(p.date)}${p.comment ? `: "${p.comment}"` : ''} (waiver owned by ${p.owner}, expires ${t.d(p.expires)})`,
  'fact.decision-waiver-expired': (p, t) =>
    `decision: ${t.decision('waive')} by ${p.auditor} on ${t.d(p.date)}${p.comment ? `: "${p.comment}"` : ''}; the waiver expired on ${t.d(p.expires)} and no longer counts`,
  'fact.no-accepted-decision': () => 'no accepted evidence decision yet',
  'rule.manual-accepted': () =>
    'a criterion without automated checks passes only with an accepted evidence decision',
  'evidence.manual': (p, t) => `manual: ${t.plural(p.links, 'evidence link', 'evidence links')}`,
  'fact.main-summary': (p, t) =>
    `${p.pass} of ${t.plural(p.total, 'main testcase', 'main testcases')} PASS${p.freshness ? `; ${p.expired} expired at ${t.d(p.at)}` : ''}${p.latest ? ` (latest check ${t.d(p.latest)})` : ''}`,
  'fact.testcase-missing': (p) => `${p.testcase}: MISSING (no result)`,
  'fact.testcase-result': (p, t) =>
    `${p.testcase}: ${p.result}, checked ${t.d(p.checked)}${p.expired ? `, expired ${t.d(p.expired)}: counts as MISSING` : ''}`,
  'fact.more': (p) => `… and ${p.n} more`,
  'fact.accept-not-override': () =>
    'an acceptance does not override a failing, missing or inconclusive check; a waiver would',
  'evidence.checks': (p, t) =>
    `${p.pass}/${p.total} main checks PASS${Number(p.fail) ? `, ${p.fail} FAIL` : ''}${Number(p.missing) ? `, ${p.missing} MISSING` : ''}${Number(p.abort) ? `, ${p.abort} ABORT` : ''}${Number(p.expired) ? ` (${p.expired} of them expired)` : ''}${p.freshUntil ? `, the first expires ${t.d(p.freshUntil)}` : ''}`,
  'rule.checks-fresh': () =>
    'every main testcase PASSes and is fresh at the decision date → pass; any FAIL → fail; else any MISSING (an expired result is MISSING) → tentative; else any ABORT → inconclusive',
  'rule.checks': () =>
    'every required test passes → pass; any FAIL → fail; else any MISSING → tentative; else any ABORT → inconclusive',
  'rule.subject': () =>
    'a subject passes when every criterion of the version passes (or is waived); the worst criterion decides otherwise: fail, then tentative (a missing check or a pending manual decision), then inconclusive (a check that did not finish)',
  'fact.count': (p, t) => `${p.n} ${t.status(p.status)}`,
  'fact.list': (p, t) => t.m(p.items, ', '),
  'fact.criterion-status': (p, t) => `${p.criterion}: ${t.status(p.status)}`,
  'fact.no-criterion': () => 'no criterion has evidence for it',
  'rule.case': () =>
    'the case passes when every subject passes; otherwise the worst subject decides (fail, tentative, inconclusive); a deprecated or draft version fails',
  'fact.subject-outcome': (p, t) => `${p.subject}: ${t.status(p.outcome)}`,
  'fact.no-subject': () => 'no subject: neither the self-assessment nor a report names a cloud',
  'fact.version-status': (p, t) => `version ${p.version} is ${t.status(p.status)} at ${t.d(p.at)}`,
  'fact.field': (p) =>
    `${p.field} is ${p.value === null ? 'not given' : String(p.value)}${p.ok ? '' : `, needs ${String(p.want)}`}`,
  'fact.bound': (p) =>
    `${p.field} is ${p.value === null ? 'not given' : String(p.value)}${p.ok ? '' : `, needs ${[p.min !== null ? `≥ ${p.min}` : '', p.max !== null ? `≤ ${p.max}` : ''].filter(Boolean).join(' and ')}`}`,
  'fact.any-of': (p, t) => `${p.ok ? 'one of' : 'none of'}: ${t.m(p.alternatives, ' | ')}`,
  'fact.all-of': (p, t) => t.m(p.parts, ' and '),
  'fact.role-starts-after': (p, t) => `the role starts ${t.d(p.since)}, after the decision date ${t.d(p.at)}`,
  'fact.role-ended': (p, t) => `the role ended on ${t.d(p.until)}, before the decision date ${t.d(p.at)}`,
  'fact.held': (p, t) =>
    `held for ${p.n} months: since ${t.d(p.since)}, ${p.n} months reached on ${t.d(p.reached)} ≤ ${t.d(p.at)}`,
  'fact.not-held': (p, t) =>
    `not held for ${p.n} months: since ${t.d(p.since)}, ${p.n} months only on ${t.d(p.reached)}`,
  'fact.started-within': (p, t) => `started within ${p.n} months: ${t.d(p.since)} ≥ ${t.d(p.earliest)}`,
  'fact.started-before': (p, t) =>
    `started ${t.d(p.since)}, more than ${p.n} months before ${t.d(p.at)} (earliest ${t.d(p.earliest)})`,
  'fact.no-since': () => 'the start of the role (since) is not given',
  'evidence.no-report': () => 'no compliance report',
  'fact.no-report': (p) => `no compliance report of ${p.scope} was imported for it`,
  'evidence.reference': (p) => `${p.pass}/${p.total} main checks of ${p.scope} PASS and fresh`,
  'fact.reference': (p, t) =>
    `${p.scope}: ${p.pass} of ${t.plural(p.total, 'main testcase', 'main testcases')} PASS and are fresh${p.latest ? ` (latest check ${t.d(p.latest)})` : ''}`,
  'fact.reference-testcase': (p, t) =>
    `${p.testcase}: ${p.result}${p.expired ? `, expired ${t.d(p.expired)}: counts as MISSING` : ''}`,
  'evidence.no-environment': () => 'no environment',
  'rule.points-step': (p) =>
    `${p.points} point${p.points === 1 ? '' : 's'} if ${p.held ? `held for ${p.held} months` : `started within ${p.within} months`}`,
  'rule.points-criterion': (p, t) =>
    `${p.criterion}: ${t.m(p.steps, ', else ')}; the environment must pass ${p.scope} and not be rejected`,
  'fact.not-environment': (p) => `"${p.subject}" is not an environment of the self-assessment`,
  'fact.claimed-as': (p, t) => `the applicant claims it ${t.claim(p.claim)}`,
  'fact.not-claimed': () => 'the applicant does not claim it',
  'fact.joint': (p, t) =>
    `joint with ${t.list(p.partners)}: own share ${p.share === 'accepted' ? 'stated and accepted' : p.share === 'stated' ? 'stated, not yet accepted by the auditor' : 'not stated'}`,
  'fact.waived-until': (p, t) => `the evidence deficiency is waived; the waiver expires ${t.d(p.expires)}`,
  'fact.best-elsewhere': (p) =>
    `the environment already scores ${p.points} under ${p.criterion}; points are per environment`,
  'rule.environment': (p) =>
    `an environment scores ${p.best ? 'its best criterion' : 'every criterion it meets'}`,
  'fact.environment-row': (p, t) =>
    `${p.criterion}: ${t.status(p.status)}${Number(p.points) ? ` (${p.points})` : ''}`,
  'fact.no-scoring-claim': () => 'no scoring criterion is claimed for it',
  'rule.tier': (p, t) => `${t.outcome(p.tier)} at ≥ ${p.min} points`,
  'rule.tiers': (p, t) => `tiers: ${t.m(p.tiers, ', ')}, otherwise ${t.outcome(p.otherwise)}`,
  'fact.subject-points': (p) => `${p.subject} ${p.points}`,
  'fact.points-total': (p, t) =>
    `${t.plural(p.total, 'point', 'points')}: ${t.m(p.parts, ', ') || 'no environment'}`,
  'fact.asked-for': (p, t) =>
    `the applicant asked for ${t.outcome(p.requested).toLowerCase()}${p.reached ? `; the score reaches ${t.outcome(p.reached).toLowerCase()}` : ''}`,
  'fact.waiver-caps-validity': (p, t) =>
    `the outcome rests on the waiver of ${p.label} (owner ${p.owner}), which expires ${t.d(p.expires)}: the certificate is valid ${p.last ? `through ${t.d(p.last)}, the last day the waiver counts,` : 'until then'} at most`,
  'blocking.deprecated': (p) => `version ${p.version} is deprecated at the decision date`,
  'blocking.draft': (p) =>
    `version ${p.version} is a draft at the decision date: not yet stabilized, it cannot be certified against`,
  'blocking.criterion': (p, t) => `${p.label}: ${t.status(p.status)} (${t.m(p.reason)})`,
  'blocking.stale-reference': (p) =>
    `${p.label}: the environment's compliance evidence is stale; ask for a fresh run, waive or reject it`,
  'blocking.no-tier': (p) => `the score reaches no tier (lowest: ${p.min} points)`,
  'blocking.open-blocker': (p, t) =>
    `${p.wholeCase ? `case${p.label ? ` / ${p.label}` : ''}` : p.label}: open blocker finding (${t.s(p.type)})`,
  'label.case': () => 'case'
}

const de: Record<keyof typeof en, Template> = {
  'finding.signature-invalid': (p) =>
    `Die Signatur von ${p.file} lässt sich nicht prüfen: Bericht oder Signatur wurden nach dem Signieren verändert. Seine Ergebnisse dürfen erst verwendet werden, wenn der Antragsteller eine korrekt signierte Fassung schickt.`,
  'finding.signature-unknown-key': (p) =>
    `${p.file} ist mit einem Schlüssel signiert, der nicht in der Vertrauensliste steht. Schlüssel mit dem Antragsteller abgleichen, bevor der Bericht verwendet wird, dann in die zulässigen Signierenden aufnehmen.`,
  'finding.signature-not-allowed': (p) =>
    `${p.file} ist mit einem Schlüssel aus der Vertrauensliste signiert, aber dessen Optionen dort (Namensräume, valid-after/valid-before oder cert-authority) erlauben diese Signatur nicht; ssh-keygen -Y verify würde sie ablehnen. Der Bericht gilt als nicht verbürgt.`,
  'finding.signer-subject-mismatch': (p) =>
    `${p.file} betrifft die Cloud „${p.subject}“, ist aber mit einem Schlüssel signiert, den die Vertrauensliste nur für andere Gegenstände nennt: ein Schlüssel eines anderen Anbieters hat ihn signiert. Seine Ergebnisse sind nicht vom Betreiber der Cloud verbürgt.`,
  'finding.subject-confusable': (p) =>
    `Die Gegenstände ${([p.subjects].flat() as string[]).map((g) => `„${g}“`).join(' und ')} sehen gleich aus (dasselbe Skelett „${p.skeleton}“, wenn verwechselbare Zeichen und Groß-/Kleinschreibung angeglichen werden), sind aber verschiedene Gegenstände. Mit dem Antragsteller klären, welche Cloud jede Datei betrifft; der Nachweis für die eine darf nicht für die andere gelten.`,
  'finding.subject-not-named': (p, t) =>
    `Der Bericht ${p.file} gilt für die Cloud „${p.subject}“, die die Selbstauskunft nicht nennt (sie nennt ${t.list(p.named) || 'keine'}). Entweder wurde der falsche Bericht geschickt, oder die Cloud fehlt in der Einreichung.`,
  'finding.forced-version': (p) =>
    `Die Prüfungen in ${p.file} wurden auf Version ${p.forced} festgelegt, der Antrag gilt aber ${p.version}.`,
  'finding.submission-version': (p) =>
    `Die Selbstauskunft antwortet für Version ${p.submitted}, der Fall gilt aber ${p.version}.`,
  'finding.version-draft': (p, t) =>
    `Version ${p.version} von ${p.scope} ist am Entscheidungsdatum ${t.d(p.date)} ein Entwurf: noch nicht stabilisiert, daher kann dafür kein Zertifikat ausgestellt werden.`,
  'finding.version-deprecated': (p, t) =>
    `Version ${p.version} von ${p.scope} ist am Entscheidungsdatum ${t.d(p.date)} veraltet; dafür kann kein Zertifikat ausgestellt werden.`,
  'finding.no-report': (p) =>
    `Die Selbstauskunft nennt die Cloud „${p.subject}“, aber dafür wurde kein Konformitätsbericht importiert.`,
  'finding.subject-version': (p, t) =>
    `Die Cloud „${p.subject}“ soll ${p.claimed} erfüllen (${t.status(p.status)} am ${t.d(p.date)}), der Fall gilt aber ${p.version}.`,
  'finding.reference-version': (p, t) =>
    `Die Referenzumgebung „${p.subject}“ soll ${p.claimed} von ${p.scope} erfüllen (${t.status(p.status)} am ${t.d(p.date)}), SCS-0007 zählt aber eine Umgebung, die den Geltungsbereich in seiner aktuellen Version erfüllt: ihr Nachweis wird an ${p.version} gemessen.`,
  'finding.joint-share': (p, t) =>
    `„${p.subject}“ wird gemeinsam mit ${t.list(p.partners)} betrieben, aber der Antragsteller nennt seinen eigenen Anteil nicht. ${t.s(STANDARD_NAMES.de['scs-0007-v2'])} verlangt, dass er ihn nachweist.`,
  'finding.duplicate-claim': (p, t) =>
    `„${p.subject}“ wird auch ${[p.cases].flat().length === 1 ? 'im Fall' : 'in den Fällen'} ${t.list(p.cases)} beansprucht. Prüfen, ob beide Antragsteller sie wirklich teilen (eine gemeinsame Referenz) und ihre Anteile sich nicht überschneiden.`,
  'finding.role-after-submission': (p, t) =>
    `Die Rolle bei „${p.subject}“ soll am ${t.d(p.since)} beginnen, nach dem Abschluss der Einreichung (${t.d(p.submittedAt)}).`,
  'finding.public-iaas-size': (p, t) =>
    `„${p.subject}“ wird als öffentliche IaaS mit ${p.need ? t.m(p.need, '') : 'der von ihrem Schema verlangten Größe'} angegeben, die Einreichung nennt aber ${p.regions ?? 'keine'} Region(en) und ${p.zones ?? 'keine'} Zone(n).`,
  'size.bound': (p) =>
    `${p.min !== null && p.max !== null ? `${p.min}–${p.max}` : p.min !== null ? `≥ ${p.min}` : `≤ ${p.max}`} ${p.field === 'regions' ? 'Regionen' : 'Verfügbarkeitszonen'}`,
  'size.any-of': (p, t) => t.m(p.parts, ' oder '),
  'size.all-of': (p, t) => t.m(p.parts, ' und '),
  'finding.public-iaas-not-public': (p) =>
    `„${p.subject}“ wird als öffentliche IaaS angegeben, die Einreichung kennzeichnet sie aber als nicht öffentlich.`,
  'finding.no-stress-evidence': (p) =>
    `„${p.subject}“ meldet ${p.customers} Kunden und ${p.workloads} Arbeitslasten, aber kein Lasttest oder Arbeitslastnachweis belegt sie. Nachweis anfordern, um eine nur geskriptete Umgebung auszuschließen.`,
  'finding.customers-over-workloads': (p) =>
    `„${p.subject}“ hat mehr Kunden (${p.customers}) als Arbeitslasten (${p.workloads}).`,
  'finding.claim-missing': (p) =>
    `Die Selbstauskunft beantwortet ${p.criterion} (${p.name}) für „${p.subject}“ nicht.`,
  'finding.evidence-unresolved': (p) =>
    `Der Nachweis „${p.title}“ verweist auf ${p.ref}, aber dem Fall ist kein Dokument namens „${p.name}“ beigefügt. Fordern Sie es beim Antragsteller an.`,
  'finding.evidence-hash-mismatch': (p, t) =>
    `Die Selbstauskunft nennt SHA-256 ${p.expected} für ${p.ref}, das beigefügte „${p.name}“ hat aber ${t.list(p.found)}: Es ist nicht das vom Antragsteller angegebene Dokument.`,
  'finding.manual-check-expired': (p, t) =>
    `Die manuelle Prüfung von ${p.criterion}${p.subject ? ` für „${p.subject}“` : ''} wurde am ${t.d(p.decided)} akzeptiert und ist am ${t.d(p.expired)} abgelaufen; SCS-0004 verlangt, manuelle Prüfungen jedes Quartal zu wiederholen. Fordern Sie aktuelle Dokumente an und entscheiden Sie neu.`,
  'finding.check-contradicts': (p, t) =>
    `${p.criterion} wird für „${p.subject}“ als ${t.claim(p.claim)} angegeben, aber die Prüfung ${p.testcase}${p.target !== 'main' ? ` (${p.target}, informativ)` : ''} ${p.result === 'FAIL' ? 'schlägt fehl' : 'wurde nicht abgeschlossen (ABORT)'} (geprüft am ${t.d(p.checked)}).`,
  'finding.checks-missing': (p, t) =>
    `${p.criterion} wird für „${p.subject}“ als ${t.claim(p.claim)} angegeben, aber ${t.plural(p.count, 'eine geforderte Prüfung hat', 'geforderte Prüfungen haben')} kein Ergebnis: ${t.list(p.testcases, 5)}.`,
  'finding.refstack-failed': (p, t) =>
    `${p.criterion} wird für „${p.subject}“ als ${t.claim(p.claim)} angegeben, aber der RefStack-Lauf ${p.file} (Cloud ${p.cloud}) hat ${t.plural(p.count, 'einen geforderten Test', 'geforderte Tests')} der Richtlinie ${p.guideline} nicht bestanden: ${t.list(p.tests, 3)}. Markierte Tests sind nicht gefordert.`,
  'finding.manual-no-evidence-listed': (p) =>
    `${p.criterion} hat keine automatische Prüfung, und die Aussage für „${p.subject}“ nennt keinen Nachweis.`,
  'finding.claim-understated': (p, t) =>
    `${p.criterion} wird für „${p.subject}“ als ${t.claim(p.claim)} angegeben, aber ${t.plural(p.count, 'die geforderte Prüfung besteht', 'alle geforderten Prüfungen bestehen')}. Klären, ob die Aussage oder die Prüfungen falsch sind.`,
  'finding.evidence-stale': (p, t) =>
    `Das Ergebnis von ${p.testcase} für „${p.subject}“ (geprüft am ${t.d(p.checked)}) ist am ${t.d(p.expired)} abgelaufen: seitdem zählt es als MISSING (${p.target === 'main' ? 'eine geforderte Prüfung' : 'informativ'}). Einen neuen Lauf anfordern.`,
  'finding.manual-evidence-missing': (p, t) =>
    `${p.criterion} (${p.name}) wird nicht durch automatische Prüfungen abgedeckt${p.previewOnly ? ' (nur durch informative)' : ''}; ${t.s(STANDARD_NAMES.de['scs-0007-w1'])} verlangt zusätzliche Nachweise, und für „${p.subject}“ liegt keiner vor.`,
  'finding.reference-evidence': (p, t) =>
    `${p.criterion} wird für „${p.subject}“ als ${t.claim(p.claim)} angegeben, aber der Konformitätsnachweis für ${p.scope} trägt am ${t.d(p.date)} nicht: ${p.pass} von ${p.total} Hauptprüfungen bestehen und sind aktuell${Number(p.expired) ? `, ${p.expired} abgelaufen` : ''}${Number(p.fail) ? `, ${p.fail} FAIL` : ''}${Number(p.abort) ? `, ${p.abort} ABORT` : ''}${Number(p.missing) ? `, ${p.missing} ohne Ergebnis` : ''}. Die Umgebung erhält keine Punkte, bis ein aktueller, bestandener Lauf importiert ist (oder eine Ausnahme erteilt wird).`,

  'rule.manual-excluded': () =>
    'ein Kriterium ohne geforderte Testfälle hat nichts nachzuweisen (manuell: ausgenommen)',
  'fact.no-required-test': () => 'alle seine Tests sind markiert, oder keiner ist gefordert',
  'fact.claim-links': (p, t) =>
    `Aussage: ${t.claim(p.claim)}, ${t.plural(p.links, 'Nachweis-Verweis', 'Nachweis-Verweise')}`,
  'fact.no-claim': () => 'keine Aussage in der Selbstauskunft',
  'fact.manual-check-expired': (p, t) =>
    `die am ${t.d(p.decided)} akzeptierte manuelle Prüfung ist am ${t.d(p.expired)} abgelaufen (vierteljährlich zu wiederholen)`,
  'fact.decision': (p, t) =>
    `Entscheidung: ${t.decision(p.decision)} durch ${p.auditor} am ${t.d(p.date)}${p.comment ? `: „${p.comment}“` : ''}`,
  'fact.decision-waiver': (p, t) =>
    `Entscheidung: ${t.decision('waive')} durch ${p.auditor} am ${t.d(p.date)}${p.comment ? `: „${p.comment}“` : ''} (verantwortlich ${p.owner}, läuft am ${t.d(p.expires)} ab)`,
  'fact.decision-waiver-expired': (p, t) =>
    `Entscheidung: ${t.decision('waive')} durch ${p.auditor} am ${t.d(p.date)}${p.comment ? `: „${p.comment}“` : ''}; die Ausnahme ist am ${t.d(p.expires)} abgelaufen und zählt nicht mehr`,
  'fact.no-accepted-decision': () => 'noch keine angenommene Nachweisentscheidung',
  'rule.manual-accepted': () =>
    'ein Kriterium ohne automatische Prüfungen ist nur mit einer angenommenen Nachweisentscheidung erfüllt',
  'evidence.manual': (p, t) => `manuell: ${t.plural(p.links, 'Nachweis-Verweis', 'Nachweis-Verweise')}`,
  'fact.main-summary': (p, t) =>
    `${p.pass} von ${t.plural(p.total, 'Haupttestfall', 'Haupttestfällen')} PASS${p.freshness ? `; ${p.expired} am ${t.d(p.at)} abgelaufen` : ''}${p.latest ? ` (letzte Prüfung ${t.d(p.latest)})` : ''}`,
  'fact.testcase-missing': (p) => `${p.testcase}: MISSING (kein Ergebnis)`,
  'fact.testcase-result': (p, t) =>
    `${p.testcase}: ${p.result}, geprüft am ${t.d(p.checked)}${p.expired ? `, abgelaufen am ${t.d(p.expired)}: zählt als MISSING` : ''}`,
  'fact.more': (p) => `… und ${p.n} weitere`,
  'fact.accept-not-override': () =>
    'eine Annahme hebt eine fehlgeschlagene, fehlende oder nicht abgeschlossene Prüfung nicht auf; eine Ausnahme schon',
  'evidence.checks': (p, t) =>
    `${p.pass}/${p.total} Hauptprüfungen PASS${Number(p.fail) ? `, ${p.fail} FAIL` : ''}${Number(p.missing) ? `, ${p.missing} MISSING` : ''}${Number(p.abort) ? `, ${p.abort} ABORT` : ''}${Number(p.expired) ? ` (davon ${p.expired} abgelaufen)` : ''}${p.freshUntil ? `, die erste läuft am ${t.d(p.freshUntil)} ab` : ''}`,
  'rule.checks-fresh': () =>
    'jeder Haupttestfall ist PASS und am Entscheidungsdatum aktuell → erfüllt; ein FAIL → nicht erfüllt; sonst ein MISSING (ein abgelaufenes Ergebnis zählt als MISSING) → vorläufig; sonst ein ABORT → nicht abgeschlossen',
  'rule.checks': () =>
    'jeder geforderte Test besteht → erfüllt; ein FAIL → nicht erfüllt; sonst ein MISSING → vorläufig; sonst ein ABORT → nicht abgeschlossen',
  'rule.subject': () =>
    'ein Gegenstand ist erfüllt, wenn jedes Kriterium der Version erfüllt ist (oder eine Ausnahme hat); sonst entscheidet das schlechteste Kriterium: nicht erfüllt, dann vorläufig (eine fehlende Prüfung oder eine offene manuelle Entscheidung), dann nicht abgeschlossen (eine abgebrochene Prüfung)',
  'fact.count': (p, t) => `${p.n} ${t.status(p.status)}`,
  'fact.list': (p, t) => t.m(p.items, ', '),
  'fact.criterion-status': (p, t) => `${p.criterion}: ${t.status(p.status)}`,
  'fact.no-criterion': () => 'für ihn hat kein Kriterium einen Nachweis',
  'rule.case': () =>
    'der Fall ist bestanden, wenn jeder Gegenstand erfüllt ist; sonst entscheidet der schlechteste Gegenstand (nicht erfüllt, vorläufig, nicht abgeschlossen); eine veraltete oder Entwurfsversion ist nicht bestanden',
  'fact.subject-outcome': (p, t) => `${p.subject}: ${t.status(p.outcome)}`,
  'fact.no-subject': () => 'kein Gegenstand: weder die Selbstauskunft noch ein Bericht nennt eine Cloud',
  'fact.version-status': (p, t) => `Version ${p.version} ist am ${t.d(p.at)} ${t.status(p.status)}`,
  'fact.field': (p) =>
    `${FIELD_DE[String(p.field)] ?? p.field}: ${p.value === null ? 'nicht angegeben' : (VALUE_DE[String(p.value)] ?? String(p.value))}${p.ok ? '' : `, gefordert ${VALUE_DE[String(p.want)] ?? String(p.want)}`}`,
  'fact.bound': (p) =>
    `${FIELD_DE[String(p.field)] ?? p.field}: ${p.value === null ? 'nicht angegeben' : String(p.value)}${p.ok ? '' : `, gefordert ${[p.min !== null ? `≥ ${p.min}` : '', p.max !== null ? `≤ ${p.max}` : ''].filter(Boolean).join(' und ')}`}`,
  'fact.any-of': (p, t) => `${p.ok ? 'eines davon' : 'keines davon'}: ${t.m(p.alternatives, ' | ')}`,
  'fact.all-of': (p, t) => t.m(p.parts, ' und '),
  'fact.role-starts-after': (p, t) =>
    `die Rolle beginnt am ${t.d(p.since)}, nach dem Entscheidungsdatum ${t.d(p.at)}`,
  'fact.role-ended': (p, t) => `die Rolle endete am ${t.d(p.until)}, vor dem Entscheidungsdatum ${t.d(p.at)}`,
  'fact.held': (p, t) =>
    `${p.n} Monate ausgeübt: seit ${t.d(p.since)}, ${p.n} Monate erreicht am ${t.d(p.reached)} ≤ ${t.d(p.at)}`,
  'fact.not-held': (p, t) =>
    `keine ${p.n} Monate ausgeübt: seit ${t.d(p.since)}, ${p.n} Monate erst am ${t.d(p.reached)}`,
  'fact.started-within': (p, t) =>
    `innerhalb von ${p.n} Monaten begonnen: ${t.d(p.since)} ≥ ${t.d(p.earliest)}`,
  'fact.started-before': (p, t) =>
    `begonnen am ${t.d(p.since)}, mehr als ${p.n} Monate vor dem ${t.d(p.at)} (frühestens ${t.d(p.earliest)})`,
  'fact.no-since': () => 'der Beginn der Rolle (since) ist nicht angegeben',
  'evidence.no-report': () => 'kein Konformitätsbericht',
  'fact.no-report': (p) => `für sie wurde kein Konformitätsbericht von ${p.scope} importiert`,
  'evidence.reference': (p) => `${p.pass}/${p.total} Hauptprüfungen von ${p.scope} PASS und aktuell`,
  'fact.reference': (p, t) =>
    `${p.scope}: ${p.pass} von ${t.plural(p.total, 'Haupttestfall', 'Haupttestfällen')} PASS und aktuell${p.latest ? ` (letzte Prüfung ${t.d(p.latest)})` : ''}`,
  'fact.reference-testcase': (p, t) =>
    `${p.testcase}: ${p.result}${p.expired ? `, abgelaufen am ${t.d(p.expired)}: zählt als MISSING` : ''}`,
  'evidence.no-environment': () => 'keine Umgebung',
  'rule.points-step': (p) =>
    `${p.points} ${p.points === 1 ? 'Punkt' : 'Punkte'}, wenn ${p.held ? `seit ${p.held} Monaten ausgeübt` : `innerhalb von ${p.within} Monaten begonnen`}`,
  'rule.points-criterion': (p, t) =>
    `${p.criterion}: ${t.m(p.steps, ', sonst ')}; die Umgebung muss ${p.scope} erfüllen und darf nicht abgelehnt sein`,
  'fact.not-environment': (p) => `„${p.subject}“ ist keine Umgebung der Selbstauskunft`,
  'fact.claimed-as': (p, t) => `der Antragsteller gibt sie als ${t.claim(p.claim)} an`,
  'fact.not-claimed': () => 'der Antragsteller beansprucht sie nicht',
  'fact.joint': (p, t) =>
    `gemeinsam mit ${t.list(p.partners)}: eigener Anteil ${p.share === 'accepted' ? 'genannt und angenommen' : p.share === 'stated' ? 'genannt, von der Prüfstelle noch nicht angenommen' : 'nicht genannt'}`,
  'fact.waived-until': (p, t) =>
    `für den Nachweismangel gilt eine Ausnahme; sie läuft am ${t.d(p.expires)} ab`,
  'fact.best-elsewhere': (p) =>
    `die Umgebung erhält bereits ${p.points} Punkte unter ${p.criterion}; Punkte gibt es je Umgebung`,
  'rule.environment': (p) =>
    `eine Umgebung zählt ${p.best ? 'mit ihrem besten Kriterium' : 'mit jedem erfüllten Kriterium'}`,
  'fact.environment-row': (p, t) =>
    `${p.criterion}: ${t.status(p.status)}${Number(p.points) ? ` (${p.points})` : ''}`,
  'fact.no-scoring-claim': () => 'für sie wird kein Bewertungskriterium beansprucht',
  'rule.tier': (p, t) => `${t.outcome(p.tier)} ab ${p.min} Punkten`,
  'rule.tiers': (p, t) => `Stufen: ${t.m(p.tiers, ', ')}, sonst ${t.outcome(p.otherwise)}`,
  'fact.subject-points': (p) => `${p.subject} ${p.points}`,
  'fact.points-total': (p, t) =>
    `${t.plural(p.total, 'Punkt', 'Punkte')}: ${t.m(p.parts, ', ') || 'keine Umgebung'}`,
  'fact.asked-for': (p, t) =>
    `beantragt ist ${t.outcome(p.requested)}${p.reached ? `; die Punktzahl erreicht ${t.outcome(p.reached)}` : ''}`,
  'fact.waiver-caps-validity': (p, t) =>
    `das Ergebnis beruht auf der Ausnahme für ${p.label} (verantwortlich ${p.owner}), die am ${t.d(p.expires)} abläuft: das Zertifikat gilt höchstens ${p.last ? `bis einschließlich ${t.d(p.last)}, dem letzten Tag, an dem die Ausnahme zählt` : 'bis dahin'}`,
  'blocking.deprecated': (p) => `Version ${p.version} ist am Entscheidungsdatum veraltet`,
  'blocking.draft': (p) =>
    `Version ${p.version} ist am Entscheidungsdatum ein Entwurf: noch nicht stabilisiert, kann nach ihr nicht zertifiziert werden`,
  'blocking.criterion': (p, t) => `${p.label}: ${t.status(p.status)} (${t.m(p.reason)})`,
  'blocking.stale-reference': (p) =>
    `${p.label}: der Konformitätsnachweis der Umgebung ist veraltet; neuen Lauf anfordern, Ausnahme erteilen oder ablehnen`,
  'blocking.no-tier': (p) => `die Punktzahl erreicht keine Stufe (niedrigste: ${p.min} Punkte)`,
  'blocking.open-blocker': (p, t) =>
    `${p.wholeCase ? `Fall${p.label ? ` / ${p.label}` : ''}` : p.label}: offener blockierender Befund (${FINDING_TYPE_NAMES.de[t.s(p.type)] ?? t.s(p.type)})`,
  'label.case': () => 'Fall'
}

export type MsgCode = keyof typeof en

const CATALOGUE: Record<Lang, Record<MsgCode, Template>> = { en, de }

/** Finding types in words (the annex and the review's type filter); the type id stays the key. */
export const FINDING_TYPE_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    'claim-contradicted': 'claim contradicted',
    'claim-unproven': 'claim unproven',
    'claim-understated': 'claim understated',
    'evidence-stale': 'evidence expired',
    'subject-mismatch': 'subject mismatch',
    'version-mismatch': 'version mismatch',
    'manual-evidence-missing': 'manual evidence missing',
    'joint-share-missing': 'joint share missing',
    'duplicate-claim': 'duplicate claim',
    'implausible-figure': 'implausible figure',
    'report-signature-invalid': 'report signature invalid',
    'signer-subject-mismatch': 'report signed for another subject',
    'subject-confusable': 'look-alike subjects',
    'claim-missing': 'claim missing',
    'evidence-unresolved': 'evidence reference unresolved',
    'evidence-hash-mismatch': 'evidence hash mismatch'
  },
  de: {
    'claim-contradicted': 'Aussage widerlegt',
    'claim-unproven': 'Aussage unbelegt',
    'claim-understated': 'Aussage zu niedrig',
    'evidence-stale': 'Nachweis abgelaufen',
    'subject-mismatch': 'Gegenstand abweichend',
    'version-mismatch': 'Version abweichend',
    'manual-evidence-missing': 'manueller Nachweis fehlt',
    'joint-share-missing': 'eigener Anteil fehlt',
    'duplicate-claim': 'doppelte Aussage',
    'implausible-figure': 'unplausible Angabe',
    'report-signature-invalid': 'Signatur des Berichts ungültig',
    'signer-subject-mismatch': 'Bericht für einen anderen Gegenstand signiert',
    'subject-confusable': 'verwechselbare Gegenstände',
    'claim-missing': 'Aussage fehlt',
    'evidence-unresolved': 'Nachweisverweis nicht auflösbar',
    'evidence-hash-mismatch': 'Prüfsumme des Nachweises abweichend'
  }
}

const isMsg = (v: unknown): v is Msg =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'code' in v && 'params' in v

function tools(lang: Lang): Tools {
  const s = (v: V): string =>
    v === null || v === undefined
      ? ''
      : isMsg(v)
        ? say(v, lang)
        : Array.isArray(v)
          ? v.map((x) => s(x as Param)).join(', ')
          : String(v)
  const d = (v: V): string => {
    const x = s(v)
    return dayInFigures(x, lang) ?? x
  }
  return {
    lang,
    d,
    s,
    m: (v, sep = '; ') => (Array.isArray(v) ? (v as readonly Param[]).map((x) => s(x)).join(sep) : s(v)),
    list: (v, max) => {
      const xs = Array.isArray(v) ? (v as readonly Param[]).map((x) => s(x)) : [s(v)]
      return max !== undefined && xs.length > max ? `${xs.slice(0, max).join(', ')}, …` : xs.join(', ')
    },
    claim: (v) => ownEntry<string>(CLAIM_WORD[lang], s(v)) ?? s(v),
    status: (v) => ownEntry(STATUS_WORD[lang], s(v)) ?? s(v),
    decision: (v) => ownEntry(DECISION[lang], s(v)) ?? s(v),
    outcome: (v) => ownEntry(OUTCOME_NAMES[lang], s(v)) ?? s(v),
    plural: (n, one, many) => {
      const k = Number(n)
      // German: "eine Prüfung hat" / "3 Prüfungen haben"; English: "1 check has" / "3 checks have"
      if (lang === 'de' && k === 1 && /^(eine|einen|die) /.test(one)) return one
      return `${k} ${k === 1 ? one : many}`
    }
  }
}

/**
 * The tools of each language, made on first use and kept: they depend on the language only, and a verdict
 * says thousands of messages (making a language's dozen closures for each one cost a 1,000-criterion
 * verdict about 40 ms).
 */
const TOOLS: Partial<Record<Lang, Tools>> = {}

/** The text of a message in a language. An unknown code (a verdict from a newer build) shows as its code. */
export function say(m: Msg, lang: Lang = 'en'): string {
  const tpl = ownEntry<Template>(CATALOGUE[lang], m.code)
  return tpl ? tpl(m.params, (TOOLS[lang] ??= tools(lang))) : m.code
}

/** Builds a message (the domain's side). */
export const msg = (code: MsgCode, params: Readonly<Record<string, Param>> = {}): Msg => ({ code, params })

/** Every code (for the tests: each one renders in both languages). */
export const MSG_CODES = Object.keys(en) as MsgCode[]
