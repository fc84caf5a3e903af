"""Split ../shared/data/langid-dev into two folds by source document, deterministically.

Rules and thresholds of newsflow's language identification are chosen on fold "A" and
reported on fold "B" (benchmarks/language.py prints both). The devset's ``src`` field names
the treebank (one per language), not the document, so hashing it would put whole languages in
one fold. The document is therefore recovered where the data allows it:

- fi, sv, en: each sentence is looked up in the same treebanks' dev files in
  ../shared/data/inflection-dev (UD_Finnish-TDT: the sent_id before its dot, "b204.41" -> "b204";
  UD_Swedish-Talbanken and UD_English-EWT: the ``# newdoc id``); a paragraph belongs to the
  document of its first sentence.
- et, no, da, de (no document ids at hand): items that share a sentence (a short or medium
  item that is one of a paragraph's four sentences) are kept together, so no sentence is in
  both folds.

Each group goes to fold A or B by the CRC-32 of "src|group": stable across runs and machines.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEVSET = DATA / "langid-dev" / "devset.jsonl"
TREEBANKS = {"fi": "fi_tdt", "sv": "sv_talbanken", "en": "en_ewt"}


def load(path: Path = DEVSET) -> list[dict]:
    """Read the devset: one dict per line (text, lang, bucket, src)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sentences(lang: str, folder: Path) -> Iterator[tuple[str, str]]:
    """(sentence text, document id) of a UD dev file, in order (nothing when the file is missing)."""
    path = folder / f"{TREEBANKS[lang]}-ud-dev.conllu"
    if not path.exists():
        return
    doc = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            doc = line.split("=", 1)[1].strip()
        elif line.startswith("# sent_id") and lang == "fi":
            doc = line.split("=", 1)[1].strip().split(".")[0]
        elif line.startswith("# text ="):
            yield line.split("=", 1)[1].strip(), doc


def _documents(lang: str, folder: Path) -> dict[str, str]:
    """Sentence text -> document id, from a UD dev file (empty when the file is missing)."""
    out: dict[str, str] = {}
    for text, doc in _sentences(lang, folder):
        out.setdefault(text, doc)
    return out


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def groups(rows: list[dict], folder: Path = DATA / "inflection-dev") -> list[str]:
    """The source-document group of each row (see the module docstring)."""
    keys = [""] * len(rows)
    by_lang: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_lang.setdefault(r["lang"], []).append(i)
    for lang, idx in by_lang.items():
        docs = _documents(lang, folder) if lang in TREEBANKS else {}
        for i in idx:
            text = rows[i]["text"]
            if docs:
                doc = docs.get(text) or next(
                    (d for s, d in docs.items() if rows[i]["bucket"] == "paragraph" and text.startswith(s + " ")), ""
                )
                if doc:
                    keys[i] = "doc:" + doc
        # Rows without a document id: join items that share a sentence.
        loose = [i for i in idx if not keys[i]]
        flat = {i: n for n, i in enumerate(loose)}
        up = list(range(len(loose)))
        singles = [i for i in loose if rows[i]["bucket"] != "paragraph"]
        for p in (i for i in loose if rows[i]["bucket"] == "paragraph"):
            for s in singles:
                if rows[s]["text"] in rows[p]["text"]:
                    a, b = _find(up, flat[p]), _find(up, flat[s])
                    up[a] = b
        for i in loose:
            keys[i] = f"group:{loose[_find(up, flat[i])]}"
    return keys


def fold_of(src: str, group: str) -> str:
    """ "A" (rules chosen here) or "B" (reported), by the CRC-32 of the source document."""
    return "AB"[zlib.crc32(f"{src}|{group}".encode()) % 2]


def split(rows: list[dict]) -> list[str]:
    """The fold of each row, "A" or "B"."""
    return [fold_of(r["src"], g) for r, g in zip(rows, groups(rows), strict=True)]


_ADDRESS = re.compile(r"https?://\S+|www\.\S+|\S*@\S*")


def _has_language(text: str) -> bool:
    """Whether a sentence is written in words: at least 12 letters once addresses are set aside, and
    letters at least half of its characters (not a URL, an e-mail header, a rule of "=====" or a
    table row of numbers, which a treebank of web text holds and which have no language)."""
    letters = sum(ch.isalpha() for ch in _ADDRESS.sub(" ", text))
    return "@" not in text and letters >= 12 and letters * 2 >= sum(not ch.isspace() for ch in text)


def unseen_items(rows: list[dict], folds: list[str], folder: Path = DATA / "inflection-dev") -> list[dict]:
    """Fold "B+": fi/sv/en sentences of the same UD dev files that are not in the devset and whose
    document has nothing in fold A, so the rules never saw them or their documents.

    Bucketed by length as the devset is (short: 20-60 characters, medium: 61-200), and kept only
    when written in words (see ``_has_language``). Mostly English: the devset already holds almost
    every short Finnish and Swedish sentence of those files.
    """
    fold_a = {g for g, f in zip(groups(rows, folder), folds, strict=True) if f == "A"}
    known = {r["text"] for r in rows}
    out = []
    for lang, bank in TREEBANKS.items():
        for text, doc in _sentences(lang, folder):
            n = len(text)
            bucket = "short" if 20 <= n <= 60 else "medium" if 61 <= n <= 200 else ""
            if bucket and f"doc:{doc}" not in fold_a and text not in known and _has_language(text):
                out.append({"text": text, "lang": lang, "bucket": bucket, "src": f"{bank} dev"})
    return out


