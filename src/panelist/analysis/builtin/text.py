"""Tokenising, stemming and indexing text for matching.

A `Doc` keeps only content tokens (stop words dropped) as stems with diacritics removed, plus
the character span of each token so that evidence can be quoted from the original text, and the
segment (line or sentence) each token belongs to so that multi-word requirements can demand
their words appear together.

Stemming uses Snowball (`snowballstemmer`), English or Lithuanian by document: it is the
reference implementation of the light stemmers IR systems use, pure Python, and maintained.
Stems are cached process-wide because the stemmer costs ~90 µs a word while a CV repeats most of
its vocabulary and consecutive CVs share most of theirs.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import snowballstemmer  # type: ignore[import-untyped]

from panelist.analysis.builtin.lexicon import (
    LT_FUNCTION_WORDS,
    STOP_EN,
    STOP_LT,
    WEAK_QUALIFIERS,
    fold,
)

# A run of letters/digits, keeping the suffix of tech spellings that punctuation would otherwise
# split or erase (c++, c#, node.js, ci/cd, p&l). Written as one class plus an optional suffix:
# an alternation of the special spellings tried at every character costs twice as much.
_TOKEN = re.compile(r"[^\W_]+(?:\+\+|#|\.js\b|/cd\b|&[ld]\b)?|\.net\b")
_ALNUM = re.compile(r"[^\W_]+")
_SPECIAL = {"c++": "cplusplus", "c#": "csharp", "f#": "fsharp", ".net": "dotnet", "ci/cd": "cicd"}
_SPECIAL |= {"p&l": "pnl", "r&d": "rnd"}
# Segment boundaries: line breaks, sentence ends, semicolons and bullet characters.
_BOUNDARY = re.compile(r"\n|[.!?;](?=\s|$)|[•·▪●◦]")

# British -ise/-isation spelled as American so that "organised" meets "organized".
_BRITISH = re.compile(r"is(e|ed|es|ing|ation|ations|ational|er|ers)$")
TRUNCATE = 8

_STEMMERS = {
    "en": snowballstemmer.stemmer("english"),
    "lt": snowballstemmer.stemmer("lithuanian"),
}
_STEM_LOCK = threading.Lock()  # Snowball stemmer objects keep state while stemming a word.
_STEM_CACHE: dict[tuple[str, str], str] = {}
_STEM_CACHE_MAX = 200_000


def stem(word: str, lang: str = "en") -> str:
    """Stem one lowercase word; the result has no diacritics.

    Lithuanian endings carry diacritics (-ų, -ė), so Lithuanian is stemmed before folding;
    English is folded first so that "café" and "cafe" agree.
    """
    key = (lang, word)
    cached = _STEM_CACHE.get(key)
    if cached is not None:
        return cached
    if word.isdigit() or len(word) < 3:
        result = fold(word)
    elif lang == "lt":
        with _STEM_LOCK:
            # Cut to 8 letters as in English: "skaičiavimas" -> skaičiavim, "skaičiavau" ->
            # skaičiav.
            result = fold(str(_STEMMERS["lt"].stemWord(word)))[:TRUNCATE]
    else:
        source = _BRITISH.sub(r"iz\1", fold(word))
        with _STEM_LOCK:
            # Snowball leaves verb/noun pairs apart ("administer" -> administ, "administration"
            # -> administr; reconcile/reconciliation); cutting long stems to 8 letters joins
            # them, and words sharing 8 leading letters are nearly always the same family.
            result = str(_STEMMERS["en"].stemWord(source))[:TRUNCATE]
    if len(_STEM_CACHE) < _STEM_CACHE_MAX:
        _STEM_CACHE[key] = result
    return result


_LT_LETTERS = re.compile(r"[ąčęėįšųūž]")


def detect_language(words: list[str]) -> str:
    """ "lt" when Lithuanian function words outnumber English ones; names with diacritics in an
    English CV ("Vaitkutė") must not flip it, hence function words rather than letters. Short
    texts without function words (a list of requirements) fall back to the letters."""
    lt = sum(1 for w in words if w in LT_FUNCTION_WORDS)
    en = sum(1 for w in words if w in STOP_EN)
    if lt >= 2 or en >= 2:
        return "lt" if lt > en else "en"
    with_letters = sum(1 for w in words if _LT_LETTERS.search(w))
    return "lt" if words and with_letters * 5 >= len(words) else "en"


def raw_tokens(text: str) -> list[tuple[str, int, int]]:
    """(lowercase surface, start, end) for every token, stop words included."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowercased ("İ")
        return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low)]
    for i, (word, start, end) in enumerate(out):
        if not word.isalnum():  # the rare special spellings: c++, node.js, ci/cd
            if word in _SPECIAL:
                out[i] = (_SPECIAL[word], start, end)
            elif word.endswith(".js"):
                out[i] = (word[:-3] + "js", start, end)
            elif (core := _ALNUM.match(word)) is not None:  # "item#": drop the suffix
                out[i] = (core.group(), start, start + core.end())
    return out


