"""One error shape for the whole API: `{"error": {"status", "code", "message", "messages"}}`."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sousei.errors import NotFound, SouseiError

logger = logging.getLogger("sousei.api")


class ErrorBody(Schema):
    status: int
    code: str
    message: str
    messages: dict[str, str]
    details: list[dict] | None = None


class ErrorOut(Schema):
    error: ErrorBody


ERROR_RESPONSES = {400: ErrorOut, 404: ErrorOut}


RETRY_AFTER_SECONDS = 10


def request_language(request: HttpRequest) -> str:
    """`?lang=en` or an English-first Accept-Language gets English; Japanese otherwise."""
    lang = request.GET.get("lang", "")
    if lang in ("ja", "en"):
        return lang
    accept = request.headers.get("Accept-Language", "")
    return "en" if accept.lower().startswith("en") else "ja"


def error_response(request: HttpRequest, error: SouseiError) -> JsonResponse:
    response = JsonResponse(
        error.as_dict(request_language(request)),
        status=error.status,
        json_dumps_params={"ensure_ascii": False},
    )
    return with_retry_after(response, error)


def _validation_details(exc: ValidationError) -> list[dict]:
    details = []
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ()) if part not in ("query", "path", "body")]
        details.append({"parameter": ".".join(loc), "problem": item.get("msg", "")})
    return details


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(SouseiError)
    def _sousei(request: HttpRequest, exc: SouseiError) -> HttpResponse:
        return error_response(request, exc)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = _validation_details(exc)
        names = ", ".join(d["parameter"] for d in details if d["parameter"]) or "?"
        return error_response(
            request,
            SouseiError(
                f"パラメータの値が正しくありません: {names}",
                f"Invalid parameter value: {names}",
                code="invalid_parameter",
                details=details,
            ),
        )

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(request, NotFound("見つかりません。", "Not found.", code="not_found"))

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            request,
            SouseiError("ログインが必要です。", "Login required.", code="unauthorized", status=401),
        )

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(
            request,
            SouseiError(str(exc), str(exc), code="http_error", status=exc.status_code),
        )

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unexpected API error on %s", request.path)
        return error_response(request, unexpected_error(exc))


def _database_lost(exception: BaseException | None) -> bool:
    """A lost database (restarting, unreachable), not a bug: the connection is gone or
    unusable, so the request may simply be tried again."""
    if not isinstance(exception, DatabaseError):
        return False
    try:
        return connection.connection is None or not connection.is_usable()
    except DatabaseError:
        return True


def unexpected_error(exception: BaseException | None) -> SouseiError:
    """What a failure nobody foresaw tells the client: 503 (come back) when the database is
    lost, 500 otherwise; never the exception's own text."""
    if _database_lost(exception):
        return SouseiError(
            "データベースに接続できません。しばらくしてからお試しください。",
            "The database is unavailable; please try again shortly.",
            code="database_unavailable",
            status=503,
        )
    return SouseiError(
        "サーバー内部でエラーが発生しました。",
        "Internal server error.",
        code="internal_error",
        status=500,
    )


def with_retry_after(response: HttpResponse, error: SouseiError) -> HttpResponse:
    """A 503 says when to come back, so harvesters and monitors do not give up."""
    if error.status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
