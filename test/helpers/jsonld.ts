import { readFileSync } from 'node:fs'
import jsonld from 'jsonld'

/** The JSON-LD contexts kept in credentials/contexts/, by the URL credentials name them with. */
export const CONTEXT_FILES: Readonly<Record<string, string>> = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json': 'clr-v2p0-context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json'
}

const contextsDir = new URL('../../credentials/contexts/', import.meta.url)

/**
 * A jsonld document loader that reads only the contexts in credentials/contexts/ and refuses
 * every other URL, so that expanding a credential never touches the network and a context the
 * project does not keep fails loudly.
 */
export async function offlineDocumentLoader (url: string) {
  const file = CONTEXT_FILES[url]
  if (file === undefined) throw new Error(`offline loader: no local copy of ${url}`)
  return { contextUrl: undefined, documentUrl: url, document: JSON.parse(readFileSync(new URL(file, contextsDir), 'utf8')) }
}

/** `jsonld.expand` in safe mode (it throws on dropped terms and relative IRIs) with the offline loader. */
export async function expandSafely (document: object) {
  return jsonld.expand(document as jsonld.JsonLdDocument, { documentLoader: offlineDocumentLoader, safe: true } as jsonld.Options.Expand)
}

/**
 * Every property IRI and every `@type` in an expanded document, each once: what a JSON-LD reader
 * understood the document to say.
 */
export function expandedTerms (expanded: unknown): Set<string> {
  const terms = new Set<string>()
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === '@type') {
        for (const type of [value].flat()) if (!String(type).startsWith('@')) terms.add(String(type))
      } else if (key === '@value') {
        continue
      } else {
        if (!key.startsWith('@')) terms.add(key)
        walk(value)
      }
    }
  }
  walk(expanded)
  return terms
}
