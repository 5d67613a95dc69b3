"""The `panelist` command: serve, worker, migrate, demo and the operator's `admin` commands.

Every `admin` command prints exactly one JSON object on stdout; errors print a JSON object with
`error` and `message` on stderr and exit with code 1.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from panelist.api_keys import service as api_keys
from panelist.app import build_services
from panelist.companies import service as companies
from panelist.db.migrate import upgrade_to_head
from panelist.errors import ApiError
from panelist.http.services import AppServices
from panelist.job_positions import schemas as position_schemas
from panelist.job_positions import service as job_positions
from panelist.kit import jsonx
from panelist.kit.timefmt import parse_iso
from panelist.settings import RATE_LIMIT_CATEGORIES, Settings
from panelist.users import service as users

F = TypeVar("F", bound=Callable[..., Any])


def _emit(obj: Any) -> None:
    click.echo(jsonx.dumps(obj).decode())


def _fail(code: str, message: str) -> None:
    click.echo(jsonx.dumps({"error": code, "message": message}).decode(), err=True)
    sys.exit(1)


def _services() -> AppServices:
    settings = Settings()
    services = build_services(settings)
    upgrade_to_head(services.db.engine)
    return services


def json_command(func: F) -> F:
    """Run an admin command: its return value is printed as JSON; failures as a JSON error."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            _emit(func(*args, **kwargs))
        except ApiError as exc:
            _fail(exc.code, exc.message)
        except (ValueError, click.BadParameter) as exc:
            _fail("VALIDATION_ERROR", str(exc))

    return wrapper  # type: ignore[return-value]


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise click.BadParameter(f"expected true or false, got {value!r}")
    return lowered == "true"


