"""`sousei serve`: the portal on gunicorn (production-grade WSGI), static files by WhiteNoise."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class PortalServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from sousei.wsgi import application

        return application


def serve(*, host: str, port: int, workers: int) -> None:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    PortalServer(
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": 4,
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
            "preload_app": True,
            "proc_name": "sousei",
        }
    ).run()
