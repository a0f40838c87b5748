/** The labels of the verdict document in English and German. Every key exists in both (the type checks it). */
import type { CriterionStatus } from '../../shared/domain/verdict-types'
import type { DecisionKind, FindingState } from '../../shared/domain/decisions'
import type { FindingType, Severity } from '../../shared/domain/reconcile'
import type { Claim } from '../../shared/domain/submission'
import type { ImportKind } from '../../shared/domain/types'
import { dayInFigures, dayInWords, monthNames } from '../../shared/dates'
import {
  FINDING_TYPE_NAMES,
  MSG_CODES,
  OUTCOME_NAMES,
  CLAIM_WORD,
  STATUS_WORD,
  say,
  type Lang,
  type Msg
} from '../../shared/text/messages'

export type { Lang }

const en = {
  certificate: 'Certificate',
  verdictTitle: 'Verdict',
  preAuditTitle: 'Pre-audit report',
  watermark: 'Pre-audit — not a certificate',
  awardedTo: 'awarded to',
  issuedTo: 'issued to',
  preparedFor: 'prepared for',
  partners: 'Partners in joint references',
  subjects: 'Subjects (clouds)',
  decisionDate: 'Decision date',
  validUntil: 'Valid until',
  notValid: 'no certificate issued',
  points: 'Points',
  pointsUnit: 'points',
  round: 'Round',
  body: 'Assessment body',
  auditors: 'Auditors',
  submittedBy: 'submitted for review',
  acceptedBy: 'four-eyes review',
  grantedBy: 'Granted by',
  moreFacts: 'more',
  verdictId: 'Verdict id',
  verdictHash: 'Verdict SHA-256',
  qrNote:
    'The QR code holds the verdict id and its SHA-256: the hash of the verdict.json embedded in this PDF.',
  signatureNote: 'Valid only with the electronic signature (PAdES) of the assessment body over this file.',
  ifCertified: 'if certified',
  tier: 'Tier',
  stale: 'stale at the decision date',
  pointUnit: 'point',
  summary: 'Summary',
  outcome: 'Outcome',
  why: 'Why',
  gapList: 'Gap list: what would block certification',
  noGaps: 'Nothing blocks certification at the decision date.',
  openFindings: 'Open blocker and major findings',
  criteria: 'Criteria',
  criterion: 'Criterion',
  subject: 'Subject',
  claim: 'Claim',
  evidence: 'Evidence',
  status: 'Status',
  decision: 'Decision',
  comment: 'Comment',
  annexFindings: 'Annex A — Findings and their resolution',
  severity: 'Severity',
  type: 'Type',
  state: 'State',
  message: 'Finding',
  resolution: 'Resolution',
  annexWaivers: 'Annex B — Waivers and manual checks',
  owner: 'Owner',
  rationale: 'Rationale',
  expires: 'Expires',
  active: 'counts',
  expired: 'expired',
  noWaivers: 'No waivers.',
  manualChecks:
    'Manual checks: accepted by an auditor, repeated after the scheme’s period (SCS-0004); the register lists each as due from the day given',
  acceptedOn: 'Accepted',
  repeatEvery: 'Repeated',
  dueFrom: 'Due again from',
  noManualChecks: 'No manual checks.',
  lifetimeDay: 'daily',
  lifetimeWeek: 'weekly',
  lifetimeMonth: 'monthly',
  lifetimeQuarter: 'quarterly',
  lifetimeYear: 'yearly',
  noFindings: 'No findings.',
  annexFiles: 'Annex C — Imported files',
  annexDocuments: 'Evidence documents (SHA-256; the criteria whose decisions cite them)',
  citedBy: 'Cited by',
  size: 'Size',
  file: 'File',
  kind: 'Kind',
  importedAt: 'Imported',
  annexAudit: 'Annex D — Audit log and machine-readable verdict',
  auditHead: 'Audit-log head (hash of the last entry before this verdict)',
  auditEntries: 'Audit-log entries',
  caseHead: 'Case-chain head (case entry and hash, the same in every workspace holding the case)',
  rulesFile: 'Scheme rules',
  attachments:
    'This PDF carries the verdict as embedded files: as verdict.json and as OSCAL assessment results (assessment-results.oscal.json). The verdict SHA-256 on the first page is the hash of verdict.json.',
  page: 'Page',
  of: 'of',
  subjectOutcome: 'Result',
  none: '—',
  yes: 'yes',
  no: 'no',
  scheme: 'Scheme',
  version: 'Version',
  restsOnWaivers: 'This outcome rests on waivers',
  restsOnNote:
    'Without the waivers below the outcome would be lower, or a blocker finding would stand. The certificate is valid no longer than the earliest of them.',
  count: 'Count',
  moreLikeIt: 'more of this kind',
  findingsGrouped: 'Findings are grouped by type and criterion; the count says how many there are.'
} as const

