// Where everything of a KOL's chart goes, as numbers in the SVG's own units: pure (no DOM, no React), so
// scaling, ticks and bars are unit-tested and kol-chart.tsx only draws what this returns.
import type { KolFigures } from '../../api/types';

/** The drawing area in viewBox units; the SVG scales to the card's width, text with it. Margins hold the
 * engagement axis (left), the mentions axis (right) and the day labels (bottom). */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART_BOX: ChartBox = { width: 320, height: 170, left: 32, right: 22, top: 10, bottom: 22 };

/** A day's engagement: every action on the KOL's posts. Impressions stay out: they outnumber actions a
 * hundred to one and X often gives none, so the bars would show views alone or nothing. */
export const engagementOf = (d: Pick<KolFigures, 'likes' | 'reposts' | 'replies' | 'quotes'>): number => d.likes + d.reposts + d.replies + d.quotes;

/** Axis values from 0 to at least `max` in about `target` steps of 1, 2 or 5 × 10^k, never below 1: the
 * figures are counts, so an axis of 0.5s would name values that cannot happen. */
export function ticks(max: number, target = 4): number[] {
  const top = Math.max(1, Math.ceil(max));
  const raw = top / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw - 1e-9)!);
  return Array.from({ length: Math.ceil(top / step - 1e-9) + 1 }, (_, i) => i * step);
}

/** Maps 0..`max` onto the plot's height, 0 on the baseline. */
export function yScale(max: number, box: ChartBox = CHART_BOX): (value: number) => number {
  const bottom = box.height - box.bottom;
  const span = bottom - box.top;
  return (value) => bottom - (max > 0 ? (value / max) * span : 0);
}

/** Day `index` of `count`: its slot across the plot and its middle. */
export function band(index: number, count: number, box: ChartBox = CHART_BOX): { x: number; width: number; center: number } {
  const width = (box.width - box.left - box.right) / count;
  const x = box.left + index * width;
  return { x, width, center: x + width / 2 };
}

/** A bar in its day's slot, a quarter of the slot left as gap (90 days still get a 2-unit bar), at least
 * one unit tall so a single like on a big axis is still seen. */
export function barGeometry(index: number, count: number, value: number, max: number, box: ChartBox = CHART_BOX): { x: number; y: number; width: number; height: number } {
  const slot = band(index, count, box);
  const width = Math.max(1, slot.width * 0.75);
  const baseline = box.height - box.bottom;
  const y = Math.min(yScale(max, box)(value), baseline - 1);
  return { x: slot.center - width / 2, y, width, height: baseline - y };
}

/** Which days get a date under the axis: the first, the last and evenly between, at most `most` so the
 * labels never overlap (a label is about five day slots wide at 30 days). */
export function labelIndices(count: number, most = 4): number[] {
  if (count <= 0) return [];
  const n = Math.min(count, most);
  if (n === 1) return [0];
  return [...new Set(Array.from({ length: n }, (_, i) => Math.round((i * (count - 1)) / (n - 1))))];
}

export interface ChartModel {
  /** One per day that had engagement: a day without is no bar at all, not a bar of height zero. */
  bars: Array<{ day: string; value: number; x: number; y: number; width: number; height: number }>;
  /** One per day with a mention, on the right axis's scale. */
  dots: Array<{ day: string; value: number; cx: number; cy: number }>;
  engagementTicks: Array<{ value: number; y: number }>;
  mentionTicks: Array<{ value: number; y: number }>;
  labels: Array<{ day: string; x: number; anchor: 'start' | 'middle' | 'end' }>;
  baseline: number;
  plot: { left: number; right: number; top: number };
}

type Day = Pick<KolFigures, 'mentions' | 'likes' | 'reposts' | 'replies' | 'quotes'> & { day: string };

export function chartModel(series: readonly Day[], box: ChartBox = CHART_BOX): ChartModel {
  const count = series.length;
  const engagement = ticks(Math.max(0, ...series.map(engagementOf)));
  const mentions = ticks(Math.max(0, ...series.map((d) => d.mentions)), 3);
  const [eMax, mMax] = [engagement.at(-1)!, mentions.at(-1)!];
  const [ey, my] = [yScale(eMax, box), yScale(mMax, box)];
  const labels = labelIndices(count).map((i, k, all) => ({
    day: series[i]!.day,
    x: band(i, count, box).center,
    // The outer labels hang inwards from their day so they stay inside the SVG.
    anchor: all.length > 1 && k === 0 ? ('start' as const) : all.length > 1 && k === all.length - 1 ? ('end' as const) : ('middle' as const),
  }));
  return {
    bars: series.flatMap((d, i) => {
      const value = engagementOf(d);
      return value > 0 ? [{ day: d.day, value, ...barGeometry(i, count, value, eMax, box) }] : [];
    }),
    dots: series.flatMap((d, i) => (d.mentions > 0 ? [{ day: d.day, value: d.mentions, cx: band(i, count, box).center, cy: my(d.mentions) }] : [])),
    engagementTicks: engagement.map((value) => ({ value, y: ey(value) })),
    mentionTicks: mentions.map((value) => ({ value, y: my(value) })),
    labels,
    baseline: box.height - box.bottom,
    plot: { left: box.left, right: box.width - box.right, top: box.top },
  };
}
