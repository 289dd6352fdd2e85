import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { issuerLogos, organisations, signingKeys } from '../../db/schema/index.ts'

export type SigningKeyRow = typeof signingKeys.$inferSelect

/** Signing keys' public halves and the organisations that may issue: queries only. */
export function createSigningKeyRepository (db: Db) {
  const current = db.select().from(signingKeys)
    .where(and(eq(signingKeys.issuerId, sql.placeholder('issuerId')), isNull(signingKeys.retiredAt)))
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.id)).limit(1).prepare()
  const byId = db.select().from(signingKeys).where(eq(signingKeys.id, sql.placeholder('id'))).prepare()
  const ofIssuer = db.select().from(signingKeys).where(eq(signingKeys.issuerId, sql.placeholder('issuerId')))
    .orderBy(asc(signingKeys.createdAt), asc(signingKeys.id)).prepare()
  const everyKey = db.select().from(signingKeys).orderBy(asc(signingKeys.issuerId), asc(signingKeys.createdAt), asc(signingKeys.id)).prepare()
  const logo = db.select({ svg: issuerLogos.svg }).from(issuerLogos).where(eq(issuerLogos.issuerId, sql.placeholder('issuerId'))).prepare()
  const organisation = db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations).where(eq(organisations.id, sql.placeholder('id'))).prepare()

  return {
    /** the key that signs now: the newest one not retired */
    currentOf: (issuerId: string): SigningKeyRow | undefined => current.get({ issuerId }),
    findById: (id: string): SigningKeyRow | undefined => byId.get({ id }),
    /** current and retired keys, oldest first */
    listOf: (issuerId: string): SigningKeyRow[] => ofIssuer.all({ issuerId }),
    listAll: (): SigningKeyRow[] => everyKey.all(),
    findOrganisation: (id: string) => organisation.get({ id }),
    /** the issuer's own logo (SVG, checked when stored), or undefined when it has none */
    logoOf: (issuerId: string): string | undefined => logo.get({ issuerId })?.svg,
    saveLogo: (issuerId: string, svg: string, at: string) => {
      db.insert(issuerLogos).values({ issuerId, svg, updatedAt: at })
        .onConflictDoUpdate({ target: issuerLogos.issuerId, set: { svg, updatedAt: at } }).run()
    },
    /** true when there was a logo to remove */
    removeLogo: (issuerId: string): boolean => db.delete(issuerLogos).where(eq(issuerLogos.issuerId, issuerId)).run().changes > 0,
    /**
     * Stores a first key unless another (process) made one meanwhile; returns the key that signs.
     * The check and the insert share one transaction, so an issuer never gets two current keys this way.
     */
    insertFirst: (row: SigningKeyRow): SigningKeyRow => db.transaction(() => {
      const existing = current.get({ issuerId: row.issuerId })
      if (existing) return existing
      db.insert(signingKeys).values(row).run()
      return row
    }, { behavior: 'immediate' }),
    /** Retires every current key of the issuer and stores `row` as the one that signs, atomically. */
    replaceCurrent: (row: SigningKeyRow): SigningKeyRow => db.transaction(() => {
      db.update(signingKeys).set({ retiredAt: row.createdAt })
        .where(and(eq(signingKeys.issuerId, row.issuerId), isNull(signingKeys.retiredAt))).run()
      db.insert(signingKeys).values(row).run()
      return row
    }, { behavior: 'immediate' })
  }
}
export type SigningKeyRepository = ReturnType<typeof createSigningKeyRepository>
