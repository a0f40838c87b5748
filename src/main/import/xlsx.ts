/**
 * XLSX questionnaires: a blank template per case (one row per criterion, drop-down claims, a subjects
 * sheet), and the import of a filled one into exactly the same submission as the YAML form: the sheets
 * are turned into a self-assessment document and checked by the same schema. Errors name the cell.
 */
import ExcelJS from 'exceljs'
import { InputError } from '../../shared/format/input-error'
import { SUBJECT_KEYS, type Submission } from '../../shared/domain/submission'
import { parseSubmission } from './submission-schema'
import { checkZip } from './zip-guard'

export const CLAIMS = ['met', 'partially-met', 'not-met', 'not-applicable'] as const
const YES_NO = ['yes', 'no']

const SUBMISSION_ROWS: readonly [key: string, label: string, help: string][] = [
  ['formatVersion', 'Format version', 'Leave at 1.'],
  ['kind', 'Kind', 'Leave at self-assessment.'],
  ['scheme', 'Scheme', 'The certification scheme, as given.'],
  ['schemeVersion', 'Scheme version', 'The version applied for.'],
  ['tier', 'Tier', 'Optional: the tier requested, for example silver or bronze.'],
  ['submittedAt', 'Submitted at', 'The date you signed off the answers (YYYY-MM-DD).'],
  ['applicant.name', 'Applicant name', 'The legal entity applying.'],
  ['applicant.id', 'Applicant register id', 'Optional, for example HRB 12345.'],
  ['applicant.address', 'Applicant address', 'Optional.'],
  ['applicant.contact.name', 'Contact name', 'Optional; with an email.'],
  ['applicant.contact.email', 'Contact email', 'Optional; with a name.']
]
/** the subject keys, with `joint` split into its two parts */
const SUBJECT_COLUMNS: readonly string[] = SUBJECT_KEYS.flatMap((k) =>
  k === 'joint' ? ['joint.partners', 'joint.ownShare'] : [k]
)
const ANSWER_COLUMNS = [
  'criterion',
  'criterion name',
  'subject',
  'claim',
  'statement',
  'evidence',
  'figures'
] as const

export interface TemplateInput {
  readonly caseId: string
  readonly scheme: string
  readonly schemeVersion: string
  readonly criteria: readonly { readonly id: string; readonly name: string; readonly manual: boolean }[]
}

const list = (values: readonly string[]): ExcelJS.DataValidation => ({
  type: 'list',
  allowBlank: true,
  formulae: [`"${values.join(',')}"`],
  showErrorMessage: true,
  errorTitle: 'Not in the list',
  error: `Choose one of: ${values.join(', ')}`
})

