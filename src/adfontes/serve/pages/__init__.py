"""The registry of pages. A page is one function in a module of this package:

    @route(r"/timeline", nav="Timeline")
    def timeline(req: Request) -> Page: ...

It returns a ``Page`` whose ``data`` is what ``/timeline.json`` serves and whose ``render``
turns that same data into the HTML body; a list page also gives ``csv``. Modules are found by
listing this package, so a new view is one new module.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from adfontes.serve.html import Safe, h, join, url


@dataclass(slots=True)
class Page:
    title: str
    data: dict
    render: Callable[[dict], Safe]
    csv: Callable[[dict], tuple[list[str], list[list]]] | None = None
    lang: str | None = None  # language of the title, when it is not the interface's


@dataclass(frozen=True, slots=True)
class Redirect:
    location: str


@dataclass(frozen=True, slots=True)
class Route:
    pattern: re.Pattern
    handler: Callable
    methods: tuple[str, ...]


@dataclass(slots=True)
class Registry:
    routes: list[Route] = field(default_factory=list)
    nav: list[tuple[int, str, str]] = field(default_factory=list)

    def match(self, path: str) -> tuple[Route, dict] | None:
        for r in self.routes:
            m = r.pattern.fullmatch(path)
            if m:
                return r, m.groupdict()
        return None


REGISTRY = Registry()

# Parts of a path: a source id (file hash prefix, ``.NN`` for a document split out of a file),
# an entity id (``P-`` and a slug), a story id. Nothing else reaches a handler.
SOURCE_ID = r"(?P<source_id>[0-9a-f]{6,64}(?:\.[0-9]{1,4})?)"
ENTITY_ID = r"(?P<entity_id>[PLOX]-[\w.-]{1,120})"
STORY_ID = r"(?P<story_id>[SQ]-[0-9a-f]{4,40})"


def route(pattern: str, *, methods: tuple[str, ...] = ("GET",), nav: str | None = None,
          order: int = 50):  # fmt: skip
    def register(func):
        REGISTRY.routes.append(Route(re.compile(pattern), func, methods))
        if nav:
            REGISTRY.nav.append((order, pattern, nav))
            REGISTRY.nav.sort()
        return func

    return register


# Functions of the app that fill its memo with what a first page would wait for.
WARMERS: list = []


def warmer(func):
    """Mark ``func(app)`` to run when the server starts (``App.warm``)."""
    WARMERS.append(func)
    return func


def load() -> Registry:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return REGISTRY


# --- helpers shared by the pages ---------------------------------------------------------------

PER_PAGE = 50


def paginate(items: list, req, per_page: int = PER_PAGE) -> tuple[list, dict]:
    """The slice of ``items`` on the requested page, and where it stands."""
    per_page = req.int("per_page", per_page, 1, 1000)
    pages = max(1, -(-len(items) // per_page))
    page = req.int("page", 1, 1, pages)
    at = (page - 1) * per_page
    return items[at : at + per_page], {"page": page, "pages": pages, "per_page": per_page,
                                       "total": len(items)}  # fmt: skip


def listing(key: str, records: list, info: dict | None = None, **extra) -> dict:
    """The JSON shape of every list: records under a plural key, their count, then extras."""
    return {key: records, "count": len(records), **(info or {}), **extra}


def pager(path: str, params: dict, info: dict) -> Safe:
    if info["pages"] <= 1:
        return Safe("")
    page, pages = info["page"], info["pages"]
    parts = [h('<nav class="pager" aria-label="pages"><span>page {} of {} ({} in all)</span>',
               page, pages, info["total"])]  # fmt: skip
    for label, target in (("« first", 1), ("‹ previous", page - 1), ("next ›", page + 1),
                          ("last »", pages)):  # fmt: skip
        if 1 <= target <= pages and target != page:
            parts.append(h('<a href="{}">{}</a>', url(path, **{**params, "page": target}), label))
    parts.append(Safe("</nav>"))
    return join(parts)


def source_href(source_id: str) -> str:
    return f"/source/{source_id}"


def passage_href(source_id: str, seq: int | None) -> str:
    return f"/passage/{source_id}/{seq}" if seq is not None else source_href(source_id)
