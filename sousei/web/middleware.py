"""Turns the domain's errors into error responses, so no bad id or parameter becomes a 500."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from sousei.api.errors import error_response
from sousei.errors import InvalidInput, SouseiError
from sousei.stats.selectors import request_scope


def render_error(request: HttpRequest, error: SouseiError) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": error.status, "message": error.message(get_language() or "ja")},
        status=error.status,
    )


def respond_error(request: HttpRequest, error: SouseiError) -> HttpResponse:
    """The API's JSON error body under /api/, an error page everywhere else."""
    if request.path.startswith("/api/"):
        return error_response(request, error)
    return render_error(request, error)


def _has_nul(request: HttpRequest) -> bool:
    """NUL never belongs in a URL, and PostgreSQL refuses it in text: reject it up front."""
    if "\x00" in request.path:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class SouseiErrorMiddleware:
    """Rejects NUL bytes and presents `SouseiError` raised by page views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return respond_error(
                request,
                InvalidInput(
                    "URL に使えない文字（NUL）が含まれています。",
                    "The URL contains a NUL character.",
                    code="nul_in_url",
                ),
            )
        with request_scope():
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, SouseiError):
            return respond_error(request, exception)
        return None


POST_PATHS = re.compile(r"^(/en)?/(comments/|requests/new/|accounts/signup/)")


class PostThrottleMiddleware:
    """A client just refused for posting too much gets 429 at once, before sessions, CSRF or
    the database, so a spam burst costs the site next to nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and POST_PATHS.match(request.path):
            from sousei.clients import client_address, client_key
            from sousei.participation.services import REFUSAL_SECONDS, recently_refused

            if recently_refused(client_key(client_address(request))):
                response = HttpResponse(
                    "短時間に多くの投稿がありました。しばらくしてからお試しください。\n"
                    "Too many posts in a short time; please try again later.\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(REFUSAL_SECONDS)
                return response
        return self.get_response(request)


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# The API's interactive docs (django-ninja's Swagger UI, served from our static files) style
# elements inline; only that page gets inline styles, and still no inline script.
API_DOCS_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy with no inline script and nothing from elsewhere: every page
    uses only its own static files, so an injected script has nowhere to run."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = (
            API_DOCS_POLICY if request.path.startswith("/api/v1/docs") else CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response
