"""`tidings plot` and the shared network layout, over the hand-built store of tests/web_story.py."""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner
from web_story import build_store

from tidings.cli import main
from tidings.plot import goldstein_colour, network_layout, plot_dyad
from tidings.store.queries import DyadSeries

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("plot") / "story.duckdb"
    build_store(str(path)).close()
    return path


def test_plot_dyad_command(store_path, tmp_path):
    out = tmp_path / "dyad.png"
    result = CliRunner().invoke(main, ["plot", "dyad", "RUS", "USA", "--out", str(out), "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert "6 dated events between RUS and USA over 4 months" in result.output
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_plot_dyad_filters_and_formats(store_path, tmp_path):
    out = tmp_path / "dyad.svg"
    result = CliRunner().invoke(main, ["plot", "dyad", "RUS", "USA", "--out", str(out), "--db", str(store_path),
                                       "--period", "week", "--start", "2018-04-01", "--type", "THREATEN"])
    assert result.exit_code == 0, result.output
    assert "1 dated events" in result.output and "<svg" in out.read_text()


def test_plot_network_command(store_path, tmp_path):
    out = tmp_path / "net.png"
    result = CliRunner().invoke(main, ["plot", "network", "--out", str(out), "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert "3 actors, 3 edges" in result.output
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_plot_needs_an_existing_store(tmp_path):
    result = CliRunner().invoke(main, ["plot", "network", "--out", str(tmp_path / "x.png"),
                                       "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code != 0 and "tidings ingest" in result.output
    assert not (tmp_path / "missing.duckdb").exists()


def test_empty_dyad_still_draws(tmp_path):
    path = plot_dyad(DyadSeries("ABC", "XYZ", "month"), tmp_path / "empty.png")
    assert path.read_bytes().startswith(PNG_SIGNATURE)


def test_layout_keeps_linked_actors_together():
    nodes = ["RUS", "SYR", "IRN", "USA", "GBR", "FRA"]
    edges = [("RUS", "SYR", 30), ("SYR", "IRN", 20), ("IRN", "RUS", 25),
             ("USA", "GBR", 30), ("GBR", "FRA", 20), ("FRA", "USA", 25), ("RUS", "USA", 1)]
    positions = network_layout(nodes, edges)
    assert positions == network_layout(nodes, edges)  # deterministic
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in positions.values())

    def gap(a, b):
        return math.dist(positions[a], positions[b])

    inside = max(gap("RUS", "SYR"), gap("USA", "GBR"), gap("SYR", "IRN"), gap("GBR", "FRA"))
    across = min(gap(a, b) for a in ("SYR", "IRN") for b in ("GBR", "FRA"))
    assert inside < across
    assert network_layout([], []) == {} and network_layout(["A"], []) == {"A": (0.5, 0.5)}


def test_goldstein_colour_runs_from_conflict_to_cooperation():
    assert goldstein_colour(-10) == "#c0392b" and goldstein_colour(10) == "#1e8449"
    assert goldstein_colour(0) == "#969696"
