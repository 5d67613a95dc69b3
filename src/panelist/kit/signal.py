"""A thread-safe flag that can also wake an asyncio loop running in another thread.

`threading.Event` alone would make the webhook sender's loop poll the flag on a short tick
(200 wake-ups a second, ~4% of a core when idle, and GIL handoffs that lengthen request tails).
A listener is called by whichever thread sets the flag, so it must be quick and thread-safe:
`loop.call_soon_threadsafe(...)` is the intended one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Signal:
    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._listeners: tuple[Callable[[], None], ...] = ()

    def set(self) -> None:
        self._event.set()
        for listener in self._listeners:
            listener()

    def clear(self) -> None:
        self._event.clear()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)

    def listen(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` on every `set()` until the returned function is called."""
        with self._lock:
            self._listeners = (*self._listeners, listener)

        def stop_listening() -> None:
            with self._lock:
                self._listeners = tuple(x for x in self._listeners if x is not listener)

        return stop_listening
