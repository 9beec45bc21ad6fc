"""Bytes to text: UTF-8 first, then the legacy encodings historians' files come in."""

from __future__ import annotations

from adfontes.errors import InputError

# Tried in this order when a file is not UTF-8; charset-normalizer picks among them.
LEGACY = ("cp1251", "koi8_r", "cp1250", "iso8859_2", "cp1252", "iso8859_1", "mac_cyrillic")


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and control / len(sample) > 0.05


def decode(data: bytes, path: str) -> tuple[str, str]:
    """The text and the name of its encoding; InputError when it is empty, binary or undecodable."""
    if not data.strip():
        raise InputError(path, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if looks_binary(data):
        raise InputError(path, "binary file, not text (wrong extension?)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY)).best()
    if best is None:
        raise InputError(path, "cannot decode: not UTF-8 nor a known legacy encoding")
    return str(best), best.encoding
