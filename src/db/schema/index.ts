export * from './access.ts'
export * from './catalogue.ts'
export * from './participants.ts'
export * from './credentials.ts'
