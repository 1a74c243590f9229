"""Turns the domain's errors into error pages, so no bad id or parameter becomes a 500."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from sousei.errors import SouseiError


def render_error(request: HttpRequest, error: SouseiError) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": error.status, "message": error.message(get_language() or "ja")},
        status=error.status,
    )


class SouseiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, SouseiError):
            return render_error(request, exception)
        return None
