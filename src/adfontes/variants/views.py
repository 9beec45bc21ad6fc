"""What the variants commands show: witnesses read from files or the store, and their collation."""

from __future__ import annotations

from pathlib import Path

from adfontes.errors import InputError, StoreError, UsageError
from adfontes.variants.collate import Witness, collate
from adfontes.variants.render import to_json, to_tei, to_text


def file_witness(path: Path, siglum: str, lang: str | None) -> Witness:
    from adfontes.ingest.decode import decode
    from adfontes.text.langid import detect

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from exc
    text, _ = decode(data, str(path))
    lang = lang or detect(text)[0]
    return Witness(siglum, text, lang, None, str(path), 0, 1)


def store_witness(store, ref: str, siglum: str, lang: str | None) -> Witness:
    from adfontes.store.sources import Locators, resolve_source

    source = resolve_source(store.conn, ref)
    full = Locators(store).text(source.file_id)
    return Witness(
        siglum, full[source.start : source.end], lang or source.language, source.id,
        source.path, source.start, full.count("\n", 0, source.start) + 1,
    )  # fmt: skip


def witnesses(refs: list[str], *, open_store, sigla: list[str] | None, lang: str | None):
    """A witness per ref: a file path when one exists, else a source in the store."""
    if len(refs) < 2:
        raise UsageError("collate needs two or more witnesses")
    if sigla is not None and len(sigla) != len(refs):
        raise UsageError(f"--sigla gives {len(sigla)} sigla for {len(refs)} witnesses")
    names = sigla or _default_sigla(refs)
    out, store = [], None
    try:
        for ref, siglum in zip(refs, names, strict=True):
            if Path(ref).is_file():
                out.append(file_witness(Path(ref), siglum, lang))
            else:
                store = store or _store(open_store, ref)
                out.append(store_witness(store, ref, siglum, lang))
    finally:
        if store is not None:
            store.close()
    return out


def _store(open_store, ref: str):
    try:
        return open_store()
    except StoreError as exc:
        raise UsageError(f"{ref}: no such file, and no store to look it up in ({exc})") from exc


def _default_sigla(refs: list[str]) -> list[str]:
    stems = [Path(r).stem or r for r in refs]
    if len(set(stems)) == len(stems):
        return stems
    return [chr(ord("A") + i) if i < 26 else f"W{i}" for i in range(len(refs))]


def collate_view(ws: list[Witness], fmt: str, *, normalise: bool = True, mode: str | None = None):
    c = collate(ws, normalise=normalise, mode=mode)
    if fmt == "json":
        return to_json(c)
    return to_tei(c) if fmt == "tei" else to_text(c)
