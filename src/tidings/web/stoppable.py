"""Coding on request, stopped when the client leaves or the time budget runs out.

Coding is CPU work in Python; a request that is abandoned (the tab closed) or runs too long
(a hostile text) must stop burning the CPU, not just stop being waited for. The work runs in a
thread of its own, and stopping raises `CodingStopped` inside that thread: CPython delivers it
at the next bytecode the thread runs, between the coder's Python steps.
"""

from __future__ import annotations

import asyncio
import ctypes
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import HTTPException, Request

T = TypeVar("T")

POLL_SECONDS = 0.1


class CodingStopped(Exception):
    """Raised inside a coding thread to stop it."""


class ClientGone(Exception):
    """The client closed its connection while its article was coded (nobody to answer)."""


class _Job:
    """`function()` on a daemon thread (so a stuck one never holds up the server's exit)."""

    def __init__(self, function: Callable[[], Any], loop: asyncio.AbstractEventLoop) -> None:
        self.function = function
        self.loop = loop
        self.done = asyncio.Event()
        self.lock = threading.Lock()
        self.running = True
        self.value: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="tidings-code", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            try:
                self.value = self.function()
            finally:
                with self.lock:
                    self.running = False
        except BaseException as err:  # the coder's own error, or CodingStopped from `stop`
            self.error = err
        try:
            self.loop.call_soon_threadsafe(self.done.set)
        except RuntimeError:  # the server's loop closed meanwhile: nobody waits
            pass

    def stop(self) -> None:
        with self.lock:  # only while `function` runs, so the exception lands inside `_run`'s try
            if self.running and self.thread.ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread.ident),
                                                           ctypes.py_object(CodingStopped))


async def run_stoppable(request: Request, function: Callable[[], T], *, budget: float,
                        slots: threading.BoundedSemaphore) -> T:
    """`function()` (coding one article) on its own thread once one of `slots` is free.

    Raises ClientGone when the client disconnects and HTTPException 503 when `budget` seconds pass
    (waiting for a slot included); either way the work is stopped."""
    deadline = time.monotonic() + budget
    while not slots.acquire(blocking=False):
        await _check(request, deadline, budget)
        await asyncio.sleep(POLL_SECONDS)
    try:
        job = _Job(function, asyncio.get_running_loop())
        while not job.done.is_set():
            try:
                await asyncio.wait_for(job.done.wait(), POLL_SECONDS)
            except TimeoutError:
                try:
                    await _check(request, deadline, budget)
                except BaseException:
                    job.stop()
                    raise
    finally:
        slots.release()
    if job.error is not None:
        raise job.error
    return job.value


async def _check(request: Request, deadline: float, budget: float) -> None:
    if await request.is_disconnected():
        raise ClientGone()
    if time.monotonic() > deadline:
        raise HTTPException(status_code=503, detail=f"coding took longer than the server's budget of {budget:g} s; "
                                                    "send a shorter text, or code it with `tidings code`")
