/** A JSON text column read with a plain prepared statement: null stays null. */
export const parsedColumn = <T>(text: string | null): T | null => text === null ? null : JSON.parse(text) as T