type Labels = { readonly [K in keyof typeof en]: string }

const de: Labels = {
  certificate: 'Zertifikat',
  verdictTitle: 'Prüfergebnis',
  preAuditTitle: 'Vorprüfbericht',
  watermark: 'Vorprüfung — kein Zertifikat',
  awardedTo: 'verliehen an',
  issuedTo: 'ausgestellt für',
  preparedFor: 'erstellt für',
  partners: 'Partner gemeinsamer Referenzen',
  subjects: 'Gegenstände (Clouds)',
  decisionDate: 'Entscheidungsdatum',
  validUntil: 'Gültig bis',
  notValid: 'kein Zertifikat ausgestellt',
  points: 'Punkte',
  pointsUnit: 'Punkte',
  round: 'Runde',
  body: 'Prüfstelle',
  auditors: 'Auditoren',
  submittedBy: 'zur Freigabe eingereicht',
  acceptedBy: 'Vier-Augen-Prüfung',
  grantedBy: 'Erteilt von',
  moreFacts: 'weitere',
  verdictId: 'Kennung des Prüfergebnisses',
  verdictHash: 'SHA-256 des Prüfergebnisses',
  qrNote:
    'Der QR-Code enthält die Kennung und den SHA-256 des Prüfergebnisses: den Hashwert der in diese PDF-Datei eingebetteten verdict.json.',
  signatureNote: 'Gültig nur mit der elektronischen Signatur (PAdES) der Prüfstelle über diese Datei.',
  ifCertified: 'bei Zertifizierung',
  tier: 'Stufe',
  stale: 'am Entscheidungsdatum veraltet',
  pointUnit: 'Punkt',
  summary: 'Zusammenfassung',
  outcome: 'Ergebnis',
  why: 'Begründung',
  gapList: 'Lückenliste: was einer Zertifizierung entgegensteht',
  noGaps: 'Am Entscheidungsdatum steht einer Zertifizierung nichts entgegen.',
  openFindings: 'Offene schwerwiegende und blockierende Befunde',
  criteria: 'Kriterien',
  criterion: 'Kriterium',
  subject: 'Gegenstand',
  claim: 'Aussage',
  evidence: 'Nachweis',
  status: 'Status',
  decision: 'Entscheidung',
  comment: 'Kommentar',
  annexFindings: 'Anhang A — Befunde und ihre Erledigung',
  severity: 'Schwere',
  type: 'Art',
  state: 'Zustand',
  message: 'Befund',
  resolution: 'Erledigung',
  annexWaivers: 'Anhang B — Ausnahmen und manuelle Prüfungen',
  owner: 'Verantwortlich',
  rationale: 'Begründung',
  expires: 'Läuft ab',
  active: 'zählt',
  expired: 'abgelaufen',
  noWaivers: 'Keine Ausnahmen.',
  manualChecks:
    'Manuelle Prüfungen: von einer Auditorin oder einem Auditor angenommen, nach dem Zeitraum des Schemas wiederholt (SCS-0004); das Register führt jede ab dem genannten Tag als fällig',
  acceptedOn: 'Angenommen',
  repeatEvery: 'Wiederholung',
  dueFrom: 'Wieder fällig ab',
  noManualChecks: 'Keine manuellen Prüfungen.',
  lifetimeDay: 'täglich',
  lifetimeWeek: 'wöchentlich',
  lifetimeMonth: 'monatlich',
  lifetimeQuarter: 'vierteljährlich',
  lifetimeYear: 'jährlich',
  noFindings: 'Keine Befunde.',
  annexFiles: 'Anhang C — Importierte Dateien',
  annexDocuments: 'Nachweisdokumente (SHA-256; die Kriterien, deren Entscheidungen sie anführen)',
  citedBy: 'Angeführt bei',
  size: 'Größe',
  file: 'Datei',
  kind: 'Art',
  importedAt: 'Importiert',
  annexAudit: 'Anhang D — Prüfprotokoll und maschinenlesbares Prüfergebnis',
  auditHead: 'Kopf des Prüfprotokolls (Hashwert des letzten Eintrags vor diesem Entscheid)',
  auditEntries: 'Einträge im Prüfprotokoll',
  caseHead: 'Kopf der Fallkette (Falleintrag und Hashwert, gleich in jedem Arbeitsbereich mit dem Fall)',
  rulesFile: 'Bewertungsregeln',
  attachments:
    'Diese PDF-Datei enthält das Prüfergebnis als eingebettete Dateien: als verdict.json und im OSCAL-Format (assessment-results.oscal.json). Der SHA-256 auf der ersten Seite ist der Hashwert von verdict.json.',
  page: 'Seite',
  of: 'von',
  subjectOutcome: 'Ergebnis',
  none: '—',
  yes: 'ja',
  no: 'nein',
  scheme: 'Programm',
  version: 'Version',
  restsOnWaivers: 'Dieses Ergebnis beruht auf Ausnahmen',
  restsOnNote:
    'Ohne die folgenden Ausnahmen wäre das Ergebnis niedriger, oder ein blockierender Befund bestünde. Das Zertifikat gilt höchstens bis zum Ablauf der frühesten von ihnen.',
  count: 'Anzahl',
  moreLikeIt: 'weitere dieser Art',
  findingsGrouped: 'Befunde sind nach Art und Kriterium zusammengefasst; die Anzahl nennt, wie viele es sind.'
}

