import { SerializerSelector, type Options, type SerializerCompiler } from '@fastify/fast-json-stringify-compiler'
import { deferCompile } from './deferred-compile.ts'

/**
 * Response serializers, kept per process: Fastify builds one per route, status and content type
 * for every app, and building them (fast-json-stringify generates code) was a large part of an
 * app's start. A serializer depends only on its schema object and the shared schemas, so apps
 * with the very same shared schemas reuse it.
 */
const shared = new Map<string, { schemas: unknown[], byRouteSchema: WeakMap<object, ReturnType<SerializerCompiler>> }>()

/** Given to Fastify as `schemaController.compilersFactory.buildSerializer`. */
export function buildSerializerCompiler (externalSchemas?: unknown, options: Options = {}): SerializerCompiler {
  const compile = SerializerSelector()(externalSchemas, options)
  const named = (externalSchemas ?? {}) as Record<string, unknown>
  const key = `${JSON.stringify(options)}\u0000${Object.keys(named).join('\u0000')}`
  const schemas = Object.values(named)
  let entry = shared.get(key)
  if (!entry || !entry.schemas.every((s, i) => s === schemas[i])) {
    entry = { schemas, byRouteSchema: new WeakMap() }
    shared.set(key, entry)
  }
  const cache = entry.byRouteSchema
  return (route) => {
    const schema = route.schema
    if (typeof schema !== 'object' || schema === null) return compile(route)
    let serializer = cache.get(schema)
    if (!serializer) {
      // built on its first use, or in the background (deferred-compile.ts)
      const built = deferCompile(() => compile(route))
      serializer = (data) => built()(data)
      cache.set(schema, serializer)
    }
    return serializer
  }
}