if __name__ == "__main__":
    import collections

    rows = load()
    folds = split(rows)
    count = collections.Counter((f, r["lang"], r["bucket"]) for f, r in zip(folds, rows, strict=True))
    for key in sorted(count):
        print(*key, count[key])


_CAPWORD = re.compile(r"\b[A-ZÅÄÖÜ][a-zåäöüéõšž]{2,11}\b")


def hard_items(rows: list[dict], folds: list[str]) -> list[tuple[dict, str]]:
    """A fourth bucket, "headings", built from the short sentences, with each one's fold.

    For every short item: its ALL-CAPS form (a heading), the sentence without its final
    punctuation (a title), and a contact line -- the sentence as a lead-in, then a name, a
    phone number and an e-mail address. Names are capitalised words found inside sentences of
    at least two languages and never in lower case (Martin, Karin, London), picked by a hash.
    """
    # Names: capitalised words inside sentences of at least two languages, never written in lower case.
    lower = {w for r in rows for w in re.findall(r"\w+", r["text"]) if w.islower()}
    seen: dict[str, set[str]] = {}
    for r in rows:
        for m in _CAPWORD.finditer(r["text"]):
            if m.start() > 0:
                seen.setdefault(m.group(), set()).add(r["lang"])
    names = sorted(w for w, langs in seen.items() if len(langs) >= 2 and w.lower() not in lower)
    out = []
    for r, fold in zip(rows, folds, strict=True):
        if r["bucket"] != "short":
            continue
        text = r["text"].strip()
        bare = text.rstrip(".!?… ")
        h = zlib.crc32(text.encode())
        first, last = names[h % len(names)], names[(h // 7) % len(names)]
        phone = f"+{(358, 46, 44, 386)[h % 4]} {h % 90 + 10} {h % 900 + 100} {h % 9000 + 1000}"
        mail = f"{first.lower()}.{last.lower()}@example.org"
        contact = f"{bare}: {first} {last}, {phone}, {mail}"
        for kind, new in (("caps", text.upper()), ("title", bare), ("contact", contact)):
            out.append(({**r, "text": new, "bucket": "headings", "kind": kind}, fold))
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖÜ\"“])")


def _prefix(sentence: str) -> str:
    """The sentence's first words, 20 to 60 characters of them (the length picked by a hash)."""
    target = 20 + zlib.crc32(sentence.encode()) % 41
    out = ""
    for word in sentence.split():
        longer = f"{out} {word}".strip()
        if len(longer) > 60:
            break
        out = longer
        if len(out) >= target:
            break
    return out if len(out) >= 20 else ""


def cut_items(rows: list[dict], folds: list[str], folder: Path = DATA / "inflection-dev") -> list[dict]:
    """Fold A cut to title length: short items made from fold A's longer text, for choosing rules.

    Fold A's own short items leave a detector almost no errors to learn from. Every sentence of
    fold A's medium and paragraph items (all seven languages), and every longer sentence of the
    UD dev files' fold-A documents that the devset does not hold (fi, sv, en), gives its first
    words -- 20 to 60 characters, as a title or a caption is -- when they are written in words.
    A sentence that also stands in a fold-B item, or starts with a sentence of a UD document of
    fold B, is left out: a
    fold-A paragraph can share a sentence with a fold-B one ("Thank you."), so fold A's rows
    alone do not keep fold B out.
    """
    keys = groups(rows, folder)
    fold_a = {g for g, f in zip(keys, folds, strict=True) if f == "A"}
    fold_b = {g for g, f in zip(keys, folds, strict=True) if f == "B"}
    in_b = {text for lang in TREEBANKS for text, doc in _sentences(lang, folder) if f"doc:{doc}" in fold_b}
    b_items: dict[str, list[str]] = {}
    for r, f in zip(rows, folds, strict=True):
        if f == "B":
            b_items.setdefault(r["lang"], []).append(r["text"])
    known = {r["text"] for r in rows}
    sentences = []
    for r, f in zip(rows, folds, strict=True):
        if f == "A" and r["bucket"] != "short":
            parts = _SENTENCE_END.split(r["text"]) if r["bucket"] == "paragraph" else [r["text"]]
            sentences += [(p.strip(), r["lang"], r["src"]) for p in parts]
    for lang, bank in TREEBANKS.items():
        for text, doc in _sentences(lang, folder):
            if f"doc:{doc}" in fold_a and text not in known and len(text) > 60 and _has_language(text):
                sentences.append((text, lang, f"{bank} dev"))
    out, seen = [], set()
    for sentence, lang, src in sentences:
        if any(sentence.startswith(text) for text in in_b) or any(sentence in text for text in b_items.get(lang, ())):
            continue  # a fold-B sentence, or one that starts with one (a paragraph cut at an odd place)
        cut = _prefix(sentence)
        if cut and cut not in seen and cut not in known and _has_language(cut):
            seen.add(cut)
            out.append({"text": cut, "lang": lang, "bucket": "short", "src": src})
    return out