/** a status in a table cell: its mark, then its word as the messages write it */
const MARK: Record<CriterionStatus, string> = {
  pass: '✓',
  waived: '✓',
  tentative: '?',
  inconclusive: '*',
  pending: '?',
  fail: '✗',
  rejected: '✗',
  counted: '✓',
  'not-counted': '✗'
}
const statusText = Object.fromEntries(
  (['en', 'de'] as const).map((l) => [
    l,
    Object.fromEntries(Object.entries(MARK).map(([s, mark]) => [s, `${mark} ${STATUS_WORD[l][s]}`]))
  ])
) as Record<Lang, Record<CriterionStatus, string>>
const claimText: Record<Lang, Record<Claim, string>> = CLAIM_WORD

const decisionText: Record<Lang, Record<DecisionKind, string>> = {
  en: { accept: 'accepted', reject: 'rejected', waive: 'waived' },
  de: { accept: 'angenommen', reject: 'abgelehnt', waive: 'Ausnahme' }
}

const severityText: Record<Lang, Record<Severity, string>> = {
  en: { blocker: 'blocker', major: 'major', minor: 'minor', info: 'info' },
  de: { blocker: 'blockierend', major: 'schwer', minor: 'gering', info: 'Hinweis' }
}

const stateText: Record<Lang, Record<FindingState, string>> = {
  en: { open: 'open', resolved: 'resolved', waived: 'waived' },
  de: { open: 'offen', resolved: 'erledigt', waived: 'Ausnahme' }
}