export async function buildTemplate(t: TemplateInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Auditor Workbench'
  wb.title = `Self-assessment questionnaire: ${t.scheme} ${t.schemeVersion}`
  const header = (ws: ExcelJS.Worksheet): void => {
    ws.getRow(1).font = { bold: true }
    ws.views = [{ state: 'frozen', ySplit: 1 }]
  }

  const sub = wb.addWorksheet('Submission')
  sub.columns = [
    { header: 'key', key: 'key', width: 26 },
    { header: 'value', key: 'value', width: 44 },
    { header: 'help', key: 'help', width: 60 }
  ]
  header(sub)
  for (const [key, , help] of SUBMISSION_ROWS) {
    const value =
      key === 'formatVersion'
        ? 1
        : key === 'kind'
          ? 'self-assessment'
          : key === 'scheme'
            ? t.scheme
            : key === 'schemeVersion'
              ? t.schemeVersion
              : null
    sub.addRow({ key, value, help })
  }

  const partners = wb.addWorksheet('Partners')
  partners.columns = [
    { header: 'name', key: 'name', width: 36 },
    { header: 'role', key: 'role', width: 60 }
  ]
  header(partners)

  const subjects = wb.addWorksheet('Subjects')
  subjects.columns = SUBJECT_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: c === 'joint.ownShare' || c === 'name' ? 36 : 16
  }))
  header(subjects)
  for (let r = 2; r <= 200; r++) {
    subjects.getCell(r, 3).dataValidation = list(['iaas', 'kaas'])
    subjects.getCell(r, 6).dataValidation = list(['brought-into-production', 'managed', 'operated'])
    subjects.getCell(r, 7).dataValidation = list(YES_NO)
    subjects.getCell(r, 8).dataValidation = list(YES_NO)
  }

  const answers = wb.addWorksheet('Answers')
  answers.columns = ANSWER_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: c === 'statement' || c === 'evidence' ? 60 : c === 'criterion name' ? 40 : 22
  }))
  header(answers)
  for (const c of t.criteria)
    answers.addRow({
      criterion: c.id,
      'criterion name': c.manual ? `${c.name} (manual: attach evidence)` : c.name
    })
  for (let r = 2; r <= Math.max(200, t.criteria.length + 100); r++)
    answers.getCell(r, 4).dataValidation = list([...CLAIMS])

  const help = wb.addWorksheet('Help')
  help.getColumn(1).width = 110
  for (const line of [
    `Questionnaire for case ${t.caseId}: ${t.scheme} ${t.schemeVersion}.`,
    'Fill in Submission, Subjects (one row per environment) and Answers (one row per criterion and subject).',
    'Answers: leave "subject" empty when there is only one subject; copy a row to answer a criterion for several subjects.',
    'Evidence: one link per line, as  title | https://… or attachment:NAME | YYYY-MM-DD (the date is optional).',
    'Figures: name=number pairs separated by ";", for example  customers=140; workloads=5200.',
    'Subjects, joint.partners: partner names separated by ";". yes/no columns: choose from the list.'
  ])
    help.addRow([line])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

type Cell = ExcelJS.CellValue
function cellText(v: Cell): string | number | boolean | null {
  if (v === null || v === undefined) return null
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('result' in v) return cellText((v as ExcelJS.CellFormulaValue).result as Cell)
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('')
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text)
    if ('error' in v) return null
    return null
  }
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim()
  return v
}

function figuresOf(s: string, where: () => string, file: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const part of s
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z][\w.-]*)\s*[=:]\s*(-?\d+(?:\.\d+)?)$/.exec(part)
    if (!m)
      throw new InputError(
        file,
        where(),
        `"${part}" is not a figure; write name=number, for example customers=140`
      )
    out[m[1]!] = Number(m[2])
  }
  return out
}

