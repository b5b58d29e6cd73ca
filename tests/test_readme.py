"""The README's commands, every one, in a fresh clone with nothing beside it (scripts/try-readme).

Slow (a fresh clone installs every package first): run with `scripts/test -m slow`; CI does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_every_readme_command_runs_as_written_in_a_fresh_clone() -> None:
    # the real first install, never a reused venv
    env = {k: v for k, v in os.environ.items() if k != "TRY_README_VENV"}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "try-readme")], env=env,
                            capture_output=True, text=True, timeout=3900)
    assert result.returncode == 0, result.stderr[-6000:]
    assert "try-readme: all " in result.stderr


def try_readme():
    """scripts/try-readme as a module (it has no .py suffix)."""
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("try_readme", str(ROOT / "scripts" / "try-readme"))
    spec = importlib.util.spec_from_loader("try_readme", loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["try_readme"] = module  # dataclasses look their module up there
    loader.exec_module(module)
    return module


def test_the_readme_commands_with_what_each_is_expected_to_do() -> None:
    steps = try_readme().commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert [s.code for s in steps[:2]] == ["./scripts/demo", "./scripts/test"]
    by_command = {s.code.split(" ")[1]: s for s in steps if s.code.startswith("tidings ")}
    assert {"code", "schema", "eval", "bench", "ingest", "query", "export", "plot", "serve"} <= set(by_command)
    assert by_command["eval"].expected_exit == 2
    assert all(s.line.startswith(s.code) and "#" not in s.code for s in steps)
    assert [s.code.split(" ")[1] for s in steps if s.long_running] == ["serve"]
    assert by_command["serve"].url == "http://127.0.0.1:8000/"


def test_a_session_stops_at_the_first_unannounced_exit_status(tmp_path: Path) -> None:
    module = try_readme()
    port = 8765 + os.getpid() % 1000
    readme = ("```sh\necho '# not a comment' > said.txt   # a comment\nfalse   # exits 1\n"
              f"python3 -m http.server {port} --bind 127.0.0.1   # http://127.0.0.1:{port}/ until Ctrl-C\n"
              "touch reached\nsh -c 'exit 3'\ntouch never\n```\n")
    steps = module.commands(readme)
    assert [s.expected_exit for s in steps] == [0, 1, 0, 0, 0, 0] and steps[2].long_running
    result = subprocess.run(["bash", "-c", module.session_script(steps)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "FAILED: sh -c 'exit 3': exit status 3, expected 0" in result.stderr
    assert f"http://127.0.0.1:{port}/ answered 200" in result.stderr
    assert (tmp_path / "said.txt").read_text() == "# not a comment\n"
    assert (tmp_path / "reached").exists() and not (tmp_path / "never").exists()


def test_a_long_running_command_that_ends_by_itself_fails(tmp_path: Path) -> None:
    module = try_readme()
    steps = module.commands("```sh\nsleep 0.2   # serves http://127.0.0.1:9/ until Ctrl-C\ntouch never\n```\n")
    result = subprocess.run(["bash", "-c", module.session_script(steps)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1 and "ended before it answered" in result.stderr
    assert "FAILED: sleep 0.2   # serves http://127.0.0.1:9/ until Ctrl-C did not serve" in result.stderr
    assert not (tmp_path / "never").exists()