@click.group()
@click.version_option(package_name="panelist")
def main() -> None:
    """Panelist: a self-hostable AI-interview platform."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="HTTP server processes.",
)
@click.option("--no-worker", is_flag=True, help="Do not run the background worker in-process.")
@click.option("--no-demo", is_flag=True, help="Do not seed the demo company on first start.")
def serve(host: str, port: int, workers: int, no_worker: bool, no_demo: bool) -> None:
    """Migrate the database to head and start the HTTP server."""
    import uvicorn

    from panelist import demo, logging_setup

    if no_worker:
        # Read by Settings in every server process that uvicorn starts.
        os.environ["PANELIST_INPROCESS_WORKER"] = "false"
    settings = Settings()
    logging_setup.configure(settings.log_format)
    services = build_services(settings)
    upgrade_to_head(services.db.engine)
    if not no_demo and not demo.has_any_company(services):
        result = demo.ensure_demo(services)
        _print_demo(result, f"http://{host}:{port}")
    services.db.dispose()
    click.echo(f"Panelist listening on http://{host}:{port} (docs: /v1/docs)", err=True)
    if no_worker:
        click.echo("Background worker disabled (--no-worker).", err=True)
    uvicorn.run(
        "panelist.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )


def _print_demo(result: Any, base_url: str) -> None:
    click.echo("Demo company ready. Your API key (shown once):", err=True)
    click.echo(f"  {result.key}", err=True)
    click.echo("Try:", err=True)
    click.echo(f"  curl -s -H 'X-API-Key: {result.key}' {base_url}/v1/job-positions", err=True)


@main.command()
@click.option(
    "--concurrency",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Jobs run at once (threads).",
)
def worker(concurrency: int) -> None:
    """Run only the background worker: jobs, emails, webhook deliveries, sweeps."""
    from panelist import logging_setup
    from panelist.jobs.registry import build_worker

    settings = Settings()
    logging_setup.configure(settings.log_format)
    services = build_services(settings)
    upgrade_to_head(services.db.engine)
    stop = threading.Event()
    runner = build_worker(services, concurrency)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    threads = runner.start(stop)
    click.echo(f"Panelist worker {runner.worker_id} running ({concurrency} threads).", err=True)
    stop.wait()
    click.echo("Stopping: finishing in-flight jobs…", err=True)
    runner.shutdown(stop, threads)
    services.db.dispose()


@main.command()
def migrate() -> None:
    """Apply database migrations (Alembic) up to head."""
    _services()
    click.echo("Database is at head.", err=True)


@main.command()
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True)
def demo(base_url: str) -> None:
    """Create the demo company once, and print a new API key with every scope."""
    from panelist import demo as demo_module

    result = demo_module.ensure_demo(_services())
    _emit(
        {
            "companyId": result.company_id,
            "key": result.key,
            "jobPositionIds": result.position_ids,
            "created": result.created,
            "try": f"curl -s -H 'X-API-Key: {result.key}' {base_url}/v1/job-positions",
        }
    )


@main.group()
def admin() -> None:
    """Operator commands; each prints one JSON object."""


@admin.group()
def company() -> None:
    """Companies."""


@company.command("create")
@click.option("--name", required=True)
@click.option("--api-disabled", is_flag=True)
@json_command
def company_create(name: str, api_disabled: bool) -> dict[str, Any]:
    """Create a company."""
    services = _services()
    with services.db.write() as s:
        created = companies.create(s, name, api_enabled=not api_disabled, at=services.clock.now())
        wire = companies.to_wire(created)
    return {k: wire[k] for k in ("id", "name", "apiEnabled", "suspended", "createdAt")}


@company.command("update")
@click.argument("company_id")
@click.option("--suspended", default=None)
@click.option("--api-enabled", default=None)
@click.option("--rate-limit", "rate_limits", multiple=True, metavar="CATEGORY=N")
@json_command
def company_update(
    company_id: str, suspended: str | None, api_enabled: str | None, rate_limits: tuple[str, ...]
) -> dict[str, Any]:
    """Suspend/unsuspend, enable/disable the API, or override rate limits."""
    overrides: dict[str, int] = {}
    for item in rate_limits:
        name, _, value = item.partition("=")
        if name not in RATE_LIMIT_CATEGORIES or not value.isdigit():
            raise ValueError(
                f"--rate-limit expects CATEGORY=N with CATEGORY in "
                f"{', '.join(RATE_LIMIT_CATEGORIES)}; got {item!r}"
            )
        overrides[name] = int(value)
    services = _services()
    with services.db.write() as s:
        record = companies.require(s, company_id)
        companies.update(
            s,
            record,
            suspended=_bool(suspended),
            api_enabled=_bool(api_enabled),
            rate_limits=overrides,
            at=services.clock.now(),
        )
        return companies.to_wire(record)


@admin.group()
def user() -> None:
    """Company users."""


@user.command("create")
@click.option("--company", "company_id", required=True)
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["owner", "admin", "member"]))
@click.option("--name", default=None)
@click.option("--password", default=None)
@json_command
def user_create(
    company_id: str, email: str, role: str, name: str | None, password: str | None
) -> dict[str, Any]:
    """Add a user to a company."""
    services = _services()
    with services.db.write() as s:
        companies.require(s, company_id)
        created = users.create(
            s,
            company_id=company_id,
            email=email,
            role=role,
            name=name,
            password=password,
            at=services.clock.now(),
        )
        wire = users.to_wire(created)
    return {k: wire[k] for k in ("id", "companyId", "email", "role", "active")}


@user.command("update")
@click.argument("user_id")
@click.option("--role", default=None, type=click.Choice(["owner", "admin", "member"]))
@click.option("--active", default=None)
@json_command
def user_update(user_id: str, role: str | None, active: str | None) -> dict[str, Any]:
    """Change a user's role, or deactivate them (their keys then answer 403 FORBIDDEN)."""
    services = _services()
    with services.db.write() as s:
        record = users.require(s, user_id)
        users.update(s, record, role=role, active=_bool(active), at=services.clock.now())
        wire = users.to_wire(record)
    return {k: wire[k] for k in ("id", "companyId", "email", "role", "active")}


@admin.group()
def position() -> None:
    """Job positions."""