@dataclass
class Doc:
    """A text ready for matching. Token lists are parallel: stems[i] came from spans[i]."""

    text: str
    lang: str
    n_words: int  # all words, stop words included: answer length
    folded_words: list[str]  # every word, folded: first-person and non-answer checks
    stems: list[str] = field(default_factory=list)
    surface: list[str] = field(default_factory=list)  # folded word of each content token
    spans: list[tuple[int, int]] = field(default_factory=list)
    seg: list[int] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=dict)
    weak: list[int] = field(default_factory=list)  # positions of "basic", "student", …
    # Matching the same concept again (per job block, per headline) reuses its hits.
    cache: dict[object, object] = field(default_factory=dict, repr=False)

    def positions(self, phrase: tuple[str, ...]) -> list[int]:
        """Token positions where the stemmed phrase starts (consecutive content tokens)."""
        starts = self.index.get(phrase[0])
        if not starts or len(phrase) == 1:
            return starts or []
        n = len(self.stems)
        return [
            p
            for p in starts
            if p + len(phrase) <= n and tuple(self.stems[p : p + len(phrase)]) == phrase
        ]

    def quote(self, start: int, end: int) -> str:
        """Original text of content tokens start..end-1 (inclusive of what lies between)."""
        return self.text[self.spans[start][0] : self.spans[end - 1][1]]

    def segment_text(self, pos: int, limit: int = 90) -> str:
        """The line or sentence around token `pos`, trimmed to about `limit` characters."""
        s, e = self.spans[pos]
        left = max(self.text.rfind("\n", 0, s), 0)
        right = self.text.find("\n", e)
        right = len(self.text) if right < 0 else right
        line = self.text[left:right]
        offset = s - left
        if len(line) > limit:
            lo = max(0, min(offset - limit // 3, len(line) - limit))
            line = line[lo : lo + limit]
            line = line[line.find(" ") + 1 :] if lo > 0 else line
            line = line[: line.rfind(" ")] if lo + limit < right - left else line
        return line.strip(" \t\r\n-•·*–—,;:")


_WORD_CACHE: dict[tuple[str, str], tuple[str, str | None, bool]] = {}


def _word_info(word: str, lang: str) -> tuple[str, str | None, bool]:
    """(folded, stem or None for a stop word, weak qualifier?) — one dict hit per token."""
    key = (lang, word)
    info = _WORD_CACHE.get(key)
    if info is None:
        f = fold(word)
        stop = f in STOP_EN or (lang == "lt" and f in STOP_LT)
        info = (f, None if stop else stem(word, lang), f in WEAK_QUALIFIERS)
        if len(_WORD_CACHE) < _STEM_CACHE_MAX:
            _WORD_CACHE[key] = info
    return info


def make_doc(text: str, lang: str | None = None) -> Doc:
    """Tokenise, detect language (unless given), stem and index `text`."""
    toks = raw_tokens(text)
    # Function words settle the language within the first few hundred words.
    language = lang or detect_language([t for t, _, _ in toks[:400]])
    cache = _WORD_CACHE
    infos = [cache.get((language, t)) or _word_info(t, language) for t, _, _ in toks]
    doc = Doc(text=text, lang=language, n_words=len(toks), folded_words=[i[0] for i in infos])
    bounds = [m.start() for m in _BOUNDARY.finditer(text)]
    bounds.append(len(text) + 1)
    seg, n = 0, 0
    index = doc.index
    stems, surface, spans, segs = doc.stems, doc.surface, doc.spans, doc.seg
    for (_word, start, end), (f, st, weak) in zip(toks, infos, strict=True):
        if st is None:
            continue
        while bounds[seg] < start:  # tokens come in order, so segments only move forward
            seg += 1
        positions = index.get(st)
        if positions is None:
            index[st] = [n]
        else:
            positions.append(n)
        if weak:
            doc.weak.append(n)
        stems.append(st)
        surface.append(f)
        spans.append((start, end))
        segs.append(seg)
        n += 1
    return doc


def stem_phrase(phrase: str, lang: str = "en") -> tuple[str, ...]:
    """A phrase as the tuple of content stems a `Doc` would hold for it."""
    stop = STOP_LT | STOP_EN if lang == "lt" else STOP_EN
    out = []
    for word, _, _ in raw_tokens(phrase):
        if fold(word) not in stop:
            out.append(stem(word, lang))
    return tuple(out)
