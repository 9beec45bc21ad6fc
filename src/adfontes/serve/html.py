"""HTML built in Python with escaping by default: every value is escaped unless it is ``Safe``."""

from __future__ import annotations

import html
from collections.abc import Iterable
from urllib.parse import urlencode

from adfontes.text import shorten


class Safe(str):
    """Markup that is already escaped (or written by us). Adding anything that is not ``Safe``
    escapes it, on either side."""

    __slots__ = ()

    def __add__(self, other) -> Safe:
        return Safe(str.__add__(self, esc(other)))

    def __radd__(self, other) -> Safe:
        return Safe(str.__add__(esc(other), self))


def esc(value) -> Safe:
    if isinstance(value, Safe):
        return value
    return Safe(html.escape("" if value is None else str(value), quote=True))


def _arg(value):
    """Numbers go in as numbers (so ``{:.1f}`` works); everything else is escaped."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return esc(value)


def h(template: str, *args, **kwargs) -> Safe:
    """``template`` (our own markup) with each argument escaped: ``h("<b>{}</b>", name)``."""
    return Safe(
        template.format(*(_arg(a) for a in args), **{k: _arg(v) for k, v in kwargs.items()})
    )


def join(parts: Iterable, sep: str = "") -> Safe:
    return Safe(sep.join(esc(p) for p in parts))


def url(path: str, **params) -> str:
    """A path with its query, leaving out empty parameters."""
    kept = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    return path + ("?" + urlencode(kept, doseq=True) if kept else "")


def lang_attr(lang: str | None) -> str:
    """`` lang="ru"`` for text in another language than the interface (``und`` when unknown),
    to splice into an ``h`` template: escaped for HTML and for ``str.format``."""
    value = html.escape(lang or "und", quote=True).replace("{", "{{").replace("}", "}}")
    return f' lang="{value}"'


def short(text: str | None, limit: int = 160) -> str:
    return shorten(text or "", limit)


def table(head: list[str], rows: Iterable[Iterable], caption: str | None = None) -> Safe:
    out = ['<div class="scroll"><table>']
    if caption:
        out.append(h("<caption>{}</caption>", caption))
    out.append("<thead><tr>" + "".join(h('<th scope="col">{}</th>', c) for c in head))
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(h("<td>{}</td>", c) for c in row) + "</tr>")
    out.append("</tbody></table></div>")
    return Safe("".join(out))


def select(name: str, label: str, options: Iterable[tuple[str, str]], current: str | None) -> Safe:
    opts = [h('<option value="">{}</option>', "any")]
    for value, text in options:
        chosen = " selected" if value == current else ""
        opts.append(h('<option value="{}"' + chosen + ">{}</option>", value, text))
    return h('<label>{} <select name="{}">', label, name) + join(opts) + Safe("</select></label>")


def field(name: str, label: str, value: str | None, kind: str = "text", hint: str = "") -> Safe:
    extra = h(' placeholder="{}"', hint) if hint else Safe("")
    return h('<label>{} <input type="{}" name="{}" value="{}"', label, kind, name, value or "") + (
        extra + Safe("></label>")
    )
