import fp from 'fastify-plugin'
import { watchOtherWriters, type WriteWatch } from '../../db/watch.ts'
import { createIssuerKeys } from '../issuers/issuer-keys.ts'
import { createKeyStore } from '../issuers/keystore.ts'
import { createStatusLists } from '../status-lists/status-lists.ts'
import { createIssuance } from './issuance.ts'

/**
 * Issuer keys, status lists and credential issuance, decorated app-wide as `issuerKeys`,
 * `statusLists` and `issuance`. Issuance runs in the background and gives way to requests, so
 * this plugin counts the requests being answered; register it before plugins that may refuse a
 * request (auth), so that those count too. Credentials queued before a stop are issued once the
 * app is ready, and those queued by another process (the CLI import) without waiting for a
 * request; on close the chunk in hand is finished first (onClose hooks run in reverse order, so
 * before the database is closed by a hook added earlier).
 */
export default fp(async function issuance (app) {
  const { db, config } = app
  app.decorate('issuerKeys', createIssuerKeys(db, createKeyStore(config), config.publicUrl, config.now))
  app.decorate('statusLists', createStatusLists(db, app.issuerKeys, config.publicUrl, config.now))

  // requests being answered: background issuance gives way to them ('close' also follows an aborted answer)
  let inFlight = 0
  app.addHook('onRequest', (request, reply, done) => {
    inFlight++
    reply.raw.once('close', () => { inFlight-- })
    done()
  })
  app.decorate('issuance', createIssuance({
    db,
    publicUrl: config.publicUrl,
    log: app.log,
    signingKey: (issuerId) => app.issuerKeys.signingKey(issuerId),
    profileOf: (issuerId) => app.issuerKeys.profileOf(issuerId),
    allocateStatuses: (issuerId, credentialIds) => app.statusLists.allocateMany(issuerId, credentialIds),
    setRevoked: (listId, index) => app.statusLists.revoke(listId, index),
    busy: () => inFlight > 0,
    now: config.now
  }))

  let otherWriters: WriteWatch | undefined
  app.addHook('onReady', async () => {
    // credentials queued before a stop are issued at the next start
    app.issuance.schedule()
    // credentials queued by another process (the CLI import) are issued without waiting for a request
    if (config.databasePath !== ':memory:') otherWriters = watchOtherWriters(db.$client, () => app.issuance.schedule())
  })
  app.addHook('onClose', async () => {
    otherWriters?.stop()
    await app.issuance.stop()
  })
}, { name: 'issuance', decorators: { fastify: ['db', 'config'] } })
