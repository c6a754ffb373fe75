"""The termbase compiled for matching: derived candidates, anchors, name keys — cached on disk.

Compiling reads CC-CEDICT and jieba's dictionary and derives every candidate (seconds), so the
result is stored in the user cache directory (cache.py), keyed by a hash of the termbase files,
the dictionaries' sizes and ``COMPILER_VERSION``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .candidate import Candidate
from .schema import Kind, TermEntry, load_termbase_file

if TYPE_CHECKING:
    from .lexicon import Lexicon

COMPILER_VERSION = 23  # bump when derive/compile logic changes what a cache holds
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
COMMON_WORD_FREQ = 500  # jieba count above which an accepted form is an everyday word too


def default_termbase_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "termbase"


class EntryTable(Mapping[str, TermEntry]):
    """Entries by key, validated models built on first use from the cached plain data."""

    def __init__(self, raw: dict[str, dict[str, Any]]) -> None:
        self.raw = raw
        self._built: dict[str, TermEntry] = {}

    def __getitem__(self, key: str) -> TermEntry:
        entry = self._built.get(key)
        if entry is None:
            entry = TermEntry.model_validate(self.raw[key])
            self._built[key] = entry
        return entry

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


@dataclass
class CompiledTermbase:
    entries: Mapping[str, TermEntry]
    keys: list[str]  # entry keys, indexed by the packed candidate codes
    # candidate text -> packed (entry index, mechanism, English words rendered) per derivation
    candidates: dict[str, tuple[int, ...]]
    freq: dict[str, int]  # jieba frequency of candidate texts and anchors (0 = unknown)
    words: set[str]  # candidate texts that are dictionary words
    tame: set[str]  # candidate texts made wholly of pieces of correct renderings (能力评估)
    anchors: dict[str, float]  # correct renderings that mark technical talk -> weight
    protected: set[str]  # every accepted Han form: a candidate inside one is not a garble
    name_keys: dict[str, list[str]]  # phonetic key of a kept-in-English name -> entry keys
    translit_chars: str = ""  # characters Chinese uses to spell foreign names (卡, 夫, 斯 …)
    translit_words: set[str] = field(default_factory=set)  # ordinary words spelled with them
    prefix: dict[str, list[int]] = field(default_factory=dict)  # first two chars -> lengths
    derivations: Callable[[str, str], str] = field(default=lambda text, key: "", repr=False)
    _english: set[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.prefix:
            index: dict[str, set[int]] = defaultdict(set)
            for text in (*self.candidates, *self.anchors, *self.protected):
                if len(text) >= 2:
                    index[text[:2]].add(len(text))
            self.prefix = {k: sorted(v, reverse=True) for k, v in index.items()}

    def lengths_at(self, text: str, i: int) -> Sequence[int]:
        """Lengths of known strings (candidates, anchors, protected forms) that may start at i."""
        return self.prefix.get(text[i : i + 2], ())

    @property
    def english_forms(self) -> set[str]:
        """Every entry's English and English aliases, lower-cased: what Chinese tech writing
        writes in English (the language check does not count them as untranslated text)."""
        if self._english is None:
            self._english = {form.lower() for key in self.entries for form in _english_of(self.entries, key)}
        return self._english

    def candidates_for(self, text: str) -> list[Candidate]:
        out = []
        for code in self.candidates.get(text, ()):
            key, mechanism, parts = self.keys[code >> 4], MECHANISMS[(code >> 2) & 3], code & 3
            out.append(Candidate(text, key, mechanism, self.derivations(text, key), parts))
        return out


def _english_of(entries: Mapping[str, TermEntry], key: str) -> tuple[str, ...]:
    raw = getattr(entries, "raw", None)
    if raw is not None:  # the cached plain data: no need to build 5,000 models
        data = raw[key]
        return (data["en"], *(a for a in data.get("aliases", ()) if a.isascii()))
    e = entries[key]
    return (e.en, *(a for a in e.aliases if a.isascii()))


MECHANISMS = ("literal", "compound", "sense", "sound")


def pack(index: int, mechanism: str, parts: int) -> int:
    return (index << 4) | (MECHANISMS.index(mechanism) << 2) | min(parts, 3)


def termbase_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or default_termbase_dir()).glob("*.yaml"))


def load_entries(paths: Iterable[Path]) -> list[TermEntry]:
    entries: list[TermEntry] = []
    for path in paths:
        entries.extend(load_termbase_file(path).entries)
    return entries


def compile_entries(
    entries: Sequence[TermEntry], progress: Callable[[int, int], None] | None = None
) -> CompiledTermbase:
    """Derive every entry's candidates; ``progress(done, total)`` is told as entries go by."""
    # CC-CEDICT, jieba's counts and the phonetics are needed to compile, not to match
    from .derive import derive_entry
    from .lexicon import load_lexicon, sound_vocabulary
    from .phonetic import name_key

    lex = load_lexicon()
    vocab = sound_vocabulary(lex)
    by_id = {e.key: e for e in entries}
    accepted = frozenset(a for e in entries for a in e.accepted if _HAN_RE.search(a))
    keys = list(by_id)
    index = {k: i for i, k in enumerate(keys)}
    candidates: dict[str, list[int]] = defaultdict(list)
    derivations: dict[tuple[str, str], str] = {}
    for done, e in enumerate(entries, 1):
        if progress is not None and done % 50 == 0:
            progress(done, len(entries))
        for c in derive_entry(e, lex, vocab, accepted):
            candidates[c.text].append(pack(index[c.entry_id], c.mechanism, c.parts))
            derivations[c.text, c.entry_id] = c.derivation
    anchors: dict[str, float] = {}
    for e in entries:
        for form in (*e.zh, *e.accept):
            if len(form) >= 2 and _HAN_RE.search(form):
                common = lex.frequency(form) >= COMMON_WORD_FREQ
                anchors[form] = max(anchors.get(form, 0.0), 0.3 if common else 1.0)
    words = {t for t in candidates if lex.is_word(t)}
    tame = tame_strings((t for t in candidates if t not in words), accepted)
    # a derived compound spelled wholly with correct renderings (审计日志 = 审计 + 日志, for
    # "audit log") is a correct phrase: only a listed literal may be such a string
    literal = MECHANISMS.index("literal")
    for text in tame:
        kept = [c for c in candidates[text] if (c >> 2) & 3 == literal]
        if kept:
            candidates[text] = kept
        else:
            del candidates[text]
    tame &= set(candidates)
    freq = {t: lex.frequency(t) for t in (*words, *anchors) if lex.frequency(t)}
    name_keys: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        # names with an established Chinese form (英伟达, 通义) are spelled that way, not kept
        if e.keep_english and e.kind.is_name and not e.kind.is_title and e.kind is not Kind.PERSON:
            for form in (e.en, *e.aliases):
                if sum(ch.isupper() for ch in form) >= 2 and not any(ch.islower() for ch in form):
                    continue  # GPT, SQL: said letter by letter, not spelled out as a word
                key = name_key(form)
                if len(key) >= 3:
                    name_keys[key].append(e.key)
    chars = transliteration_chars(lex)
    # ordinary words spelled with those characters (世界, 东西, 公司): a run holding one is
    # ordinary text, not a name spelled out
    # Proper names the dictionary knows (托马斯, 帕洛阿尔托, 卡夫卡) are people and places, or are
    # derived as senses of the name with its cues (卡夫卡 for Kafka): not new transliterations.
    translit_words = {
        w
        for w in (*lex.glosses_of, *lex.freq)
        if len(w) >= 2 and all(ch in chars for ch in w) and (w in lex.proper or lex.frequency(w) >= 50)
    }
    return CompiledTermbase(
        entries=by_id,
        keys=keys,
        candidates={t: tuple(c) for t, c in candidates.items()},
        freq=freq,
        words=words,
        tame=tame,
        anchors=anchors,
        protected=set(accepted),
        name_keys=dict(name_keys),
        translit_chars=chars,
        translit_words=translit_words,
        derivations=lambda text, key: derivations.get((text, key), ""),
    )


