import { describe, expect, it } from 'vitest';
import { CHART_BOX, band, barGeometry, chartModel, engagementOf, labelIndices, ticks, yScale } from './chart-geometry';

const day = (d: string, o: Partial<{ mentions: number; likes: number; reposts: number; replies: number; quotes: number }> = {}) => ({
  day: d, mentions: 0, likes: 0, reposts: 0, replies: 0, quotes: 0, ...o,
});
const box = { width: 120, height: 60, left: 10, right: 10, top: 10, bottom: 10 };

describe('ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten up to at least the maximum', () => {
    expect(ticks(3)).toEqual([0, 1, 2, 3]);
    expect(ticks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(10)).toEqual([0, 5, 10]);
    expect(ticks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(ticks(40_000)).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
  });

  it('keeps whole steps for small counts and an axis of 0 to 1 for nothing at all', () => {
    expect(ticks(0)).toEqual([0, 1]);
    expect(ticks(1)).toEqual([0, 1]);
    expect(ticks(2, 3)).toEqual([0, 1, 2]);
    expect(ticks(0.4)).toEqual([0, 1]);
  });
});

describe('yScale', () => {
  it('puts 0 on the baseline and the maximum at the top', () => {
    const y = yScale(100, box);
    expect(y(0)).toBe(50);
    expect(y(100)).toBe(10);
    expect(y(50)).toBe(30);
    expect(yScale(0, box)(5)).toBe(50);
  });
});

describe('band and barGeometry', () => {
  it('splits the plot into equal day slots and centres a bar in its slot', () => {
    expect(band(0, 4, box)).toEqual({ x: 10, width: 25, center: 22.5 });
    expect(band(3, 4, box)).toEqual({ x: 85, width: 25, center: 97.5 });
    const bar = barGeometry(1, 4, 50, 100, box);
    expect(bar).toEqual({ x: 47.5 - 18.75 / 2, y: 30, width: 18.75, height: 20 });
  });

  it('keeps a tiny value visible and a bar of 90 days at least one unit wide', () => {
    expect(barGeometry(0, 4, 1, 10_000, box).height).toBe(1);
    expect(barGeometry(0, 500, 1, 1, box).width).toBe(1);
  });
});

describe('labelIndices', () => {
  it('labels the first and last day and evenly between, at most four', () => {
    expect(labelIndices(7)).toEqual([0, 2, 4, 6]);
    expect(labelIndices(30)).toEqual([0, 10, 19, 29]);
    expect(labelIndices(90)).toEqual([0, 30, 59, 89]);
    expect(labelIndices(2)).toEqual([0, 1]);
    expect(labelIndices(1)).toEqual([0]);
    expect(labelIndices(0)).toEqual([]);
  });
});

describe('chartModel', () => {
  const series = [
    day('2026-03-01', { mentions: 1, likes: 3, reposts: 1 }),
    day('2026-03-02'),
    day('2026-03-03', { likes: 2 }),
    day('2026-03-04', { mentions: 2 }),
  ];

  it('draws one bar per day with engagement and one dot per day with a mention', () => {
    const m = chartModel(series);
    expect(m.bars.map((b) => [b.day, b.value])).toEqual([['2026-03-01', 4], ['2026-03-03', 2]]);
    expect(m.dots.map((d) => [d.day, d.value])).toEqual([['2026-03-01', 1], ['2026-03-04', 2]]);
    expect(m.bars[0]!.y).toBe(CHART_BOX.top);
    expect(m.dots[1]!.cy).toBe(CHART_BOX.top);
    expect(m.dots[0]!.cx).toBe(band(0, 4).center);
  });

  it('gives each axis its own ticks, and hangs the outer date labels inwards', () => {
    const m = chartModel(series);
    expect(m.engagementTicks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4]);
    expect(m.mentionTicks.map((t) => t.value)).toEqual([0, 1, 2]);
    expect(m.labels.map((l) => [l.day, l.anchor])).toEqual([
      ['2026-03-01', 'start'], ['2026-03-02', 'middle'], ['2026-03-03', 'middle'], ['2026-03-04', 'end'],
    ]);
  });

  it('draws empty axes for a period without anything', () => {
    const m = chartModel([day('2026-03-01'), day('2026-03-02')]);
    expect(m.bars).toEqual([]);
    expect(m.dots).toEqual([]);
    expect(m.engagementTicks.map((t) => t.value)).toEqual([0, 1]);
  });

  it('counts likes, reposts, replies and quotes as engagement', () => {
    expect(engagementOf({ likes: 1, reposts: 2, replies: 3, quotes: 4 })).toBe(10);
  });
});
