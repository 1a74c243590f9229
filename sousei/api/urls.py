"""The JSON API, version 1, mounted at `/api/v1/` with its OpenAPI document."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

import sousei
from sousei.api import areas, jobs, orgs, projection, stats, strategy
from sousei.api.errors import install_error_handlers


class Utf8JSONRenderer(JSONRenderer):
    """Japanese text as UTF-8, not \\u escapes: readable in a browser and half the size."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012 - ninja's class attribute


class LocalSwagger(Swagger):
    """The docs page with Swagger UI from sousei's own static files, never from a CDN.

    ninja renders `template_cdn` when "ninja" is not in INSTALLED_APPS (see settings), so that
    is pointed at its local template.
    """

    template_cdn = str(settings.NINJA_DIR / "templates" / "ninja" / "swagger.html")


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="sousei API",
    version=f"1 ({sousei.__version__})",
    description=(
        "Open data, areas and regional statistics of sousei. Errors always have the shape "
        '`{"error": {"status", "code", "message", "messages": {"ja", "en"}}}`.'
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=LocalSwagger(),
)
install_error_handlers(api)
api.add_router("", areas.router)
api.add_router("", orgs.router)
api.add_router("", jobs.router)
api.add_router("", stats.router)
api.add_router("", projection.router)
api.add_router("", strategy.router)

urlpatterns = api.urls