/** Reads a filled questionnaire into a self-assessment document, then validates it like the YAML form. */
export async function parseQuestionnaire(file: string, bytes: Uint8Array): Promise<Submission> {
  const names = await checkZip(file, bytes)
  if (!names.includes('xl/workbook.xml'))
    throw new InputError(file, '(whole file)', 'a ZIP file, but not an XLSX workbook')
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer
    )
  } catch (error) {
    throw new InputError(file, '(whole file)', `the workbook cannot be read: ${(error as Error).message}`)
  }
  const sheet = (name: string): ExcelJS.Worksheet => {
    const ws = wb.getWorksheet(name)
    if (!ws)
      throw new InputError(
        file,
        `sheet "${name}"`,
        'the sheet is missing; start from the template (export-template)'
      )
    return ws
  }
  const cells = new Map<string, string>() // document path → cell address, for error messages
  const doc: Record<string, unknown> = {}
  const setPath = (path: string, value: unknown): void => {
    const parts = path.split('.')
    let o = doc
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>
    o[parts.at(-1)!] = value
  }

  const sub = sheet('Submission')
  sub.eachRow((row, r) => {
    if (r === 1) return
    const key = cellText(row.getCell(1).value)
    const value = cellText(row.getCell(2).value)
    if (typeof key !== 'string' || value === null) return
    if (!SUBMISSION_ROWS.some(([k]) => k === key)) return
    setPath(
      key,
      key === 'formatVersion' && typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : typeof value === 'number' && key !== 'formatVersion'
          ? String(value)
          : value
    )
    cells.set(key, `Submission!B${r}`)
  })

  const partners: Record<string, unknown>[] = []
  wb.getWorksheet('Partners')?.eachRow((row, r) => {
    if (r === 1) return
    const name = cellText(row.getCell(1).value)
    const role = cellText(row.getCell(2).value)
    if (name === null && role === null) return
    cells.set(`partners[${partners.length}]`, `Partners!A${r}`)
    partners.push({ name, role })
  })
  if (partners.length) doc['partners'] = partners

  const subjects: Record<string, unknown>[] = []
  sheet('Subjects').eachRow((row, r) => {
    if (r === 1) return
    const values = SUBJECT_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value))
    if (values.every((v) => v === null)) return
    const s: Record<string, unknown> = {}
    const i = subjects.length
    SUBJECT_COLUMNS.forEach((col, c) => {
      const v = values[c]
      if (v === null || v === undefined) return
      const address = `Subjects!${String.fromCharCode(65 + c)}${r}`
      cells.set(`subjects[${i}].${col}`, address)
      if (col === 'thirdParty' || col === 'publicCloud')
        s[col] = v === 'yes' || v === true ? true : v === 'no' || v === false ? false : v
      else if (col === 'joint.partners') {
        const joint = (s['joint'] ??= {}) as Record<string, unknown>
        joint['partners'] = String(v)
          .split(';')
          .map((x) => x.trim())
          .filter(Boolean)
      } else if (col === 'joint.ownShare')
        ((s['joint'] ??= {}) as Record<string, unknown>)['ownShare'] = String(v)
      else if (col === 'figures') s[col] = figuresOf(String(v), () => address, file)
      else if (
        col === 'id' ||
        col === 'name' ||
        col === 'scope' ||
        col === 'scopeVersion' ||
        col === 'since' ||
        col === 'until'
      )
        s[col] = typeof v === 'number' ? String(v) : v
      else s[col] = v
    })
    subjects.push(s)
  })
  doc['subjects'] = subjects

  const answers: Record<string, unknown>[] = []
  sheet('Answers').eachRow((row, r) => {
    if (r === 1) return
    const [criterion, , subject, claim, statement, evidence, figures] = ANSWER_COLUMNS.map((_, i) =>
      cellText(row.getCell(i + 1).value)
    )
    if (claim === null && statement === null && evidence === null && figures === null) return // not answered
    const i = answers.length
    const a: Record<string, unknown> = {
      criterion: criterion === null ? undefined : String(criterion),
      claim
    }
    cells.set(`answers[${i}]`, `Answers!A${r}`)
    cells.set(`answers[${i}].criterion`, `Answers!A${r}`)
    cells.set(`answers[${i}].claim`, `Answers!D${r}`)
    if (subject !== null) {
      a['subject'] = String(subject)
      cells.set(`answers[${i}].subject`, `Answers!C${r}`)
    }
    if (statement !== null) {
      a['statement'] = String(statement)
      cells.set(`answers[${i}].statement`, `Answers!E${r}`)
    }
    if (evidence !== null) {
      a['evidence'] = String(evidence)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((line, k) => {
          const [title, ref, date] = line.split('|').map((x) => x.trim())
          cells.set(`answers[${i}].evidence[${k}]`, `Answers!F${r}`)
          return { title, ref, ...(date ? { date } : {}) }
        })
    }
    if (figures !== null) a['figures'] = figuresOf(String(figures), () => `Answers!G${r}`, file)
    if (a['criterion'] === undefined) delete a['criterion']
    answers.push(a)
  })
  doc['answers'] = answers

  try {
    return parseSubmission(file, doc)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    // name the cell: the longest document path with a known cell
    let place = error.place
    for (let p = error.place; p; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
      const cell = cells.get(p)
      if (cell) {
        place = `${cell} (${error.place})`
        break
      }
      if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break
    }
    if (place === error.place && /^(subjects|answers)$/.test(error.place))
      place = `sheet "${error.place === 'subjects' ? 'Subjects' : 'Answers'}" (${error.place})`
    throw new InputError(file, place, error.reason)
  }
}
