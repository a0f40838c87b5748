/** The labels of the verdict document in English and German. Every key exists in both (the type checks it). */
import type { CriterionStatus } from '../../shared/domain/verdict-types'
import type { DecisionKind, FindingState } from '../../shared/domain/decisions'
import type { Severity } from '../../shared/domain/reconcile'
import type { Claim } from '../../shared/domain/submission'

export type Lang = 'en' | 'de'

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
  submittedBy: 'submitted by',
  acceptedBy: 'accepted (four eyes) by',
  verdictId: 'Verdict id',
  verdictHash: 'Verdict SHA-256',
  qrNote: 'Scan to check the status of this verdict; the embedded verdict.json has this hash.',
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
  annexWaivers: 'Annex B — Waivers',
  owner: 'Owner',
  rationale: 'Rationale',
  expires: 'Expires',
  active: 'counts',
  expired: 'expired',
  noWaivers: 'No waivers.',
  noFindings: 'No findings.',
  annexFiles: 'Annex C — Imported files',
  file: 'File',
  kind: 'Kind',
  importedAt: 'Imported',
  annexAudit: 'Annex D — Audit log and machine-readable verdict',
  auditHead: 'Audit-log head (hash of the last entry before this verdict)',
  auditEntries: 'Audit-log entries',
  rulesFile: 'Scheme rules',
  attachments:
    'This PDF carries the verdict as verdict.json and as OSCAL assessment results (assessment-results.oscal.json), as embedded files. The verdict SHA-256 above is the hash of verdict.json.',
  page: 'Page',
  of: 'of',
  subjectOutcome: 'Result',
  none: '—',
  yes: 'yes',
  no: 'no',
  scheme: 'Scheme',
  version: 'Version'
} as const

type Labels = { readonly [K in keyof typeof en]: string }

const de: Labels = {
  certificate: 'Zertifikat',
  verdictTitle: 'Prüfentscheid',
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
  submittedBy: 'eingereicht von',
  acceptedBy: 'im Vier-Augen-Prinzip bestätigt von',
  verdictId: 'Kennung des Entscheids',
  verdictHash: 'SHA-256 des Entscheids',
  qrNote:
    'Scannen, um den Status dieses Entscheids zu prüfen; die eingebettete verdict.json hat diesen Hashwert.',
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
  annexWaivers: 'Anhang B — Ausnahmen',
  owner: 'Verantwortlich',
  rationale: 'Begründung',
  expires: 'Läuft ab',
  active: 'zählt',
  expired: 'abgelaufen',
  noWaivers: 'Keine Ausnahmen.',
  noFindings: 'Keine Befunde.',
  annexFiles: 'Anhang C — Importierte Dateien',
  file: 'Datei',
  kind: 'Art',
  importedAt: 'Importiert',
  annexAudit: 'Anhang D — Prüfprotokoll und maschinenlesbarer Entscheid',
  auditHead: 'Kopf des Prüfprotokolls (Hashwert des letzten Eintrags vor diesem Entscheid)',
  auditEntries: 'Einträge im Prüfprotokoll',
  rulesFile: 'Bewertungsregeln',
  attachments:
    'Diese PDF-Datei enthält den Entscheid als verdict.json und als OSCAL-Prüfergebnis (assessment-results.oscal.json) in eingebetteten Dateien. Der SHA-256 oben ist der Hashwert von verdict.json.',
  page: 'Seite',
  of: 'von',
  subjectOutcome: 'Ergebnis',
  none: '—',
  yes: 'ja',
  no: 'nein',
  scheme: 'Programm',
  version: 'Version'
}

const statusText: Record<Lang, Record<CriterionStatus, string>> = {
  en: {
    pass: '✓ pass',
    waived: '✓ waived',
    tentative: '? tentative',
    pending: '? pending',
    fail: '✗ fail',
    rejected: '✗ rejected',
    counted: '✓ counted',
    'not-counted': '✗ not counted'
  },
  de: {
    pass: '✓ erfüllt',
    waived: '✓ Ausnahme',
    tentative: '? vorläufig',
    pending: '? offen',
    fail: '✗ nicht erfüllt',
    rejected: '✗ abgelehnt',
    counted: '✓ gezählt',
    'not-counted': '✗ nicht gezählt'
  }
}

const claimText: Record<Lang, Record<Claim, string>> = {
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

/** Outcomes of scope and guideline schemes; tiers use the rule file's names. */
const outcomeText: Record<Lang, Record<string, string>> = {
  en: {
    pass: 'Pass',
    tentative: 'Tentative',
    fail: 'Fail',
    counted: 'counted',
    'not-counted': 'not counted'
  },
  de: {
    pass: 'Bestanden',
    tentative: 'Vorläufig',
    fail: 'Nicht bestanden',
    counted: 'gezählt',
    'not-counted': 'nicht gezählt'
  }
}

const MONTHS: Record<Lang, readonly string[]> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December'
  ],
  de: [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember'
  ]
}

export function labels(lang: Lang) {
  const L = lang === 'de' ? de : en
  return {
    L,
    status: (s: CriterionStatus) => statusText[lang][s],
    claim: (c: Claim | null) => (c ? claimText[lang][c] : L.none),
    decision: (d: DecisionKind) => decisionText[lang][d],
    severity: (s: Severity) => severityText[lang][s],
    state: (s: FindingState) => stateText[lang][s],
    outcome: (o: string) => outcomeText[lang][o] ?? o,
    /** 2026-11-25 → "25 November 2026" / "25. November 2026" */
    date: (iso: string | null) => {
      if (!iso) return L.none
      const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number]
      return lang === 'de' ? `${d}. ${MONTHS.de[m - 1]} ${y}` : `${d} ${MONTHS.en[m - 1]} ${y}`
    },
    dateTime: (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
  }
}
export type Labeller = ReturnType<typeof labels>

/** The label dictionaries alone: what the serif face renders (titles and headings). */
export const labelDictionaryStrings = (): string[] => [...Object.values(en), ...Object.values(de)]

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
    ...Object.values(outcomeText)
  ]
    .flatMap((o) => Object.values(o))
    .concat(MONTHS.en, MONTHS.de)
}
