/**
 * @module report/i18n/ui
 * The report's own sentences and labels in every language. `UiKey` is the English key set; the other
 * languages are typed `Record<UiKey, string>`, so a missing translation does not compile.
 */
const en = {
  'report.area.none': 'Not mapped to a DFS recommendation',
} as const;

export type UiKey = keyof typeof en;

const fr: Record<UiKey, string> = {
  'report.area.none': 'Non rattaché à une recommandation SFN',
};

const es: Record<UiKey, string> = {
  'report.area.none': 'No asociado a una recomendación de SFD',
};

export const UI: Record<'en' | 'fr' | 'es', Record<UiKey, string>> = { en, fr, es };