@position.command("create")
@click.option("--company", "company_id", required=True)
@click.option("--position", "title", required=True)
@click.option("--department", default=None)
@click.option("--location", default=None)
@click.option(
    "--type",
    "type_",
    default="full-time",
    show_default=True,
    type=click.Choice(["full-time", "part-time", "contract", "internship", "temporary"]),
)
@click.option(
    "--privacy", default="public", show_default=True, type=click.Choice(["public", "private"])
)
@click.option(
    "--status", default="active", show_default=True, type=click.Choice(["active", "closed"])
)
@click.option("--description", default=None)
@click.option("--requirement", "requirements", multiple=True)
@click.option("--question", "questions", multiple=True)
@click.option("--language", default="en", show_default=True, type=click.Choice(["en", "lt"]))
@json_command
def position_create(
    company_id: str,
    title: str,
    department: str | None,
    location: str | None,
    type_: str,
    privacy: str,
    status: str,
    description: str | None,
    requirements: tuple[str, ...],
    questions: tuple[str, ...],
    language: str,
) -> dict[str, Any]:
    """Create a job position with requirements and interview questions."""
    if not title.strip():
        raise ValueError("--position must not be empty")
    services = _services()
    with services.db.write() as s:
        companies.require(s, company_id)
        created = job_positions.create(
            s,
            company_id=company_id,
            position=title.strip(),
            department=department,
            location=location,
            type_=type_,
            privacy=privacy,
            status=status,
            description=description,
            requirements=[r for r in requirements if r.strip()],
            questions=[q for q in questions if q.strip()],
            language=language,
            at=services.clock.now(),
        )
        return position_schemas.to_wire_detail(created, 0)


@admin.group()
def key() -> None:
    """API keys."""


@key.command("create")
@click.option("--company", "company_id", required=True)
@click.option("--user", "user_id", required=True)
@click.option("--name", required=True)
@click.option("--scopes", required=True, help="Comma-separated, e.g. read:jobs,read:candidates")
@click.option("--ip", "ips", multiple=True, help="Allowed IP or CIDR; repeat for more.")
@click.option("--expires-at", default=None, help="ISO 8601 timestamp.")
@json_command
def key_create(
    company_id: str,
    user_id: str,
    name: str,
    scopes: str,
    ips: tuple[str, ...],
    expires_at: str | None,
) -> dict[str, Any]:
    """Create an API key; the full key is printed only this once."""
    expiry: datetime | None = parse_iso(expires_at) if expires_at else None
    services = _services()
    with services.db.write() as s:
        creator = users.require(s, user_id)
        if creator.company_id != company_id:
            raise ValueError("--user does not belong to --company")
        created, raw = api_keys.create(
            s,
            services.secret,
            creator=creator,
            name=name,
            scopes=[x.strip() for x in scopes.split(",") if x.strip()],
            ip_allowlist=list(ips),
            expires_at=expiry,
            at=services.clock.now(),
        )
        wire = api_keys.to_wire(created)
    return {
        "id": wire["id"],
        "key": raw,
        "name": wire["name"],
        "scopes": wire["scopes"],
        "ipAllowlist": wire["ipAllowlist"],
        "expiresAt": wire["expiresAt"],
        "createdBy": wire["createdBy"],
    }


@key.command("revoke")
@click.argument("key_id")
@json_command
def key_revoke(key_id: str) -> dict[str, Any]:
    """Revoke an API key at once."""
    services = _services()
    with services.db.write() as s:
        return api_keys.to_wire(api_keys.revoke(s, key_id, services.clock.now()))


@key.command("list")
@click.option("--company", "company_id", required=True)
@json_command
def key_list(company_id: str) -> dict[str, Any]:
    """List a company's keys (never the secret)."""
    services = _services()
    with services.db.read() as s:
        companies.require(s, company_id)
        return {"keys": [api_keys.to_wire(k) for k in api_keys.list_for_company(s, company_id)]}


@admin.command("emails")
@click.option("--company", "company_id", required=True)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--with-body", is_flag=True, help="Include the body (it holds the interview link).")
@json_command
def emails_list(company_id: str, limit: int, with_body: bool) -> dict[str, Any]:
    """The company's outbox of invitation emails with their delivery state, newest first."""
    from panelist.emails import service as emails

    services = _services()
    try:
        with services.db.read() as s:
            companies.require(s, company_id)
            rows = emails.newest(s, company_id, limit)
            return {"emails": [emails.to_wire(e, with_body=with_body) for e in rows]}
    finally:
        services.db.dispose()


if __name__ == "__main__":
    main()
