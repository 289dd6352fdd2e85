/*
 * The credential figures, each beside its baseline measured in the same run: issuance end to end
 * against raw jose `SignJWT` (bench/issuance.ts), and `POST /v1/verify` over HTTP against raw jose
 * `jwtVerify` (bench/verify.ts). `npm run bench` runs this after the completions; `npm run
 * bench:credentials` runs it alone.
 */
import { ISSUANCE_GOAL, benchIssuance, type IssuanceFigures } from './issuance.ts'
import { VERIFY_GOAL, benchVerify, type VerifyFigures } from './verify.ts'
import { fmt, log, verdict } from './report.ts'

export const CREDENTIAL_GOALS = { issuanceRatio: ISSUANCE_GOAL, verifyRatio: VERIFY_GOAL }

export type CredentialFigures = IssuanceFigures & VerifyFigures

export async function benchCredentials (): Promise<CredentialFigures> {
  log('credentials issued end to end, beside raw jose SignJWT')
  const issuance = await benchIssuance()
  log('POST /v1/verify over HTTP, beside raw jose jwtVerify')
  const verify = await benchVerify()
  return { ...issuance, ...verify }
}

/** The table rows: figure, value, goal, result. */
export function credentialRows (f: CredentialFigures): Array<[string, string, string, string]> {
  return [
    ['credentials issued/s, end to end / raw jose SignJWT/s', `${fmt(f.issuedPerSecond)} / ${fmt(f.rawSignPerSecond)}`, '-', 'info'],
    ['issuance / raw signing (median of round ratios)', fmt(f.issuanceRatio, 2), `>= ${ISSUANCE_GOAL}`, verdict(f.issuanceRatio >= ISSUANCE_GOAL)],
    ['POST /v1/verify req/s, HTTP / raw jose jwtVerify/s', `${fmt(f.verifyPerSecond)} / ${fmt(f.rawVerifyPerSecond)}`, '-', 'info'],
    ['verify over HTTP / raw verify (median of round ratios)', fmt(f.verifyRatio, 2), `>= ${VERIFY_GOAL}`, verdict(f.verifyRatio >= VERIFY_GOAL)]
  ]
}

// `npm run bench:credentials` runs this part alone
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const f = await benchCredentials()
  for (const [figure, value, goal, result] of credentialRows(f)) process.stdout.write(`${figure.padEnd(56)} ${value.padStart(17)}  ${goal.padEnd(7)} ${result}\n`)
  process.stdout.write(JSON.stringify(f) + '\n')
}
