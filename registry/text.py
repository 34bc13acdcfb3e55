"""Text helpers shared by search, import and duplicate detection."""
from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss"})
_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower case, umlauts and ß folded, other accents dropped, spaces squeezed:
    "Müller-Straße" -> "muller-strasse", so "muller" and "strasse" match."""
    if not text:
        return ""
    lowered = text.casefold().translate(_FOLD)
    if lowered.isascii():  # most names once umlauts are folded: nothing to decompose
        return _SPACE.sub(" ", lowered).strip()
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", plain).strip()


_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def fold_spelling(text: str | None) -> str:
    """``fold`` that also treats the typewriter spellings ae/oe/ue like ä/ö/ü
    (ß and ss are alike already): "Laengengrad" == "Längengrad"."""
    folded = fold(text)
    for digraph, vowel in _DIGRAPHS:
        folded = folded.replace(digraph, vowel)
    return folded
