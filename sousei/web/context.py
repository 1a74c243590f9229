"""Template context shared by every page: the language switch and the site's name."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

import sousei


def english() -> bool:
    """Whether the page is being shown in English (Japanese is the default)."""
    return (get_language() or "ja").startswith("en")


def site(request: HttpRequest) -> dict:
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    switch = [
        {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    return {"language_switch": switch, "sousei_version": sousei.__version__}