# particles and light words a literal translation strings between content words
_FUNCTION_CHARS = frozenset("的了着地得个是在和与及或之把被让给对")
_LIGHT_WORDS = frozenset(("出来", "起来", "下来", "下去", "过来", "一下", "一个", "这个", "那个"))


def tame_strings(texts: Iterable[str], accepted: Iterable[str]) -> set[str]:
    """The texts that can be spelled wholly with correct renderings of terms and particles:
    能力评估 (capability + evaluation), 二进制分类, 通用的. Unlike 神经坚果 or 一热编码 they
    contain nothing foreign to technical Chinese, so they may well be correct phrases."""
    forms = {f for f in accepted if len(f) >= 2} | _LIGHT_WORDS
    longest = max((len(f) for f in forms), default=0)
    out: set[str] = set()
    for text in texts:
        reach = [False] * (len(text) + 1)
        reach[0] = True
        for i in range(len(text)):
            if not reach[i]:
                continue
            if text[i] in _FUNCTION_CHARS:
                reach[i + 1] = True
            for n in range(2, min(longest, len(text) - i) + 1):
                if text[i : i + n] in forms:
                    reach[i + n] = True
        if reach[-1]:
            out.add(text)
    return out


def transliteration_chars(lex: Lexicon) -> str:
    """Characters that CC-CEDICT's foreign proper names are mostly spelled with: those used in
    such names at least 5 times, and in them for at least 20% of their dictionary uses."""
    in_names: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    for word in lex.glosses_of:
        overall.update(word)
    for word in lex.proper:
        glosses = lex.glosses_of.get(word, [])
        if len(word) >= 2 and any(g.isascii() and g.replace(" ", "").isalpha() for g in glosses):
            in_names.update(word)
    return "".join(sorted(ch for ch, n in in_names.items() if n >= 5 and n / overall[ch] >= 0.2))
