/**
 * Argument schemas per channel. Every transport validates the raw arguments here before a handler runs,
 * so a handler can trust its parameter types. The compiler checks one schema per channel.
 */
import { z } from 'zod'
import { isIsoDate } from '../../shared/dates'
import type { InvokeChannel, InvokeContract } from '../../shared/ipc/contract'
import { MAX_DOCUMENTS_PER_CALL, MAX_FILES_PER_CALL, UPLOAD_ID } from '../../shared/ipc/upload'

const id = z.string().min(1).max(200)
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256: 64 lower-case hexadecimal digits')
const date = z.string().refine(isIsoDate, 'expected a day of the calendar written YYYY-MM-DD').optional()

type ArgSchemas = { [C in InvokeChannel]: z.ZodType<Parameters<InvokeContract[C]>> }

export const ARG_SCHEMAS: ArgSchemas = {
  'app:info': z.tuple([]),
  'schemes:list': z.tuple([]),
  'schemes:get': z.tuple([id]),
  'schemes:preview': z.tuple([
    z.object({ name: z.string().min(1).max(500), base64: z.string().max(100_000_000) })
  ]),
  'schemes:import': z.tuple([
    z.object({ name: z.string().min(1).max(500), base64: z.string().max(100_000_000) }),
    z.object({ reason: z.string().min(1).max(2_000) }).optional()
  ]) as unknown as z.ZodType<Parameters<InvokeContract['schemes:import']>>,
  'cases:list': z.tuple([]),
  'cases:create': z.tuple([
    z.object({
      id: z.string().max(64),
      schemeId: id,
      schemeVersion: id,
      title: z.string().max(300).optional(),
      previousCaseId: id.optional()
    })
  ]),
  'cases:get': z.tuple([id, date]) as unknown as z.ZodType<[string, string?]>,
  'cases:results': z.tuple([id, date]) as unknown as z.ZodType<[string, string?]>,
  'cases:audit': z.tuple([id]),
  'audit:verify': z.tuple([id]),
  'import:files': z.tuple([
    id,
    z
      .array(
        z.union([
          z.object({ name: z.string().min(1).max(500), base64: z.string() }),
          z.object({ name: z.string().min(1).max(500), upload: z.string().regex(UPLOAD_ID) }),
          z.object({ name: z.string().min(1).max(500), bytes: z.instanceof(Uint8Array) })
        ])
      )
      .min(1)
      .max(MAX_FILES_PER_CALL),
    z.string().max(100).optional()
  ]) as unknown as z.ZodType<Parameters<InvokeContract['import:files']>>,
  'cases:exportTemplate': z.tuple([id]),
  'cases:review': z.tuple([id, date]) as unknown as z.ZodType<[string, string?]>,
  'cases:verdict': z.tuple([id, date]) as unknown as z.ZodType<[string, string?]>,
  'cases:roundDiff': z.tuple([id]),
  'verdict:export': z.tuple([
    z.object({
      caseId: id,
      at: date,
      lang: z.enum(['en', 'de']),
      preAudit: z.boolean(),
      p12Base64: z.string().max(200_000).optional(),
      passphrase: z.string().max(1_000).optional(),
      useKeychain: z.boolean().optional(),
      body: z.string().min(1).max(300).optional(),
      actor: z.string().min(1).max(200).optional(),
      tsaUrl: z
        .string()
        .max(2000)
        .regex(/^https?:\/\//, 'expected an http(s) URL')
        .optional()
    })
  ]) as unknown as z.ZodType<Parameters<InvokeContract['verdict:export']>>,
  'verdict:verify': z.tuple([
    z.object({ name: z.string().min(1).max(500), base64: z.string().max(200_000_000) }),
    z
      .object({
        trustPem: z.string().max(4_000_000).optional(),
        trustSource: z.string().max(4096).optional()
      })
      .optional()
  ]) as unknown as z.ZodType<Parameters<InvokeContract['verdict:verify']>>,
  'trust:list': z.tuple([]),
  'trust:add': z.tuple([z.string().min(1).max(4_000_000)]),
  'trust:remove': z.tuple([z.string().regex(/^[0-9A-Fa-f:]{64,95}$/, 'expected a SHA-256 fingerprint')]),
  'cases:carryForward': z.tuple([id]),
  'reports:log': z.tuple([z.number().int().positive(), z.string().min(1).max(1000)]),
  'cases:reviewFlow': z.tuple([
    id,
    z.enum(['submit', 'accept', 'return', 'reopen']),
    z.string().max(20_000).optional()
  ]) as unknown as z.ZodType<Parameters<InvokeContract['cases:reviewFlow']>>,
  'decisions:record': z.tuple([
    z.object({
      caseId: id,
      // '' decides the case-level findings of a subject (the workspace checks that such findings exist)
      criterion: z.string().max(200),
      subject: z.string().max(200),
      decision: z.enum(['accept', 'reject', 'waive']),
      comment: z.string().max(20_000),
      waiverOwner: z.string().max(200).nullable().optional(),
      waiverExpires: z.string().max(10).nullable().optional(),
      documents: z.array(sha256).max(200).optional()
    })
  ]),
  'demo:open': z.tuple([]),
  'identity:list': z.tuple([]),
  'identity:current': z.tuple([]),
  'identity:create': z.tuple([
    z.strictObject({
      name: z.string().min(1).max(400),
      passphrase: z.string().max(1_000).optional(),
      remember: z.boolean().optional()
    })
  ]) as unknown as z.ZodType<Parameters<InvokeContract['identity:create']>>,
  'identity:add': z.tuple([z.string().min(1).max(400), z.string().min(1).max(2_000)]),
  'identity:unlock': z.tuple([
    z.strictObject({
      keyBase64: z.string().max(20_000).optional(),
      passphrase: z.string().max(1_000).optional(),
      remember: z.boolean().optional()
    })
  ]) as unknown as z.ZodType<Parameters<InvokeContract['identity:unlock']>>,
  'identity:lock': z.tuple([z.boolean().optional()]) as unknown as z.ZodType<
    Parameters<InvokeContract['identity:lock']>
  >,
  'bundle:export': z.tuple([
    id,
    z
      .strictObject({ handOver: z.boolean().optional(), comment: z.string().max(10_000).optional() })
      .optional()
  ]) as unknown as z.ZodType<Parameters<InvokeContract['bundle:export']>>,
  // the bundle size cap (256 MiB) in base64, with room
  'bundle:verify': z.tuple([
    z.object({ name: z.string().min(1).max(500), base64: z.string().max(360_000_000) })
  ]),
  'bundle:import': z.tuple([
    z.object({ name: z.string().min(1).max(500), base64: z.string().max(360_000_000) })
  ]),
  'bundle:take-back': z.tuple([id, z.string().min(1).max(10_000)]),
  'bundle:holder': z.tuple([id]),
  'documents:list': z.tuple([id]),
  'documents:attach': z.tuple([
    id,
    z
      .array(z.object({ name: z.string().min(1).max(500), base64: z.string().max(140_000_000) }))
      .min(1)
      .max(MAX_DOCUMENTS_PER_CALL)
  ]),
  'documents:get': z.tuple([id, sha256]),
  'documents:remove': z.tuple([id, sha256, z.string().min(1).max(2_000)]),
  'register:settings': z.tuple([]),
  'register:configure': z.tuple([z.string().max(2_000).nullable()]),
  'register:overview': z.tuple([]),
  'register:push': z.tuple([id]),
  'register:flush': z.tuple([]),
  'register:hold': z.tuple([id, z.enum(['checkout', 'checkin'])]),
  'register:pull': z.tuple([id])
}
