"""Names: find people, places and bodies in any language and script, and gather their mentions.

``find(text, lang)`` reads one text (no store); ``cluster(mentions)`` groups mentions from many
texts into entities.
"""

from adfontes.names.cluster import cluster
from adfontes.names.find import find
from adfontes.names.model import Entity, Mention

__all__ = ["Entity", "Mention", "cluster", "find"]
