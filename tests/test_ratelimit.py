"""Per-company sliding-window rate limits (contract §4), on both stores and through the app.

Store tests drive `store.hit(...)` with explicit `now` values; HTTP tests move the injected
FrozenClock. Nothing sleeps for a window.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from panelist.http.ratelimit import (
    Decision,
    MemoryRateLimitStore,
    RateLimitStore,
    RedisRateLimitStore,
)
from panelist.http.services import AppServices
from panelist.kit.clock import FrozenClock
from tests.fixtures.factories import Tenant, make_key, make_tenant

REDIS_URL = "redis://127.0.0.1:6379/0"
T0 = 1_800_000_000.0  # an arbitrary whole-second Unix time
READS: list[tuple[str, int]] = [("global", 60), ("reads", 40)]
WRITES: list[tuple[str, int]] = [("global", 60), ("writes", 20)]
POLICY_READS = '"global";q=60;w=60, "reads";q=40;w=60'


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[RateLimitStore]:
    if request.param == "memory":
        yield MemoryRateLimitStore()
        return
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:  # pragma: no cover - Redis runs on CI
        client.close()
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")
    prefix = f"test:rl:{uuid.uuid4().hex}"
    yield RedisRateLimitStore(client, prefix=prefix)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def subject() -> str:
    return f"comp_{uuid.uuid4().hex[:24]}"


def window(decision: Decision, name: str) -> Any:
    return next(w for w in decision.windows if w.name == name)


def fill(
    store: RateLimitStore, who: str, limits: Sequence[tuple[str, int]], times: Sequence[float]
) -> None:
    for at in times:
        assert store.hit(who, limits, at).allowed, f"hit at {at} should be admitted"


# ---------------------------------------------------------------------------------------------
# Store level
# ---------------------------------------------------------------------------------------------


def test_admits_exactly_limit_then_refuses_with_headers(store: RateLimitStore) -> None:
    who = subject()
    for i in range(40):
        decision = store.hit(who, READS, T0 + i)
        assert decision.allowed, i
        headers = decision.headers()
        assert headers["X-RateLimit-Limit"] == "40"
        assert headers["X-RateLimit-Remaining"] == str(39 - i)
        assert headers["X-RateLimit-Reset"] == str(int(T0 + 60))
        assert headers["RateLimit-Policy"] == POLICY_READS
        assert headers["RateLimit"] == f'"reads";r={39 - i};t={60 - i}'
        assert "Retry-After" not in headers
        assert window(decision, "global").count == i + 1
        assert window(decision, "reads").count == i + 1

    refused = store.hit(who, READS, T0 + 40)
    assert not refused.allowed
    assert refused.retry_after == 20
    headers = refused.headers()
    assert headers["X-RateLimit-Limit"] == "40"
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["X-RateLimit-Reset"] == str(int(T0 + 60))
    assert headers["Retry-After"] == "20"
    assert headers["RateLimit-Policy"] == POLICY_READS
    assert headers["RateLimit"] == '"reads";r=0;t=20'


def test_all_at_one_instant(store: RateLimitStore) -> None:
    who = subject()
    fill(store, who, READS, [T0] * 40)
    refused = store.hit(who, READS, T0)
    assert not refused.allowed
    assert refused.headers()["Retry-After"] == "60"
    assert refused.headers()["X-RateLimit-Reset"] == str(int(T0 + 60))
    assert not store.hit(who, READS, T0 + 59.999).allowed
    assert store.hit(who, READS, T0 + 60).allowed


def test_refused_requests_consume_nothing(store: RateLimitStore) -> None:
    who = subject()
    fill(store, who, READS, [T0 + i for i in range(40)])  # T0 … T0+39
    for at in [T0 + 40 + i * 0.5 for i in range(40)]:  # 40 refusals inside the window
        decision = store.hit(who, READS, at)
        assert not decision.allowed
        assert window(decision, "reads").count == 40
        assert window(decision, "global").count == 40  # global not consumed either
    # Were the refusals counted, nothing would be admitted before T0+100.
    assert store.hit(who, READS, T0 + 60).allowed
    assert not store.hit(who, READS, T0 + 60).allowed
    assert store.hit(who, READS, T0 + 61).allowed
    assert window(store.hit(who, WRITES, T0 + 61), "global").count == 41


def test_window_slides_one_at_a_time(store: RateLimitStore) -> None:
    who = subject()
    fill(store, who, READS, [T0 + i for i in range(40)])
    refused = store.hit(who, READS, T0 + 59)
    assert not refused.allowed
    assert refused.retry_after == 1
    assert not store.hit(who, READS, T0 + 59.999).allowed
    # At +60 s exactly the oldest leaves: exactly one more is admitted.
    admitted = store.hit(who, READS, T0 + 60)
    assert admitted.allowed
    assert admitted.headers()["X-RateLimit-Remaining"] == "0"
    assert admitted.headers()["X-RateLimit-Reset"] == str(int(T0 + 61))
    again = store.hit(who, READS, T0 + 60)
    assert not again.allowed
    assert again.headers()["Retry-After"] == "1"
    assert again.headers()["X-RateLimit-Reset"] == str(int(T0 + 61))
    for i in range(1, 40):
        assert store.hit(who, READS, T0 + 60 + i).allowed, i
        assert not store.hit(who, READS, T0 + 60 + i).allowed, i


def test_fractional_times_give_whole_second_retry_after(store: RateLimitStore) -> None:
    who = subject()
    start = T0 + 0.25
    fill(store, who, READS, [start + i * 0.5 for i in range(40)])  # oldest at T0+0.25
    for at in (start + 20.125, start + 59.5, start + 59.875):
        refused = store.hit(who, READS, at)
        assert not refused.allowed
        retry = refused.headers()["Retry-After"]
        assert retry.isdigit()
        assert int(retry) >= 1
        # Waiting Retry-After seconds is enough for the limit to admit again.
        assert at + int(retry) >= start + 60
        assert int(refused.headers()["X-RateLimit-Reset"]) >= start + 60
    assert not store.hit(who, READS, start + 59.75).allowed
    assert store.hit(who, READS, start + 60).allowed


def test_headers_describe_the_limit_with_fewest_remaining(store: RateLimitStore) -> None:
    who = subject()
    fill(store, who, READS, [T0 + i * 0.5 for i in range(35)])  # global 25 left, reads 5 left
    writes = store.hit(who, WRITES, T0 + 20).headers()  # global 24 left, writes 19 left
    assert writes["X-RateLimit-Limit"] == "20"
    assert writes["X-RateLimit-Remaining"] == "19"
    assert writes["RateLimit"].startswith('"writes";r=19;')
    reads = store.hit(who, READS, T0 + 21).headers()  # global 23 left, reads 4 left
    assert reads["X-RateLimit-Limit"] == "40"
    assert reads["X-RateLimit-Remaining"] == "4"
    assert reads["X-RateLimit-Reset"] == str(int(T0 + 60))
    assert reads["RateLimit"] == '"reads";r=4;t=39'
    # Raise writes so that global becomes the scarcest limit for a writes request.
    wide_writes = [("global", 60), ("writes", 50)]
    fill(store, who, wide_writes, [T0 + 22 + i * 0.1 for i in range(20)])  # global 3 left
    shown = store.hit(who, wide_writes, T0 + 30).headers()  # global 2 left, writes 28 left
    assert shown["X-RateLimit-Limit"] == "60"
    assert shown["X-RateLimit-Remaining"] == "2"
    assert shown["X-RateLimit-Reset"] == str(int(T0 + 60))
    assert shown["RateLimit"] == '"global";r=2;t=30'
    assert shown["RateLimit-Policy"] == '"global";q=60;w=60, "writes";q=50;w=60'


def test_both_exhausted_reports_the_later_one(store: RateLimitStore) -> None:
    who = subject()
    small_reads = [("global", 3), ("reads", 2)]
    small_writes = [("global", 3), ("writes", 5)]
    fill(store, who, small_writes, [T0])
    fill(store, who, small_reads, [T0 + 10, T0 + 20])
    refused = store.hit(who, small_reads, T0 + 30)  # global frees at +60, reads at +70
    assert not refused.allowed
    headers = refused.headers()
    assert headers["Retry-After"] == "40"
    assert headers["X-RateLimit-Reset"] == str(int(T0 + 70))
    assert headers["X-RateLimit-Remaining"] == "0"
    still = store.hit(who, small_reads, T0 + 60)  # global has room again, reads not yet
    assert not still.allowed
    assert still.headers()["Retry-After"] == "10"
    assert store.hit(who, small_reads, T0 + 70).allowed


def test_category_at_limit_blocks_without_consuming_global(store: RateLimitStore) -> None:
    who = subject()
    fill(store, who, READS, [T0 + i * 0.5 for i in range(40)])
    for _ in range(5):
        refused = store.hit(who, READS, T0 + 25)
        assert not refused.allowed
        assert window(refused, "global").count == 40
        assert refused.headers()["X-RateLimit-Limit"] == "40"
    # All of global's 20 remaining requests are still there for another category.
    wide_writes = [("global", 60), ("writes", 30)]
    fill(store, who, wide_writes, [T0 + 26] * 20)
    by_global = store.hit(who, wide_writes, T0 + 27)
    assert not by_global.allowed
    assert window(by_global, "writes").count == 20  # the category was not consumed
    assert window(by_global, "global").count == 60
    headers = by_global.headers()
    assert headers["X-RateLimit-Limit"] == "60"
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["RateLimit"].startswith('"global";r=0;')
    assert headers["Retry-After"] == "33"  # oldest global request (T0) leaves at T0+60


def test_global_at_limit_blocks_without_consuming_category(store: RateLimitStore) -> None:
    who = subject()
    wide_writes = [("global", 10), ("writes", 100)]
    wide_reads = [("global", 10), ("reads", 100)]
    fill(store, who, wide_writes, [T0] * 10)
    for _ in range(7):
        refused = store.hit(who, wide_reads, T0 + 1)
        assert not refused.allowed
        assert window(refused, "reads").count == 0
    # Once global frees, reads starts from an empty window.
    admitted = store.hit(who, wide_reads, T0 + 60)
    assert admitted.allowed
    assert window(admitted, "reads").count == 1


def test_subjects_are_independent(store: RateLimitStore) -> None:
    first, second = subject(), subject()
    fill(store, first, READS, [T0] * 40)
    assert not store.hit(first, READS, T0).allowed
    assert store.hit(second, READS, T0).allowed


@pytest.mark.parametrize("mixed", [False, True], ids=["one-category", "two-categories"])
def test_hammer_admits_exactly_the_limit(store: RateLimitStore, mixed: bool) -> None:
    who = subject()
    threads_count, per_thread = 16, 25
    barrier = threading.Barrier(threads_count)
    admitted: dict[str, int] = {"reads": 0, "writes": 0}
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        limits = WRITES if mixed and index % 2 else READS
        category = limits[1][0]
        try:
            barrier.wait(timeout=10)
            for _ in range(per_thread):
                if store.hit(who, limits, T0).allowed:
                    with lock:
                        admitted[category] += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    if mixed:
        assert admitted == {"reads": 40, "writes": 20}  # together exactly the global 60
    else:
        assert admitted == {"reads": 40, "writes": 0}
    final = store.hit(who, READS, T0)
    assert not final.allowed
    assert window(final, "global").count == (60 if mixed else 40)


# ---------------------------------------------------------------------------------------------
# Through the app
# ---------------------------------------------------------------------------------------------


def assert_rate_headers(headers: Any, limit: int, remaining: int) -> None:
    assert headers["X-RateLimit-Limit"] == str(limit)
    assert headers["X-RateLimit-Remaining"] == str(remaining)
    assert headers["X-RateLimit-Reset"].isdigit()
    assert "RateLimit-Policy" in headers
    assert "RateLimit" in headers


def test_http_41st_read_is_rate_limited(
    client: TestClient, tenant: Tenant, clock: FrozenClock
) -> None:
    start = int(clock.now().timestamp())
    for i in range(40):
        r = client.get("/v1/job-positions", headers=tenant.headers)
        assert r.status_code == 200, r.text
        assert_rate_headers(r.headers, 40, 39 - i)
        assert r.headers["X-RateLimit-Reset"] == str(start + 60)
        assert r.headers["RateLimit-Policy"] == POLICY_READS
        assert "Retry-After" not in r.headers

    r = client.get("/v1/job-positions", headers=tenant.headers)
    assert r.status_code == 429
    body = r.json()
    assert body["success"] is False
    assert body["error"] == "RATE_LIMITED"
    assert body["requestId"] == r.headers["X-Request-Id"]
    assert r.headers["Retry-After"] == "60"
    assert_rate_headers(r.headers, 40, 0)
    assert r.headers["X-RateLimit-Reset"] == str(start + 60)
    assert r.headers["RateLimit"] == '"reads";r=0;t=60'
    assert r.headers["RateLimit-Policy"] == POLICY_READS

    # More refusals, half a window later: they consume nothing.
    clock.advance(30)
    for _ in range(10):
        r = client.get("/v1/job-positions", headers=tenant.headers)
        assert r.status_code == 429
        assert r.headers["Retry-After"] == "30"
    # A writes request is refused too: the reads window is full, but global is not,
    # so it is admitted (global had 20 slots left and refusals took none of them).
    r = client.delete("/v1/candidates/cand_000000000000000000000000", headers=tenant.headers)
    assert r.status_code == 404, r.text
    assert r.headers["X-RateLimit-Limit"] == "20"
    assert r.headers["X-RateLimit-Remaining"] == "19"
    clock.advance(30)  # exactly 60 s after the first 40: they all leave the window
    r = client.get("/v1/job-positions", headers=tenant.headers)
    assert r.status_code == 200, r.text
    assert_rate_headers(r.headers, 40, 39)


def test_http_429_does_not_consume_global(
    client: TestClient, tenant: Tenant, clock: FrozenClock
) -> None:
    for _ in range(40):
        assert client.get("/v1/job-positions", headers=tenant.headers).status_code == 200
    for _ in range(15):
        assert client.get("/v1/job-positions", headers=tenant.headers).status_code == 429
    # 20 writes remain in global (60 − 40); the 15 refusals took none of them.
    for i in range(20):
        r = client.delete("/v1/candidates/cand_000000000000000000000000", headers=tenant.headers)
        assert r.status_code == 404, (i, r.text)
        # global and writes now tie on remaining; either may be described.
        assert r.headers["X-RateLimit-Limit"] in {"20", "60"}
        assert r.headers["X-RateLimit-Remaining"] == str(19 - i)
    r = client.delete("/v1/candidates/cand_000000000000000000000000", headers=tenant.headers)
    assert r.status_code == 429
    assert r.json()["error"] == "RATE_LIMITED"
    clock.advance(60)
    r = client.delete("/v1/candidates/cand_000000000000000000000000", headers=tenant.headers)
    assert r.status_code == 404


def test_http_per_company_override(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    limited = make_tenant(services, "Tiny", rate_limits={"reads": 5})
    for i in range(5):
        r = client.get("/v1/job-positions", headers=limited.headers)
        assert r.status_code == 200, r.text
        assert_rate_headers(r.headers, 5, 4 - i)
        assert r.headers["RateLimit-Policy"] == '"global";q=60;w=60, "reads";q=5;w=60'
    r = client.get("/v1/job-positions", headers=limited.headers)
    assert r.status_code == 429
    assert r.json()["error"] == "RATE_LIMITED"
    assert_rate_headers(r.headers, 5, 0)
    assert int(r.headers["Retry-After"]) >= 1
    # The override is per company: the default tenant keeps its 40.
    r = client.get("/v1/job-positions", headers=tenant.headers)
    assert r.status_code == 200
    assert_rate_headers(r.headers, 40, 39)


def test_http_all_keys_of_a_company_share_the_budget(
    client: TestClient, services: AppServices
) -> None:
    shared = make_tenant(services, "Shared", rate_limits={"reads": 4})
    _, second_key = make_key(services, shared.user_id)
    for key in (shared.key, second_key, shared.key, second_key):
        r = client.get("/v1/job-positions", headers={"X-API-Key": key})
        assert r.status_code == 200
    for key in (shared.key, second_key):
        r = client.get("/v1/job-positions", headers={"X-API-Key": key})
        assert r.status_code == 429


def test_http_61st_mixed_request_is_refused_by_global(
    client: TestClient, services: AppServices, clock: FrozenClock
) -> None:
    roomy = make_tenant(services, "Roomy", rate_limits={"reads": 50, "writes": 50})
    start = int(clock.now().timestamp())
    for i in range(30):
        r = client.post(
            "/v1/candidates",
            headers=roomy.headers,
            json={
                "jobPositionId": roomy.position_id,
                "firstName": "Ona",
                "lastName": f"Test{i}",
                "email": f"ona{i}@example.com",
            },
        )
        assert r.status_code == 201, r.text
        r = client.get(
            "/v1/candidates", headers=roomy.headers, params={"jobPositionId": roomy.position_id}
        )
        assert r.status_code == 200, r.text
    # 60 admitted: 30 writes + 30 reads. The 61st fails on global in both categories.
    for method, url in (
        ("GET", "/v1/job-positions"),
        ("DELETE", "/v1/candidates/cand_000000000000000000000000"),
    ):
        r = client.request(method, url, headers=roomy.headers)
        assert r.status_code == 429, r.text
        assert r.json()["error"] == "RATE_LIMITED"
        assert "global" in r.json()["message"]
        assert_rate_headers(r.headers, 60, 0)
        assert r.headers["RateLimit"] == '"global";r=0;t=60'
        assert r.headers["X-RateLimit-Reset"] == str(start + 60)
        assert r.headers["Retry-After"] == "60"
    clock.advance(60)
    r = client.get("/v1/job-positions", headers=roomy.headers)
    assert r.status_code == 200
