import { z } from 'zod';

/** The overview's widgets, in the order a person chose. Pure: add, remove, move. */
export const WIDGETS = {
  members: 'Members and presence',
  cases: 'Cases today and this week',
  bot: 'Bot status',
  expiries: 'Next to expire',
  'recent-cases': 'Recent cases',
  'case-types': 'Cases by type',
  activity: 'Latest activity',
} as const;
export type WidgetId = keyof typeof WIDGETS;
export const WIDGET_IDS = Object.keys(WIDGETS) as [WidgetId, ...WidgetId[]];

export const DEFAULT_LAYOUT: readonly WidgetId[] = ['members', 'cases', 'bot', 'expiries', 'recent-cases'];
export const LayoutSchema = z.array(z.enum(WIDGET_IDS)).max(WIDGET_IDS.length).transform((l) => [...new Set(l)]);

export const addWidget = (layout: readonly WidgetId[], id: WidgetId): WidgetId[] => (layout.includes(id) ? [...layout] : [...layout, id]);
export const removeWidget = (layout: readonly WidgetId[], id: WidgetId): WidgetId[] => layout.filter((w) => w !== id);
/** Moves a widget by `delta` places (−1 earlier, +1 later), clamped to the ends. */
export const moveWidget = (layout: readonly WidgetId[], id: WidgetId, delta: number): WidgetId[] => {
  const from = layout.indexOf(id);
  if (from < 0) return [...layout];
  const to = Math.min(layout.length - 1, Math.max(0, from + delta));
  const next = layout.filter((w) => w !== id);
  next.splice(to, 0, id);
  return next;
};
export const missingWidgets = (layout: readonly WidgetId[]): WidgetId[] => WIDGET_IDS.filter((w) => !layout.includes(w));
