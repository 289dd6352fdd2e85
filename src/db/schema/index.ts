export * from './access.ts'
export * from './catalogue.ts'
