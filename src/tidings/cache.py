"""Indexes built once per machine into the user's cache folder from data the package ships.

The places gazetteer and the world actor base are each built into a file whose name hashes what it
is built from; every process then reads it name by name instead of holding it in memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: Indexes of other versions untouched this long are deleted when a new one is built (two checkouts that
#: alternate keep theirs).
STALE_INDEX_SECONDS = 7 * 24 * 3600


def cache_folder() -> Path:
    """$TIDINGS_CACHE_DIR, else $XDG_CACHE_HOME/tidings, else ~/.cache/tidings."""
    folder = os.environ.get("TIDINGS_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tidings"
    return Path(folder)


def ensure_file(path: Path, write: Callable[[Path], None]) -> None:
    """Build the file at `path` with `write(partial_path)` unless it is there. Processes starting
    together wait for the one that builds (a lock file beside it), and the file appears whole or not
    at all (renamed into place). Older versions of it (same name up to the last "-") that went unused
    for a week are deleted then."""
    if path.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # not POSIX: at worst two processes build the same file
            pass
        if path.is_file():
            return
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
        try:
            write(partial)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        family = path.stem.rpartition("-")[0]
        for other in path.parent.glob(f"{family}-*{path.suffix}"):
            if other != path and time.time() - other.stat().st_mtime > STALE_INDEX_SECONDS:
                other.unlink(missing_ok=True)


def in_child_process(module: str, write: Callable[[str | Path], None]) -> Callable[[Path], None]:
    """`write` (the function `write_index_file` of `module`) run in a child process, so that this
    process's memory never holds what the build reads (a worker's peak memory stays flat); in this
    process if that fails."""

    def run(path: Path) -> None:
        package_root = str(Path(__file__).resolve().parents[1])
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        command = f"import sys; from {module} import write_index_file; write_index_file(sys.argv[1])"
        done = subprocess.run([sys.executable, "-c", command, str(path)], env=environment,
                              capture_output=True)
        if done.returncode != 0 or not path.is_file():
            write(path)

    return run