const importKindText: Record<Lang, Record<ImportKind, string>> = {
  en: {
    'scs-report': 'SCS check report',
    'scs-scope': 'SCS scope',
    'self-assessment': 'self-assessment',
    'xlsx-questionnaire': 'questionnaire (XLSX)',
    'interop-guideline': 'interop guideline',
    'refstack-results': 'RefStack results',
    'junit-xml': 'JUnit XML',
    'evidence-document': 'evidence document'
  },
  de: {
    'scs-report': 'SCS-Prüfbericht',
    'scs-scope': 'SCS-Geltungsbereich',
    'self-assessment': 'Selbstauskunft',
    'xlsx-questionnaire': 'Fragebogen (XLSX)',
    'interop-guideline': 'Interop-Richtlinie',
    'refstack-results': 'RefStack-Ergebnisse',
    'junit-xml': 'JUnit-XML',
    'evidence-document': 'Nachweisdokument'
  }
}

export function labels(lang: Lang) {
  const L = lang === 'de' ? de : en
  return {
    L,
    lang,
    status: (s: CriterionStatus) => statusText[lang][s],
    claim: (c: Claim | null) => (c ? claimText[lang][c] : L.none),
    decision: (d: DecisionKind) => decisionText[lang][d],
    severity: (s: Severity) => severityText[lang][s],
    state: (s: FindingState) => stateText[lang][s],
    findingType: (f: FindingType) => FINDING_TYPE_NAMES[lang][f] ?? f,
    /** a domain message in this language; `fallback` (English) for verdicts written before the codes */
    say: (m: Msg | undefined, fallback: string) => (m ? say(m, lang) : fallback),
    importKind: (k: ImportKind) => importKindText[lang][k] ?? k,
    outcome: (o: string) => OUTCOME_NAMES[lang][o] ?? o,
    /** "1 point", "5 points" / "1 Punkt", "5 Punkte" */
    points: (n: number) => `${n} ${n === 1 ? L.pointUnit : L.pointsUnit}`,
    /** 2026-11-25 → "25 November 2026" / "25. November 2026" */
    date: (iso: string | null) => dayInWords(iso, lang) ?? (iso || L.none),
    /** 2026-11-25 → "2026-11-25" / "25.11.2026": for table cells */
    shortDate: (iso: string | null) => dayInFigures(iso, lang) ?? (iso || L.none),
    /** an ISO instant in UTC: "2026-11-18 08:12 UTC" / "18.11.2026, 08:12 UTC" */
    dateTime: (iso: string) => {
      const d = new Date(iso)
      if (Number.isNaN(d.getTime())) return iso
      const s = d.toISOString()
      const [y, m, day] = [s.slice(0, 4), s.slice(5, 7), s.slice(8, 10)]
      return lang === 'de'
        ? `${day}.${m}.${y}, ${s.slice(11, 16)} UTC`
        : `${y}-${m}-${day} ${s.slice(11, 16)} UTC`
    }
  }
}
export type Labeller = ReturnType<typeof labels>

/** The label dictionaries alone: what the serif face renders (titles and headings). */
export const labelDictionaryStrings = (): string[] => [...Object.values(en), ...Object.values(de)]

/** Every message of the catalogue in both languages, with placeholder parameters (for the glyph check). */
function messageSamples(): string[] {
  const params = new Proxy({} as Record<string, string | string[]>, {
    get: (_t, k) => (['cases', 'partners', 'named', 'subjects'].includes(String(k)) ? ['x'] : 'x')
  })
  return MSG_CODES.flatMap((code) => (['en', 'de'] as const).map((l) => say({ code, params }, l)))
}

/** Every string a labeller can produce, for the glyph-coverage test. */
export function allLabelStrings(): string[] {
  return [
    en,
    de,
    ...Object.values(statusText),
    ...Object.values(claimText),
    ...Object.values(decisionText),
    ...Object.values(severityText),
    ...Object.values(stateText),
    ...Object.values(FINDING_TYPE_NAMES),
    ...Object.values(importKindText),
    ...Object.values(OUTCOME_NAMES)
  ]
    .flatMap((o) => Object.values(o))
    .concat(monthNames('en'), monthNames('de'))
    .concat(messageSamples())
}
