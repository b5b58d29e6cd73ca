"""Charts drawn on the server as inline SVG: a dyad's timeline and the actor network.

Server-side SVG needs no chart library or script, works offline and in any browser, and every
bar or edge is a link (to the events behind it) with a tooltip (`<title>`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape

from markupsafe import Markup

from ..plot import goldstein_colour, network_layout
from ..store.queries import DyadSeries, Network

#: Fill colours per direction and sign: forward dark, backward light; green cooperation, red conflict.
FILLS = {
    ("forward", True): "#1e8449", ("forward", False): "#c0392b",
    ("backward", True): "#82e0aa", ("backward", False): "#f1948a",
}
COUNT_FILLS = {"forward": "#2e86c1", "backward": "#e67e22"}


def _fmt(value: float) -> str:
    return f"{value:.1f}".replace("-", "−")


def dyad_chart(series: DyadSeries, link: Callable[[str, str], str], *, width: int = 960) -> Markup:
    """Two panels over the same time axis: events per period, and mean Goldstein per period,
    each with a bar per direction. `link(period, direction)` gives each bar's URL."""
    periods = series.periods()
    if not periods:
        return Markup('<p class="empty">No dated events between these actors for this filter.</p>')
    left, right, top = 56, 12, 28
    counts_height, goldstein_height, gap, axis = 130, 190, 26, 64
    plot_width = width - left - right
    slot = plot_width / len(periods)
    bar = min(max(slot * 0.42, 0.6), 28.0)
    forward, backward = series.by_period("forward"), series.by_period("backward")
    most = max((v.events for v in (*series.forward, *series.backward)), default=1) or 1
    swing = max((abs(v.goldstein) for v in (*series.forward, *series.backward)), default=1.0) or 1.0
    counts_top = top
    goldstein_top = counts_top + counts_height + gap
    zero = goldstein_top + goldstein_height / 2
    height = goldstein_top + goldstein_height + axis
    parts = [f'<svg class="chart dyad-chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Events and Goldstein between {escape(series.a)} and {escape(series.b)}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    parts.append(f'<text x="{left}" y="{counts_top - 10}" class="panel-title">Events per {series.period}</text>')
    parts.append(f'<text x="{left}" y="{goldstein_top - 8}" class="panel-title">Mean Goldstein per '
                 f'{series.period} (above 0: cooperation, below 0: conflict)</text>')
    for value, label in ((most, str(most)), (0, "0")):
        y = counts_top + counts_height * (1 - value / most)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{label}</text>')
    for value in (swing, 0.0, -swing):
        y = zero - (goldstein_height / 2) * value / swing
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="{"zero" if value == 0 else "grid"}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{_fmt(value)}</text>')
    for index, name in enumerate(periods):
        x0 = left + index * slot + (slot - 2 * bar) / 2
        for shift, direction, values in ((0, "forward", forward), (bar, "backward", backward)):
            value = values.get(name)
            if value is None:
                continue
            x = x0 + shift
            tip = escape(f"{series.direction_label(direction)}, {name}: {value.events} events "
                         f"({value.conflict} conflictual, {value.cooperation} cooperative), "
                         f"mean Goldstein {_fmt(value.goldstein)}")
            href = escape(link(name, direction))
            count_h = counts_height * value.events / most
            parts.append(f'<a href="{href}" class="bar-link"><rect class="bar count {direction}" '
                         f'x="{x:.2f}" y="{counts_top + counts_height - count_h:.2f}" width="{bar:.2f}" '
                         f'height="{count_h:.2f}" fill="{COUNT_FILLS[direction]}"><title>{tip}</title></rect></a>')
            g_h = (goldstein_height / 2) * abs(value.goldstein) / swing
            y = zero - g_h if value.goldstein >= 0 else zero
            parts.append(f'<a href="{href}" class="bar-link"><rect class="bar goldstein {direction}" '
                         f'data-period="{escape(name)}" data-goldstein="{value.goldstein}" '
                         f'x="{x:.2f}" y="{y:.2f}" width="{bar:.2f}" height="{max(g_h, 0.5):.2f}" '
                         f'fill="{FILLS[(direction, value.goldstein >= 0)]}"><title>{tip}</title></rect></a>')
    step = max(1, round(len(periods) / 14))
    base = goldstein_top + goldstein_height + 8
    for index in range(0, len(periods), step):
        x = left + (index + 0.5) * slot
        parts.append(f'<text class="tick" transform="translate({x:.1f},{base}) rotate(-45)" '
                     f'text-anchor="end">{escape(periods[index])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


@lru_cache(maxsize=64)
def _layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...]) -> dict[str, tuple[float, float]]:
    """`network_layout`, remembered: its hundreds of iterations cost more than the rest of the
    page, and most views (the unfiltered network, popular filters) repeat the same graph."""
    return network_layout(nodes, edges)


def network_chart(network: Network, node_link: Callable[[str], str], edge_link: Callable[[str, str], str],
                  *, width: int = 960, height: int = 640) -> Markup:
    """Actors as circles (area ~ events), directed edges coloured by mean Goldstein, width ~ events."""
    if not network.nodes:
        return Markup('<p class="empty">No events between two known actors for this filter.</p>')
    positions = _layout(tuple(n.actor for n in network.nodes),
                        tuple((e.source, e.target, e.events) for e in network.edges))
    margin = 48

    def xy(actor: str) -> tuple[float, float]:
        x, y = positions[actor]
        return margin + x * (width - 2 * margin), margin + y * (height - 2 * margin)

    heaviest = max(e.events for e in network.edges)
    biggest = max(n.events for n in network.nodes)
    radius = {n.actor: 8 + 22 * (n.events / biggest) ** 0.5 for n in network.nodes}
    parts = [f'<svg class="chart network-chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Actor network" xmlns="http://www.w3.org/2000/svg"><defs>'
             '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" markerHeight="11" '
             'markerUnits="userSpaceOnUse" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>']
    for edge in network.edges:
        (x0, y0), (x1, y1) = xy(edge.source), xy(edge.target)
        dx, dy = x1 - x0, y1 - y0
        length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
        ux, uy = dx / length, dy / length
        sx, sy = x0 + ux * radius[edge.source], y0 + uy * radius[edge.source]
        tx, ty = x1 - ux * (radius[edge.target] + 2), y1 - uy * (radius[edge.target] + 2)
        # bend each edge to its right so a → b and b → a do not overlap
        cx, cy = (sx + tx) / 2 - uy * length * 0.12, (sy + ty) / 2 + ux * length * 0.12
        tip = escape(f"{edge.source} → {edge.target}: {edge.events} events, mean Goldstein "
                     f"{_fmt(edge.goldstein)}")
        parts.append(f'<a href="{escape(edge_link(edge.source, edge.target))}" class="edge-link">'
                     f'<path class="edge" data-source="{escape(edge.source)}" data-target="{escape(edge.target)}" '
                     f'd="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {tx:.1f},{ty:.1f}" '
                     f'stroke="{goldstein_colour(edge.goldstein)}" '
                     f'stroke-width="{1 + 7 * edge.events / heaviest:.2f}" fill="none" marker-end="url(#arrow)">'
                     f'<title>{tip}</title></path></a>')
    for node in network.nodes:
        x, y = xy(node.actor)
        parts.append(f'<a href="{escape(node_link(node.actor))}" class="node-link"><g class="node" '
                     f'data-actor="{escape(node.actor)}">'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius[node.actor]:.1f}">'
                     f'<title>{escape(node.actor)}: {node.events} events</title></circle>'
                     f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{escape(node.actor)}</text></g></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
