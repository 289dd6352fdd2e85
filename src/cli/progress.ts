const WIDTH = 30

/** One frame of the bar, e.g. `[#########---------------------]  300/1000 rows` */
export function renderProgress (done: number, total: number): string {
  const share = total === 0 ? 1 : Math.min(done / total, 1)
  const filled = Math.round(share * WIDTH)
  const count = String(done).padStart(String(total).length)
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${count}/${total} rows`
}

export interface Progress {
  /** `done` rows of `total` are through; redraws only when the bar would look different */
  update: (done: number) => void
  /** wipes the bar, so a line can be written; the next update draws it again */
  clear: () => void
}

/**
 * A progress bar drawn in place with `\r`. `draw` is given only when stderr is a terminal (the CLI
 * entry decides); without it every call does nothing, so tests and pipes never see it.
 */
export function createProgress (total: number, draw?: (frame: string) => void): Progress {
  if (!draw) return { update: () => {}, clear: () => {} }
  let shown: string | undefined
  let lastPercent = -1
  return {
    update (done) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
      if (shown !== undefined && percent === lastPercent && done !== total) return
      lastPercent = percent
      shown = renderProgress(done, total)
      draw(`\r\x1b[2K${shown}`)
    },
    clear () {
      if (shown === undefined) return
      draw('\r\x1b[2K')
      shown = undefined
    }
  }
}
