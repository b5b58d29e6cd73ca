"""Pictures without a server: a dyad's timeline and the actor network as PNG/SVG/PDF files (matplotlib, Agg).

The data come from `tidings.store.queries` (the same read-side queries the web pages use); the network
layout here is shared with the web's SVG network so both show the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from .store.queries import DyadSeries, Network

CONFLICT_COLOUR = "#c0392b"
COOPERATION_COLOUR = "#1e8449"
FORWARD_COLOUR = "#2e86c1"
BACKWARD_COLOUR = "#e67e22"


def network_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str, float]], *,
                   iterations: int = 300, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]² for `nodes` by a force-directed (Fruchterman–Reingold) layout.

    `edges` are (source, target, weight); heavier edges pull harder. Deterministic for a given
    input and seed, so a page and a plot of the same network look alike.
    """
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0]: (0.5, 0.5)}
    index = {node: i for i, node in enumerate(nodes)}
    angle = np.linspace(0, 2 * math.pi, count, endpoint=False)
    jitter = np.random.default_rng(seed).uniform(-0.05, 0.05, size=(count, 2))
    pos = np.column_stack([np.cos(angle), np.sin(angle)]) * 0.5 + jitter
    weights = np.zeros((count, count))
    for source, target, weight in edges:
        if source in index and target in index and source != target:
            i, j = index[source], index[target]
            weights[i, j] = weights[j, i] = weights[i, j] + math.log1p(max(weight, 0.0))
    weights /= max(weights.max(), 1e-9)  # hubs with hundreds of events must not collapse into one spot
    ideal = 1.0 / math.sqrt(count)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        repulse = (ideal * ideal / distance**2)[:, :, None] * delta
        attract = (weights * distance / ideal)[:, :, None] * delta
        gravity = -1.0 * pos  # strong enough to keep unconnected groups from drifting to the corners
        move = (repulse - attract).sum(axis=1) + gravity
        length = np.maximum(np.linalg.norm(move, axis=-1, keepdims=True), 1e-9)
        pos += move / length * np.minimum(length, temperature)
        temperature = max(temperature * 0.985, 0.002)
    low, high = pos.min(axis=0), pos.max(axis=0)
    scaled = (pos - low) / np.where(high - low > 1e-9, high - low, 1.0)
    scaled = _separate(scaled, spacing=min(0.09, 0.6 / math.sqrt(count)))
    return {node: (float(scaled[index[node], 0]), float(scaled[index[node], 1])) for node in nodes}


def _separate(pos: np.ndarray, *, spacing: float, rounds: int = 60) -> np.ndarray:
    """Push apart nodes closer than `spacing` (so circles and labels stay readable), kept in [0, 1]²."""
    pos = pos.copy()
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.linalg.norm(delta, axis=-1) + np.eye(len(pos))
        overlap = np.clip(spacing - distance, 0, None)
        if not overlap.any():
            break
        push = (overlap / np.maximum(distance, 1e-6))[:, :, None] * delta
        pos = np.clip(pos + 0.5 * push.sum(axis=1), 0.0, 1.0)
    return pos


def plot_dyad(series: DyadSeries, out: str | Path, *, dpi: int = 120) -> Path:
    """Events and mean Goldstein per period for both directions of a dyad, saved to `out`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    periods = series.periods()
    x = np.arange(len(periods))
    figure, (counts_axis, goldstein_axis) = plt.subplots(2, 1, figsize=(max(8, len(periods) * 0.35), 7),
                                                         sharex=True)
    width = 0.4
    for offset, direction, colour in ((-width / 2, "forward", FORWARD_COLOUR),
                                      (width / 2, "backward", BACKWARD_COLOUR)):
        values = series.by_period(direction)
        label = series.direction_label(direction)
        counts_axis.bar(x + offset, [values[p].events if p in values else 0 for p in periods], width,
                        color=colour, label=label)
        goldstein = [values[p].goldstein if p in values else 0.0 for p in periods]
        goldstein_axis.bar(x + offset, goldstein, width, label=label,
                           color=[COOPERATION_COLOUR if g >= 0 else CONFLICT_COLOUR for g in goldstein],
                           edgecolor=colour, linewidth=1.5)
    counts_axis.set_ylabel("events")
    counts_axis.legend(loc="upper left")
    counts_axis.set_title(f"{series.a} and {series.b}: events per {series.period}")
    goldstein_axis.axhline(0, color="#555", linewidth=0.8)
    goldstein_axis.set_ylabel("mean Goldstein\n(< 0 conflict, > 0 cooperation)")
    goldstein_axis.set_xticks(x)
    goldstein_axis.set_xticklabels(periods, rotation=60, ha="right", fontsize=8)
    if not periods:
        counts_axis.text(0.5, 0.5, "no events between these actors", ha="center",
                         transform=counts_axis.transAxes)
    figure.tight_layout()
    path = Path(out)
    figure.savefig(path, dpi=dpi)
    plt.close(figure)
    return path


def goldstein_colour(mean: float) -> str:
    """Red for conflict (-10) through grey to green for cooperation (+10)."""
    share = max(-1.0, min(1.0, mean / 5.0))
    grey, red, green = (150, 150, 150), (192, 57, 43), (30, 132, 73)
    target = green if share >= 0 else red
    mixed = [round(g + (t - g) * abs(share)) for g, t in zip(grey, target, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def plot_network(network: Network, out: str | Path, *, dpi: int = 120,
                 positions: Mapping[str, tuple[float, float]] | None = None) -> Path:
    """Actors as nodes (size: events), edges coloured by mean Goldstein and sized by events."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    positions = positions or network_layout(
        [n.actor for n in network.nodes], [(e.source, e.target, e.events) for e in network.edges])
    figure, axis = plt.subplots(figsize=(10, 10))
    heaviest = max((e.events for e in network.edges), default=1)
    for edge in network.edges:
        (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
        axis.annotate("", xy=(x1, y1), xytext=(x0, y0),
                      arrowprops={"arrowstyle": "-|>", "color": goldstein_colour(edge.goldstein),
                                  "lw": 0.6 + 5 * edge.events / heaviest, "alpha": 0.75,
                                  "shrinkA": 10, "shrinkB": 10, "connectionstyle": "arc3,rad=0.12"})
    biggest = max((n.events for n in network.nodes), default=1)
    for node in network.nodes:
        x, y = positions[node.actor]
        axis.scatter([x], [y], s=120 + 1400 * node.events / biggest, color="#d6eaf8",
                     edgecolors="#1b4f72", zorder=3)
        axis.text(x, y, node.actor, ha="center", va="center", fontsize=9, zorder=4)
    axis.set_title("Actor network: edge colour = mean Goldstein (red conflict, green cooperation), "
                   "width = events", fontsize=10)
    if not network.nodes:
        axis.text(0.5, 0.5, "no events in the store for this filter", ha="center")
    axis.set_xlim(-0.08, 1.08)
    axis.set_ylim(-0.08, 1.08)
    axis.axis("off")
    figure.tight_layout()
    path = Path(out)
    figure.savefig(path, dpi=dpi)
    plt.close(figure)
    return path
