"""Engine calls off the event loop: one lane per person, many people at once.

The engine is blocking (storage, parsing). On the loop, one slow command would hold up every
other person's request, and Slack gives up on an acknowledgement after three seconds. So every
surface and the scheduler call the engine through `Lanes.run(key, call, ...)`:

- the call runs on a thread pool of `[coach] workers` threads, so people are served in parallel;
- calls with the same key (a person's `UserRef.key`) run one at a time, in the order they were
  made, so two messages from one person are never handled concurrently or out of order;
- a caller that stops waiting (a timeout, a cancelled task) does not free the lane early: the
  next call for that person still waits until the running one has finished.

A surface handling one message also awaits the network (downloading an upload, asking Slack
who someone is) around its engine calls. `async with lanes.turn(key)` holds the person's place
for the whole message, so their next message can't overtake it: a `yes` sent while an upload
is still downloading answers that upload's preview.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from typing import TypeVar

T = TypeVar("T")

DEFAULT_WORKERS = 8


class Lanes:
    """A thread pool with per-key ordering, used from one event loop."""

    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="coach-engine")
        self._tails: dict[str, asyncio.Task] = {}
        self._turns: dict[str, tuple[asyncio.Lock, int]] = {}  # key -> (its lock, messages holding or awaiting it)

    async def run(self, key: str, call: Callable[..., T], *args, **kwargs) -> T:
        """`call(*args, **kwargs)` on a worker thread, after every earlier call made with `key`."""
        before = self._tails.get(key)
        task = asyncio.get_running_loop().create_task(self._after(before, partial(call, *args, **kwargs)))
        self._tails[key] = task
        task.add_done_callback(partial(self._finished, key))
        return await asyncio.shield(task)

    async def _after(self, before: asyncio.Task | None, call: Callable[[], T]) -> T:
        if before is not None:
            await asyncio.wait([before])  # its outcome belongs to its own caller
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

    def _finished(self, key: str, task: asyncio.Task) -> None:
        if self._tails.get(key) is task:
            del self._tails[key]
        if not task.cancelled():
            task.exception()  # retrieved here too, so a caller that stopped waiting leaves no warning behind

    @asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        """Hold `key`'s place while one message is handled; later messages wait, first come first served."""
        lock, holders = self._turns.get(key) or (asyncio.Lock(), 0)
        self._turns[key] = (lock, holders + 1)
        try:
            async with lock:
                yield
        finally:
            lock, holders = self._turns[key]
            if holders == 1:
                del self._turns[key]
            else:
                self._turns[key] = (lock, holders - 1)

    def close(self) -> None:
        """Let running calls finish; nothing new starts."""
        self._pool.shutdown(wait=True)
