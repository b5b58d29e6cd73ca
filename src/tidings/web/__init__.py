"""The web face over the event store: HTML pages, a JSON API and downloads (`create_app(store)`)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
