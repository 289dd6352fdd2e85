import type { Texts } from '../../lib/page-text.ts'

interface Message { heading: string, text: string }

interface StatsWords {
  title: string
  intro: string[]
  chooserHeading: string
  periodLabel: string
  regionLabel: string
  allRegions: string
  show: string
  allPeriods: string
  quarter: (n: number, year: string) => string
  range: (from: string, to: string) => string
  sinceStart: string
  asOf: (date: string, time: string) => string
  noFigures: string
  unknownPeriod: Message
  unknownRegion: Message
  readingHeading: string
  lessThan10: string
  lessThan10Explained: string
  suppressed: string
  suppressedExplained: string
  notShown: string
  tableHeading: string
  caption: (period: string) => string
  scrollHint: string
  regionColumn: string
  programme: string
  shareColumn: string
  shareOf: (share: string, goal: string) => string
  goalNote: (goal: string) => string
  chartsHeading: string
  chartsIntro: string
  chartLabel: (measure: string, period: string) => string
}

/** The words of the public figures page; Dutch first, English on request. Measures have their own words (MEASURE_TEXT). */
export const STATS_TEXT: Texts<StatsWords> = {
  nl: {
    title: 'Cijfers per regio',
    intro: [
      'Hier ziet u hoe het programma gaat: in elke regio en in het hele programma.',
      'Elke regio wil 200 mensen aan het werk helpen.',
      'De cijfers zijn geteld, niet geschat. Niemand is erin herkenbaar.'
    ],
    chooserHeading: 'Kies wat u wilt zien',
    periodLabel: 'Periode',
    regionLabel: 'Regio',
    allRegions: 'Alle regio\'s',
    show: 'Laat zien',
    allPeriods: 'Het hele programma',
    quarter: (n, year) => `${n}e kwartaal ${year}`,
    range: (from, to) => `Van ${from} tot en met ${to}.`,
    sinceStart: 'Vanaf de start van het programma.',
    asOf: (date, time) => `Stand op ${date} om ${time}.`,
    noFigures: 'Er zijn nog geen cijfers.',
    unknownPeriod: { heading: 'Deze periode kennen we niet', text: 'Kies hieronder een periode uit de lijst.' },
    unknownRegion: { heading: 'Deze regio kennen we niet', text: 'Kies hieronder een regio uit de lijst.' },
    readingHeading: 'Zo leest u de cijfers',
    lessThan10: 'minder dan 10',
    lessThan10Explained: 'Het echte getal is kleiner dan 10. Dat laten we niet zien, zodat niemand herkenbaar is.',
    suppressed: 'afgeschermd',
    suppressedExplained: 'Dit getal laten we ook niet zien. Met de andere getallen (zoals het totaal) kan iemand anders uitrekenen hoeveel een getal onder 10 is.',
    notShown: 'niet te berekenen',
    tableHeading: 'Tabel',
    caption: (period) => `Cijfers per regio: ${period}`,
    scrollHint: 'De tabel is breed. Schuif opzij om alles te zien.',
    regionColumn: 'Regio',
    programme: 'Hele programma',
    shareColumn: 'Aan het werk: deel van het doel',
    shareOf: (share, goal) => `${share} van ${goal}`,
    goalNote: (goal) => `Het doel is ${goal} mensen aan het werk per regio. Voor het hele programma telt het doel van alle regio's samen.`,
    chartsHeading: 'Grafieken',
    chartsIntro: 'Per cijfer een grafiek met een balk per regio. Dezelfde getallen staan in de tabel.',
    chartLabel: (measure, period) => `Staafdiagram: ${measure}, per regio, ${period}. De getallen staan ook in de tabel.`
  },
  en: {
    title: 'Figures per region',
    intro: [
      'How the programme is doing: in each region and in the whole programme.',
      'Each region aims to help 200 people into work.',
      'The figures are counted, not estimated. No one can be recognised in them.'
    ],
    chooserHeading: 'Choose what to see',
    periodLabel: 'Period',
    regionLabel: 'Region',
    allRegions: 'All regions',
    show: 'Show',
    allPeriods: 'The whole programme',
    quarter: (n, year) => `Q${n} ${year}`,
    range: (from, to) => `From ${from} to ${to}.`,
    sinceStart: 'Since the programme started.',
    asOf: (date, time) => `As of ${date} at ${time}.`,
    noFigures: 'There are no figures yet.',
    unknownPeriod: { heading: 'We do not know this period', text: 'Choose a period from the list below.' },
    unknownRegion: { heading: 'We do not know this region', text: 'Choose a region from the list below.' },
    readingHeading: 'How to read the figures',
    lessThan10: 'fewer than 10',
    lessThan10Explained: 'The real number is below 10. We do not show it, so that no one can be recognised.',
    suppressed: 'withheld',
    suppressedExplained: 'We do not show this number either: with the other numbers (such as the total) someone could work out a number below 10.',
    notShown: 'cannot be worked out',
    tableHeading: 'Table',
    caption: (period) => `Figures per region: ${period}`,
    scrollHint: 'The table is wide. Scroll sideways to see it all.',
    regionColumn: 'Region',
    programme: 'Whole programme',
    shareColumn: 'Into work: share of the goal',
    shareOf: (share, goal) => `${share} of ${goal}`,
    goalNote: (goal) => `The goal is ${goal} people into work per region. For the whole programme the goals of all regions add up.`,
    chartsHeading: 'Charts',
    chartsIntro: 'One chart per figure, with a bar per region. The table holds the same numbers.',
    chartLabel: (measure, period) => `Bar chart: ${measure}, per region, ${period}. The numbers are also in the table.`
  }
}
