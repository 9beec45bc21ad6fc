"""A small invented corpus in four languages, and an embedder that needs no model."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import yaml

from adfontes.search import terms

FILES = {
    "hu-level.txt": (
        {"language": "hu", "kind": "primary", "genre": "letter", "date": "1929-02-14"},
        "Levél Konstantinápolyból\n\n"
        "1929. február 12-én Trockijjal beszéltem a kikötőben. A kiutasítás hírét már "
        "mindenki ismerte a városban.\n\n"
        "Zinovjevről senki sem beszélt.\n",
    ),
    "ru-zapiska.txt": (
        {"language": "ru", "kind": "primary", "genre": "decree", "date": "1929-01"},
        "Записка\n\n"
        "Высылка Троцкого в Турцию назначена на январь 1929 года. Пароход ждёт в Одессе.\n\n"
        "Зиновьев не возражал против высылки.\n",
    ),
    "en-history.txt": (
        {"language": "en", "kind": "secondary", "genre": "monograph", "date": "1994"},
        "Chapter 3. Exile\n\n"
        "Trotsky was expelled to Turkey in February 1929, and the steamer left from Odessa.\n\n"
        "The weather in Paris was mild that winter, and the cafés were full of talk.\n",
    ),
    "de-bericht.txt": (
        {"language": "de", "kind": "secondary", "genre": "newspaper", "date": "1929-02-14"},
        "Trotzki in Konstantinopel\n\n"
        "Trotzki traf am 12. Februar 1929 mit seiner Familie in Konstantinopel ein. Die "
        "Ausweisung aus der Sowjetunion kam nicht überraschend.\n",
    ),
}


def write_corpus(folder: Path, names=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, (meta, text) in FILES.items():
        if names is not None and name not in names:
            continue
        (folder / name).write_text(text, encoding="utf-8")
        sources.append({"path": name, "title": name, **meta})
    (folder / "corpus.yaml").write_text(
        yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8"
    )
    return folder


class HashEmbedder:
    """Bag of folded words hashed into 64 dimensions: similar wording gives similar vectors."""

    name = "test/hash-64"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[int] = []

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for tok in terms.tokens(text):
            h = int.from_bytes(hashlib.blake2b(tok.folded.encode(), digest_size=4).digest(), "big")
            v[h % self.dim] += 1.0 if h & 1 else -1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def passages(self, texts):
        self.calls.append(len(texts))
        return np.stack([self._one(t) for t in texts])

    def query(self, text):
        return self._one(text)
