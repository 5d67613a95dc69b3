"""Process-level pieces of the served app: the frozen heap and the cross-thread wake-up signal."""

from __future__ import annotations

import asyncio
import gc
import threading

from fastapi.testclient import TestClient

from panelist.app import create_app
from panelist.http.services import AppServices
from panelist.kit.signal import Signal


def test_the_served_app_freezes_its_startup_heap(services: AppServices) -> None:
    gc.unfreeze()
    try:
        with TestClient(create_app(services=services)):
            assert gc.get_freeze_count() == 0
        with TestClient(create_app(services=services, freeze_heap=True)) as client:
            assert gc.get_freeze_count() > 0
            assert client.get("/v1/health").status_code == 200
    finally:
        gc.unfreeze()


def test_signal_wakes_a_loop_in_another_thread_until_it_stops_listening() -> None:
    signal = Signal()
    woken: list[str] = []

    async def wait_once(kick: asyncio.Event) -> None:
        await asyncio.wait_for(kick.wait(), 5)
        woken.append("woken")

    async def main() -> None:
        loop = asyncio.get_running_loop()
        kick = asyncio.Event()
        stop = signal.listen(lambda: loop.call_soon_threadsafe(kick.set))
        waiter = asyncio.create_task(wait_once(kick))
        await asyncio.sleep(0)
        threading.Thread(target=signal.set).start()
        await waiter
        stop()
        kick.clear()
        signal.set()  # no listener any more: nothing reaches the loop
        await asyncio.sleep(0.05)
        assert not kick.is_set()

    asyncio.run(main())
    assert woken == ["woken"]
    assert signal.is_set()
    signal.clear()
    assert not signal.wait(0.01)
