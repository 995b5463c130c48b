// A KOL's mentions and engagement per day, drawn as inline SVG from chart-geometry.ts. No chart library:
// the ones that draw this much add tens of kB gzipped to a bundle Telegram loads on every open, and they
// paint with colours of their own, while plain SVG styled by CSS takes Telegram's theme variables (light,
// dark, a custom theme) with nothing to sync. Colours are in styles.css (.kol-chart).
import type { KolChart } from '../../api/types';
import { useServices } from '../../app-context';
import { t } from '../../texts/t';
import { CHART_BOX, chartModel } from './chart-geometry';

const dayIso = (day: string) => `${day}T00:00:00Z`;

export function KolChartSvg({ kol, period }: { kol: KolChart; period: string }) {
  const { format } = useServices();
  const texts = t();
  const k = texts.kols;
  const m = chartModel(kol.series);
  const titleOf = (d: KolChart['series'][number]) =>
    k.dayTitle(
      format.utcDate(dayIso(d.day)),
      [
        k.likes(d.likes, format.number(d.likes)),
        k.reposts(d.reposts, format.number(d.reposts)),
        k.replies(d.replies, format.number(d.replies)),
        k.quotes(d.quotes, format.number(d.quotes)),
      ].join(', '),
    );
  const byDay = new Map(kol.series.map((d) => [d.day, d] as const));

  return (
    <figure className="kol-chart" data-testid="kol-chart" data-days={kol.series.length}>
      <svg viewBox={`0 0 ${CHART_BOX.width} ${CHART_BOX.height}`} role="img" aria-label={k.chartLabel(kol.username, period)}>
        {m.engagementTicks.map((tick) => (
          <g key={`e${tick.value}`}>
            <line className="kol-chart-grid" x1={m.plot.left} x2={m.plot.right} y1={tick.y} y2={tick.y} />
            <text className="kol-chart-axis" x={m.plot.left - 4} y={tick.y} textAnchor="end" dominantBaseline="middle">
              {format.compact(tick.value)}
            </text>
          </g>
        ))}
        {m.mentionTicks.map((tick) => (
          <text key={`m${tick.value}`} className="kol-chart-axis kol-chart-axis-mentions" x={m.plot.right + 4} y={tick.y} dominantBaseline="middle">
            {format.compact(tick.value)}
          </text>
        ))}
        {m.bars.map((b) => (
          <rect key={b.day} className="kol-chart-bar" data-testid="kol-bar" data-day={b.day} data-value={b.value} x={b.x} y={b.y} width={b.width} height={b.height} rx={Math.min(2, b.width / 3)}>
            <title>{titleOf(byDay.get(b.day)!)}</title>
          </rect>
        ))}
        {m.dots.map((d) => (
          <circle key={d.day} className="kol-chart-dot" data-testid="kol-mention-dot" data-day={d.day} data-value={d.value} cx={d.cx} cy={d.cy} r={3.5}>
            <title>{k.dayTitle(format.utcDate(dayIso(d.day)), k.mentions(d.value, format.number(d.value)))}</title>
          </circle>
        ))}
        <line className="kol-chart-baseline" x1={m.plot.left} x2={m.plot.right} y1={m.baseline} y2={m.baseline} />
        {m.labels.map((l) => (
          <text key={l.day} className="kol-chart-axis" data-testid="kol-day-label" x={l.x} y={CHART_BOX.height - 6} textAnchor={l.anchor}>
            {format.utcDay(dayIso(l.day))}
          </text>
        ))}
      </svg>
      <figcaption className="kol-chart-legend">
        <span className="kol-chart-legend-item">
          <span className="kol-chart-key kol-chart-key-bar" aria-hidden />
          {k.legendEngagement}
        </span>
        <span className="kol-chart-legend-item">
          <span className="kol-chart-key kol-chart-key-dot" aria-hidden />
          {k.legendMentions}
        </span>
      </figcaption>
      {m.bars.length === 0 && m.dots.length === 0 && (
        <div className="hint kol-chart-empty" data-testid="kol-chart-empty">
          {k.chartEmpty}
        </div>
      )}
    </figure>
  );
}
