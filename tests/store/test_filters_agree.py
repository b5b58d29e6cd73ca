"""One filter, one read model: `tidings query` and `/api/events` give the same events for the same
filter, and `tidings plot` counts what `/api/dyad` and `/api/network` show, over a store coded from
the project's example corpus (examples/corpus)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.store import EventFilter, Store

EXAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from tidings.io import read_source
    from tidings.pipeline.coder import code_many

    records = [record for record in read_source(EXAMPLE_CORPUS) if isinstance(record, dict)]
    path = tmp_path_factory.mktemp("agree") / "examples.duckdb"
    with Store(path) as store:
        store.add_many(list(code_many(records)))
    return path


@pytest.fixture(scope="module")
def client(db):
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    with Store(db, read_only=True) as store, TestClient(create_app(store)) as test_client:
        yield test_client


def _most_common(db: Path, sql: str) -> str:
    with Store(db, read_only=True) as store:
        return str(store.sql(sql)[1][0][0])


def filters(db: Path) -> list[tuple[list[str], dict[str, str]]]:
    """(CLI options, query parameters) pairs naming the same filter, chosen from what the store holds
    so that each matches some events and not all."""
    actor = _most_common(db, "SELECT country FROM event_actors WHERE role = 'actor' AND country IS NOT NULL "
                             "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    recipient = _most_common(db, "SELECT country FROM event_actors WHERE role = 'recipient' AND country IS NOT NULL "
                                 "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    plover = _most_common(db, "SELECT plover FROM events GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    root = _most_common(db, "SELECT substr(cameo, 1, 2) FROM events GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    day = _most_common(db, "SELECT CAST(median(day) AS DATE) FROM events")
    return [
        (["--cameo", root], {"cameo": root}),
        (["--actor", actor], {"actor": actor}),
        (["--actor", actor.lower()], {"actor": actor.lower()}),
        (["--recipient", recipient], {"recipient": recipient}),
        (["--type", plover], {"plover": plover}),
        (["--type", plover, "--type", "AGREE"], {"plover": [plover, "AGREE"]}),
        (["--mode", "future"], {"mode": "future"}),
        (["--mode", "negated", "--mode", "actual"], {"mode": ["negated", "actual"]}),
        (["--all-modes"], {"include_negated": "true"}),
        (["--since", day], {"start": day}),
        (["--until", day, "--actor", actor], {"end": day, "actor": actor}),
        (["--text", "talks"], {"text": "talks"}),
    ]


def cli_ids(db: Path, options: list[str]) -> list[int]:
    result = CliRunner().invoke(main, ["query", "--db", str(db), "--format", "json", "--limit", "0", *options])
    assert result.exit_code == 0, result.output
    return sorted(json.loads(line)["id"] for line in result.output.splitlines() if line.startswith("{"))


def web_ids(client, params: dict[str, str]) -> list[int]:
    response = client.get("/api/events", params={**params, "limit": 1000})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["total"] == len(data["events"])
    return sorted(event["id"] for event in data["events"])


def test_cli_and_web_filters_pick_the_same_events(db, client):
    everything = cli_ids(db, ["--all-modes"])
    assert len(everything) > 20, "the example corpus should give events to filter"
    for options, params in filters(db):
        from_cli, from_web = cli_ids(db, options), web_ids(client, params)
        assert from_cli == from_web, (options, params)
        if options != ["--all-modes"]:
            assert 0 < len(from_cli) < len(everything), (options, "should match some events and not all")


def test_a_filter_given_either_way_is_the_same_filter(db):
    for options, params in filters(db):
        assert EventFilter.from_params(params) == EventFilter.from_params(EventFilter.from_params(params).params())


def test_plots_count_what_the_pages_show(db, client, tmp_path):
    with Store(db, read_only=True) as store:
        pairs = Counter(store.sql("SELECT s.country, t.country FROM event_actors s JOIN event_actors t "
                                  "ON s.event_id = t.event_id AND s.role = 'actor' AND t.role = 'recipient' "
                                  "WHERE s.country <> t.country")[1])
    (a, b), _ = pairs.most_common(1)[0]
    dyad = CliRunner().invoke(main, ["plot", "dyad", a, b, "--db", str(db), "--out", str(tmp_path / "d.svg")])
    assert dyad.exit_code == 0, dyad.output
    series = client.get("/api/dyad", params={"a": a, "b": b}).json()["series"]
    shown = sum(v["events"] for v in series["forward"] + series["backward"])
    assert shown > 0 and f"{shown} dated events between {a} and {b}" in dyad.output
    network = CliRunner().invoke(main, ["plot", "network", "--db", str(db), "--out", str(tmp_path / "n.svg"),
                                        "--max-nodes", "30"])
    assert network.exit_code == 0, network.output
    graph = client.get("/api/network", params={"max_nodes": 30}).json()
    drawn = re.search(r"(\d+) actors, (\d+) edges", network.output)
    assert drawn and (int(drawn[1]), int(drawn[2])) == (len(graph["nodes"]), len(graph["edges"]))
