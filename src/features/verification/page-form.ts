import type { FastifyRequest } from 'fastify'
import type { Refusal } from './page-text.ts'

/** The form's field names: the pasted text and the chosen file. */
export const FORM_FIELDS = { text: 'credential', file: 'file' } as const

/** What a posted form holds: the text to verify, or why there is none. */
export type FormInput = { kind: 'text', text: string } | { kind: 'refused', refusal: Refusal, status: number }

const refused = (refusal: Refusal, status: number): FormInput => ({ kind: 'refused', refusal, status })

/** The file if one was given (a browser sends an empty part when none was chosen), else the text. */
function choose (file: Buffer | undefined, text: string | undefined): FormInput {
  if (file && file.length > 0) return { kind: 'text', text: file.toString('utf8') }
  if (text !== undefined && text.trim() !== '') return { kind: 'text', text }
  return refused('empty', 400)
}

/**
 * Reads a multipart form part by part. Its limits (set where the multipart plugin is registered)
 * end the reading: a file over the size limit throws `FST_REQ_FILE_TOO_LARGE` (the part is
 * drained, never kept), a text over the field limit arrives cut short (`valueTruncated`), a second
 * file or a third field throws a limit error. Broken multipart is a bad form, never a 5xx.
 */
async function readMultipart (request: FastifyRequest): Promise<FormInput> {
  let file: Buffer | undefined
  let text: string | undefined
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer()
        if (part.fieldname === FORM_FIELDS.file) file = content
      } else if (part.fieldname === FORM_FIELDS.text) {
        if (part.valueTruncated) return refused('too-large', 413)
        text = String(part.value)
      }
    }
  } catch (error) {
    return (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ? refused('too-large', 413) : refused('bad-form', 400)
  }
  return choose(file, text)
}

const mediaTypeOf = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase()

/**
 * The text a POST to the verify page sends: from the page's own multipart form (file or text), or
 * from a plain urlencoded form (text only). Any other body is refused as the wrong kind.
 */
export async function readVerifyForm (request: FastifyRequest): Promise<FormInput> {
  if (request.isMultipart()) return readMultipart(request)
  if (mediaTypeOf(request) === 'application/x-www-form-urlencoded') {
    return choose(undefined, (request.body as Record<string, string | undefined> | undefined)?.[FORM_FIELDS.text])
  }
  if (request.body === undefined || request.body === null) return refused('empty', 400)
  return refused('wrong-type', 415)
}
