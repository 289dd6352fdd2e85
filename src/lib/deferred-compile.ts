/**
 * Compiling is put off from start-up: request validators (Ajv) and response serializers
 * (fast-json-stringify) generate code for every route, which was about a third of the CPU of a
 * start (`npm run bench:cold-start`). Each compiles on its first use, and the server compiles
 * the rest in the background once it listens (`compileDeferred`), one per turn of the event loop,
 * so no request waits behind them. An app that is gone takes its pending compilations with it.
 */
const pending = new Set<WeakRef<() => unknown>>()

/** Makes `compile` run at most once: on the first call of the result, or from `compileDeferred`. */
export function deferCompile<T> (compile: () => T): () => T {
  let done: { value: T } | undefined
  const once = (): T => {
    if (!done) {
      done = { value: compile() }
      pending.delete(ref)
    }
    return done.value
  }
  const ref = new WeakRef(once)
  pending.add(ref)
  return once
}

/** Compiles everything still put off, yielding to the event loop between each; returns how many it compiled. */
export async function compileDeferred (): Promise<number> {
  let compiled = 0
  for (const ref of pending) {
    const compile = ref.deref()
    pending.delete(ref)
    if (!compile) continue
    compile()
    compiled++
    await new Promise((resolve) => setImmediate(resolve))
  }
  return compiled
}
