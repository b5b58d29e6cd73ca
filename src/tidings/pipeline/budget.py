"""CPU budgets: stop a piece of work once its thread has spent so many seconds of CPU time.

    with cpu_budget(60):          # raises OverBudget inside the block when the 60 s are spent
        coded = code_doc(doc, meta)

One watchdog thread per process checks every running budget a few times a second against the CPU
clock of the thread that opened it, and raises `OverBudget` in that thread (as an asynchronous
exception, so it works in any thread: a CLI's main thread, a worker process, a web server's thread
pool). CPU time, not wall time, so a crowded machine does not count against the work. `stop`, a
`threading.Event`, ends the work early too (a web request whose client went away).

The exception is raised between two Python bytecodes: a single long C call (one spaCy parse)
finishes first, which is why the coder also bounds the size of what it hands to spaCy.
"""

from __future__ import annotations

import ctypes
import threading
import time
from dataclasses import dataclass
from types import TracebackType

#: CPU seconds one article may take by default (`--timeout`): its parse and every stage
ARTICLE_SECONDS = 60.0
#: how often the watchdog looks at the running budgets, in seconds
CHECK_EVERY = 0.05


class OverBudget(BaseException):
    """Raised inside a `cpu_budget` block whose time is spent (or whose `stop` was set).

    A BaseException, like KeyboardInterrupt, so that no `except Exception` in the work swallows it.
    """


@dataclass
class _Running:
    clock: int | None  # the thread's CPU clock; None where the platform has none (wall time then)
    limit: float  # the clock's reading at which the budget is spent
    stop: threading.Event | None


_lock = threading.Lock()
_running: dict[int, _Running] = {}
_watchdog: threading.Thread | None = None


def _now(clock: int | None) -> float:
    return time.monotonic() if clock is None else time.clock_gettime(clock)


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)


def _watch() -> None:
    while True:
        time.sleep(CHECK_EVERY)
        with _lock:
            for thread_id, running in list(_running.items()):
                stopped = running.stop is not None and running.stop.is_set()
                try:
                    spent = _now(running.clock) >= running.limit
                except OSError:  # the thread ended without leaving its block
                    del _running[thread_id]
                    continue
                if spent or stopped:
                    del _running[thread_id]  # fire once: leaving the block then clears what is pending
                    _raise_in(thread_id, OverBudget)


class cpu_budget:  # noqa: N801 - used like a function, as `with cpu_budget(seconds):`
    """Raise OverBudget in this thread once it has spent `seconds` of CPU time inside the block
    (None: no limit), or as soon as `stop` is set."""

    def __init__(self, seconds: float | None, *, stop: threading.Event | None = None) -> None:
        self.seconds = seconds
        self.stop = stop
        self.thread_id = threading.get_ident()
        self.active = False

    def __enter__(self) -> cpu_budget:
        global _watchdog
        if self.seconds is None and self.stop is None:
            return self
        try:
            clock: int | None = time.pthread_getcpuclockid(self.thread_id)
        except (AttributeError, OSError):  # no per-thread CPU clock here: wall time
            clock = None
        limit = _now(clock) + (self.seconds if self.seconds is not None else float("inf"))
        with _lock:
            if self.thread_id in _running:
                raise RuntimeError("cpu_budget blocks do not nest")
            _running[self.thread_id] = _Running(clock, limit, self.stop)
            self.active = True
            if _watchdog is None or not _watchdog.is_alive():
                _watchdog = threading.Thread(target=_watch, name="tidings-cpu-budget", daemon=True)
                _watchdog.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if not self.active:
            return
        self.active = False
        with _lock:
            if _running.pop(self.thread_id, None) is None and kind is not OverBudget:
                # the watchdog fired as the block ended: the exception it set must not escape later
                _raise_in(self.thread_id, None)
