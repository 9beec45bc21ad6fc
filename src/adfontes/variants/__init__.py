"""Retellings: collation of witnesses of one text, reuse detection and story drift.

``collate(witnesses)`` aligns two or more witnesses token by token (one language) or sentence by
sentence and name by name (a text and its translation); it needs no store.
"""

from adfontes.variants.collate import Collation, Variant, Witness, collate

__all__ = ["Collation", "Variant", "Witness", "collate"]
