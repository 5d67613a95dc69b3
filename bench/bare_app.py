"""The baseline: a bare Starlette route running the same candidate query as
`GET /v1/candidates/{id}`, with no auth, no rate limits and no envelope.

Run as `uvicorn --factory bench.bare_app:create` with PANELIST_* settings in the environment;
the company id comes in the `company` query parameter.
"""

from __future__ import annotations

import gc

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from panelist.app import build_services
from panelist.candidates import repository
from panelist.candidates.schemas import to_wire, to_wire_detail
from panelist.kit import jsonx
from panelist.settings import Settings


def create(settings: Settings | None = None) -> Starlette:
    services = build_services(settings or Settings())

    def load(candidate_id: str, company_id: str) -> bytes:
        with services.db.read() as session:
            candidate = repository.get(session, company_id, candidate_id)
            return jsonx.dumps(to_wire_detail(candidate) if candidate else None)

    async def candidate(request: Request) -> Response:
        company_id = request.query_params.get("company", "")
        body = await run_in_threadpool(load, request.path_params["cid"], company_id)
        return Response(body, media_type="application/json")

    def load_page(company_id: str, position_id: str, limit: int) -> bytes:
        with services.db.read() as session:
            rows, pagination = repository.list_page(
                session,
                company_id,
                position_id=position_id,
                status=None,
                import_source=None,
                text=None,
                limit=limit,
                cursor=None,
                secret=services.secret,
            )
            return jsonx.dumps({"data": [to_wire(c) for c in rows], "pagination": pagination})

    async def candidates(request: Request) -> Response:
        """The list page: `?company=…&position=…&limit=50`, as `GET /v1/candidates` runs it."""
        q = request.query_params
        limit = int(q.get("limit", "50"))
        body = await run_in_threadpool(
            load_page, q.get("company", ""), q.get("position", ""), limit
        )
        return Response(body, media_type="application/json")

    # As `panelist serve` does once started: long-lived objects out of the collector's sight.
    gc.collect()
    gc.freeze()
    return Starlette(
        routes=[
            Route("/bare/candidates/{cid}", candidate),
            Route("/bare/candidates", candidates),
        ]
    )
