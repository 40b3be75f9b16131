"""Build the real-name cross-script development set from fetched public sources.

Deterministic: the same source files give byte-identical output.  Sources are
not committed; README.md says where each comes from and how to fetch it.

    python bench/screening/realnames/build.py \
        --netrans /path/to/NETransliteration-COLING2018/data \
        --cedict /path/to/cedict_1_0_ts_utf-8_mdbg.txt.gz \
        --jmnedict-db /path/to/jamdict.db \
        --indicate /path/to/indicate/data/affidavits.csv \
        --out bench/screening/realnames/realnames.jsonl.gz

Any source may be left out; its scripts are then simply absent.
Needs rapidfuzz (negatives: nearest Latin name of another person).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from rapidfuzz import fuzz, process

MAX_PER_SCRIPT = 2000
MAX_TOKENS_PER_SCRIPT = 1000

# ---------------------------------------------------------------- helpers


def sha1_int(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest(), 16)


def split_of(key: str) -> str:
    """Fixed 50/50 DEV/TEST split by sha1 of the row's source id."""
    return "dev" if sha1_int(key) % 2 == 0 else "test"


def fold(text: str) -> str:
    """Lowercase, strip diacritics and non-letters (for 'same name' checks)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def fold_spaced(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for c in decomposed:
        if unicodedata.combining(c):
            continue
        kept.append(c if c.isalnum() else " ")
    return " ".join("".join(kept).split())


SCRIPT_RANGES = {
    "Hebr": [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)],
    "Hang": [(0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F)],
    "Arab": [(0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "Cyrl": [(0x0400, 0x052F)],
    "Kana": [(0x30A0, 0x30FF), (0x31F0, 0x31FF)],
    "Han": [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)],
    "Hira": [(0x3040, 0x309F)],
    "Deva": [(0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x200C, 0x200D)],  # + ZWNJ/ZWJ
}
NATIVE_SEPARATORS = set(" ·・‧•-'\"׳״’‘")


def in_script(ch: str, script: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in SCRIPT_RANGES[script])


def all_in_scripts(text: str, scripts: Iterable[str]) -> bool:
    scripts = tuple(scripts)
    letters = [c for c in text if c not in NATIVE_SEPARATORS]
    if not letters:
        return False
    return all(any(in_script(c, s) for s in scripts) for c in letters)


LATIN_OK = re.compile(r"^[^\W\d_]+(?:[ \-'’.][^\W\d_]*)*$")
ROMAN_NUMERAL = re.compile(r"^[IVXLC]+$")
LATIN_STOPWORDS = {
    "of",
    "the",
    "saint",
    "st",
    "pope",
    "king",
    "queen",
    "emperor",
    "prince",
    "princess",
    "duke",
    "lord",
    "sir",
    "general",
    "jr",
    "sr",
}


def latin_ok(text: str, min_tokens: int = 2) -> bool:
    if not LATIN_OK.match(text):
        return False
    if any(not ("LATIN" in unicodedata.name(c, "") or c in " -'’.") for c in text):
        return False
    tokens = text.replace("-", " ").split()
    if len(tokens) < min_tokens:
        return False
    if any(ROMAN_NUMERAL.match(t) for t in tokens):
        return False
    return not any(t.lower().strip(".") in LATIN_STOPWORDS for t in tokens)


def row(
    *,
    rid: str,
    source: str,
    script: str,
    lang: str,
    native: str,
    latin: str,
    kind: str,
    unit: str = "full",
) -> dict[str, object]:
    return {
        "id": rid,
        "source": source,
        "script": script,
        "lang": lang,
        "native": unicodedata.normalize("NFC", native),
        "latin": unicodedata.normalize("NFC", latin),
        "kind": kind,
        "unit": unit,
        "label": True,
        "split": split_of(f"{source}:{rid}"),
    }


def cap(rows: list[dict[str, object]], limit: int) -> list[dict[str, object]]:
    """Deterministic sample: dedupe (native, latin), then lowest sha1 of id first."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for r in rows:
        key = (str(r["native"]), fold(str(r["latin"])))
        if key in seen:
            continue
        seen.add(key)
        unique.append(r)
    unique.sort(key=lambda r: sha1_int(f"{r['source']}:{r['id']}"))
    return sorted(unique[:limit], key=lambda r: str(r["id"]))


# ---------------------------------------------------------------- NETransliteration


def read_text(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n")


def netrans_full(path: Path, script: str, lang: str) -> list[dict[str, object]]:
    """wd_hebrew / wd_korean: 'English label<TAB>native label' per person (Wikidata)."""
    out = []
    for lineno, line in enumerate(read_text(path), 1):
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        latin, native = (p.strip() for p in parts)
        if "," in native or "(" in native or any(c.isdigit() for c in native):
            continue
        if not all_in_scripts(native, [script]) or not latin_ok(latin):
            continue
        if script == "Hang":
            kind = "native" if " " not in native and len(native) <= 4 else "foreign"
        else:
            kind = "unknown"
        out.append(
            row(
                rid=f"{path.name}:L{lineno}",
                source="netrans-coling2018",
                script=script,
                lang=lang,
                native=native,
                latin=latin,
                kind=kind,
            )
        )
    return out


def netrans_tokens(paths: list[Path], script: str, lang: str) -> list[dict[str, object]]:
    """*.normalized.aligned.tokens / wd_<x>_NN: 'latin<TAB>n a t i v e<TAB>count' per
    name token (single given or family names, lowercased Latin)."""
    out = []
    for path in paths:
        for lineno, line in enumerate(read_text(path), 1):
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            latin, native_spaced, count = parts
            native = native_spaced.replace(" ", "")
            if not count.isdigit() or int(count) < 2:
                continue
            if not all_in_scripts(native, [script]) or not latin_ok(latin, min_tokens=1):
                continue
            if len(fold(latin)) < 3:
                continue
            out.append(
                row(
                    rid=f"{path.name}:L{lineno}",
                    source="netrans-coling2018",
                    script=script,
                    lang=lang,
                    native=native,
                    latin=latin.title(),
                    kind="unknown",
                    unit="token",
                )
            )
    return out


# ---------------------------------------------------------------- CC-CEDICT

CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
PERSON_GLOSS = re.compile(
    r"^(?:(?:General|Emperor|President|Chairman|Premier|Dr\.?|Prof\.?) )?"
    r"(?P<name>[^(),;/]+?) \((?:c\. ?|ca\. ?)?(?:\d{1,4}|\?)(?: ?BC)? ?[-–]"
)
NOT_PERSON = re.compile(
    r"\b(War|Wars|Movement|Dynasty|Rebellion|Incident|Revolution|Period|Battle|Uprising|"
    r"Reform|Treaty|Expedition|Campaign|Era|Republic|Kingdom|Empire|Army|Party|Festival|"
    r"Conference|Massacre|Crisis|Restoration|Olympics|Games|Society|University|School)\b",
    re.IGNORECASE,
)
PINYIN_SYL = re.compile(r"[a-zü:]+", re.IGNORECASE)


def cedict_persons(path: Path) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    hans: list[dict[str, object]] = []
    hant: list[dict[str, object]] = []
    for lineno, line in enumerate(read_text(path), 1):
        if line.startswith("#"):
            continue
        m = CEDICT_LINE.match(line)
        if not m:
            continue
        trad, simp, pinyin, glosses = m.groups()
        first = glosses.split("/")[0]
        pm = PERSON_GLOSS.match(first)
        if not pm:
            # 'Surname (name)/Full Name (1950-), ...' style: take the first dated gloss
            for g in glosses.split("/")[1:3]:
                pm = PERSON_GLOSS.match(g)
                if pm:
                    break
        if not pm:
            continue
        latin = pm.group("name").split(" or ")[0].split(" aka ")[0].strip()
        if NOT_PERSON.search(latin) or not latin_ok(latin):
            continue
        if not all_in_scripts(simp, ["Han"]) or not all_in_scripts(trad, ["Han"]):
            continue
        syllables = "".join(
            s.lower().replace("u:", "u").replace("ü", "u")
            for s in PINYIN_SYL.findall(re.sub(r"\d", " ", pinyin))
        )
        folded = fold(latin).replace("ü", "u")
        if folded == syllables:
            kind = "native"
        elif "·" in simp or "・" in simp:
            kind = "foreign"
        elif len(latin.replace("-", " ").split()) == len(simp) and all(
            len(t) <= 6 for t in latin.replace("-", " ").split()
        ):
            kind = "native"  # one Latin syllable per character: Wade-Giles, Cantonese...
        else:
            kind = "unknown"
        rid = f"cedict:{trad}:{lineno}"
        hans.append(
            row(
                rid=rid,
                source="cc-cedict",
                script="Hans",
                lang="zh",
                native=simp,
                latin=latin,
                kind=kind,
            )
        )
        if trad != simp:
            hant.append(
                row(
                    rid=rid,
                    source="cc-cedict",
                    script="Hant",
                    lang="zh",
                    native=trad,
                    latin=latin,
                    kind=kind,
                )
            )
    return hans, hant


# ---------------------------------------------------------------- JMnedict (jamdict db)

JM_PAREN = re.compile(r"\s*\(.*$")


def jmnedict_persons(db: Path) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    query = """
        SELECT t.idseq, g.text,
               (SELECT k.text FROM NEKanji k WHERE k.idseq = t.idseq ORDER BY k.ID LIMIT 1),
               (SELECT a.text FROM NEKana a WHERE a.idseq = t.idseq ORDER BY a.ID LIMIT 1)
        FROM NETranslation t
        JOIN NETransType ty ON ty.tid = t.ID
        JOIN NETransGloss g ON g.tid = t.ID
        WHERE ty.text = 'person' AND (g.lang = 'eng' OR g.lang IS NULL)
        ORDER BY t.idseq, g.rowid
    """
    jpan: list[dict[str, object]] = []
    kana: list[dict[str, object]] = []
    seen: set[int] = set()
    for idseq, gloss, kanji, reading in con.execute(query):
        if idseq in seen:
            continue
        seen.add(idseq)
        latin = JM_PAREN.sub("", gloss).strip()
        if not latin_ok(latin):
            continue
        rid = f"jmnedict:{idseq}"
        if kanji:
            if not all_in_scripts(kanji, ["Han", "Hira", "Kana"]):
                continue
            if not any(in_script(c, "Han") for c in kanji):
                continue
            kind = "native" if reading and all_in_scripts(reading, ["Hira"]) else "unknown"
            jpan.append(
                row(
                    rid=rid,
                    source="jmnedict",
                    script="Jpan",
                    lang="ja",
                    native=kanji,
                    latin=latin,
                    kind=kind,
                )
            )
        elif reading and all_in_scripts(reading, ["Kana"]):
            kana.append(
                row(
                    rid=rid,
                    source="jmnedict",
                    script="Kana",
                    lang="ja",
                    native=reading,
                    latin=latin,
                    kind="foreign",
                )
            )
    con.close()
    return jpan, kana


# ---------------------------------------------------------------- in-rolls/indicate

# Election-affidavit names carry initials, titles and abbreviations with dots, commas
# and colons ('K. KAMARAJ', 'RAJA,S.', 'MD: SAGIR HOSSAIN' / 'मो: सागिर होसेन').
INDICATE_PUNCT = set(" .,:-'")
INDICATE_LATIN = re.compile(r"^[A-Za-z .,:\-']+$")


def indicate_candidates(path: Path) -> list[dict[str, object]]:
    """affidavits.csv (2021 state election candidates): name_english <-> name_hindi.

    Kept verbatim (initials, titles, dropped initials and all) when the Latin side is
    ASCII letters plus ' .,:-\'' and the Hindi side is Devanagari plus the same
    punctuation. Rows with aliases or relations ('(NICKNAME)', 'X @ Y', 'S/o') or with
    Latin letters inside the Hindi name are skipped. Father/husband names are not used.
    """
    out = []
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            latin = rec["name_english"].strip()
            native = rec["name_hindi"].strip()
            if not INDICATE_LATIN.match(latin) or not any(c.isalpha() for c in latin):
                continue
            letters = [c for c in native if c not in INDICATE_PUNCT]
            if not letters or not all(in_script(c, "Deva") for c in letters):
                continue
            if not any(unicodedata.category(c) == "Lo" for c in letters):
                continue
            key = (" ".join(native.split()), fold(latin))
            if key in seen:
                continue
            seen.add(key)
            out.append(
                row(
                    rid=f"indicate:{rec['unique_id']}",
                    source="in-rolls-indicate",
                    script="Deva",
                    lang="hi",
                    native=native,
                    latin=latin,
                    kind="native",
                )
            )
    return out


# ---------------------------------------------------------------- negatives

# Scripts whose source writes one name many ways (initials before or after, dropped,
# titles): a negative's Latin name must differ from A's in a real name token.
LOOSE_NAME_SCRIPTS = {"Deva"}
NAME_TITLES = {"dr", "adv", "advocate", "prof", "smt", "shri", "sri", "mr", "mrs", "ms"}
NAME_TITLES |= {"md", "mohd", "mst", "lt", "gen"}
SAME_TOKEN = 80


def name_tokens(latin: str) -> list[str]:
    """Folded tokens of at least 2 letters, titles dropped (initials are ignored)."""
    return [t for t in fold_spaced(latin).split() if len(t) > 1 and t not in NAME_TITLES]


def compatible_names(a: dict[str, object], b: dict[str, object]) -> bool:
    """True when B could be A's name written another way: same Hindi up to spacing, or
    every name token of one is close (rapidfuzz ratio >= SAME_TOKEN) to a token of the
    other (so initials, titles and spelling variants such as Dhanalakshmy/Dhanalakshmi
    alone never make a negative), or the tokens run together agree ('JUDE DEV' /
    'JUDEDEV')."""
    if " ".join(str(a["native"]).split()) == " ".join(str(b["native"]).split()):
        return True
    ta, tb = name_tokens(str(a["latin"])), name_tokens(str(b["latin"]))
    if not ta or not tb:
        return True

    def covered(small: list[str], big: list[str]) -> bool:
        return all(any(fuzz.ratio(s, t) >= SAME_TOKEN for t in big) for s in small)

    if covered(ta, tb) or covered(tb, ta):
        return True
    return fuzz.ratio("".join(ta), "".join(tb)) >= SAME_TOKEN


def negatives(positives: list[dict[str, object]]) -> list[dict[str, object]]:
    """For each positive A: the native of A with the Latin name of a different entry B
    (same script, unit and split) whose Latin name is nearest to A's by rapidfuzz
    ratio, skipping B whose folded Latin equals A's or whose native equals A's (and, for
    LOOSE_NAME_SCRIPTS, B whose name is compatible with A's; see compatible_names)."""
    out = []
    groups: dict[tuple[str, str, str], list[dict[str, object]]] = defaultdict(list)
    for p in positives:
        groups[(str(p["script"]), str(p["unit"]), str(p["split"]))].append(p)
    for key in sorted(groups):
        rows = groups[key]
        choices = [fold_spaced(str(r["latin"])) for r in rows]
        loose = key[0] in LOOSE_NAME_SCRIPTS
        for a in rows:
            a_fold = fold(str(a["latin"]))
            best = None
            for _choice, _score, j in process.extract(
                fold_spaced(str(a["latin"])), choices, scorer=fuzz.ratio, limit=50 if loose else 12
            ):
                b = rows[j]
                if b["id"] == a["id"] or fold(str(b["latin"])) == a_fold:
                    continue
                if b["native"] == a["native"]:
                    continue
                if loose and compatible_names(a, b):
                    continue
                best = b
                break
            if best is None:
                continue
            out.append(
                {
                    "id": f"{a['id']}|neg|{best['id']}",
                    "source": a["source"],
                    "script": a["script"],
                    "lang": a["lang"],
                    "native": a["native"],
                    "latin": best["latin"],
                    "kind": a["kind"],
                    "unit": a["unit"],
                    "label": False,
                    "split": a["split"],
                    "pos_id": a["id"],
                    "neg_latin_id": best["id"],
                }
            )
    return out


# ---------------------------------------------------------------- main


def build(args: argparse.Namespace) -> list[dict[str, object]]:
    positives: list[dict[str, object]] = []
    if args.netrans:
        data = Path(args.netrans)
        for name, script, lang in (("wd_hebrew", "Hebr", "he"), ("wd_korean", "Hang", "ko")):
            if (data / name).exists():
                positives += cap(netrans_full(data / name, script, lang), MAX_PER_SCRIPT)
        for names, script, lang in (
            (["wd_arabic.normalized.aligned.tokens"], "Arab", "ar"),
            (["wd_russian_80", "wd_russian_20"], "Cyrl", "ru"),
        ):
            paths = [data / n for n in names if (data / n).exists()]
            if paths:
                positives += cap(netrans_tokens(paths, script, lang), MAX_TOKENS_PER_SCRIPT)
    if args.cedict:
        hans, hant = cedict_persons(Path(args.cedict))
        positives += cap(hans, MAX_PER_SCRIPT) + cap(hant, MAX_PER_SCRIPT)
    if args.jmnedict_db:
        jpan, kana = jmnedict_persons(Path(args.jmnedict_db))
        positives += cap(jpan, MAX_PER_SCRIPT) + cap(kana, MAX_PER_SCRIPT)
    if args.indicate:
        positives += cap(indicate_candidates(Path(args.indicate)), MAX_PER_SCRIPT)
    rows = positives + negatives(positives)
    rows.sort(key=lambda r: (str(r["script"]), str(r["unit"]), str(r["id"])))
    return rows


def write(rows: list[dict[str, object]], out: Path) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        for r in rows:
            gz.write((json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n").encode())
    out.write_bytes(buf.getvalue())


def summary(rows: list[dict[str, object]]) -> str:
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        key = (str(r["script"]), str(r["unit"]))
        lab = "pos" if r["label"] else "neg"
        counts[key][f"{lab}_{r['split']}"] += 1
    lines = [
        "| script | unit | pos dev | pos test | neg dev | neg test |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for (script, unit), c in sorted(counts.items()):
        lines.append(
            f"| {script} | {unit} | {c['pos_dev']} | {c['pos_test']} | "
            f"{c['neg_dev']} | {c['neg_test']} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--netrans", help="NETransliteration-COLING2018 data/ directory")
    ap.add_argument("--cedict", help="CC-CEDICT file (cedict_1_0_ts_utf-8_mdbg.txt[.gz])")
    ap.add_argument("--jmnedict-db", help="jamdict.db (from jamdict-data, holds JMnedict)")
    ap.add_argument("--indicate", help="in-rolls/indicate indicate/data/affidavits.csv")
    ap.add_argument("--out", default=str(Path(__file__).with_name("realnames.jsonl.gz")))
    args = ap.parse_args()
    rows = build(args)
    write(rows, Path(args.out))
    print(summary(rows))


if __name__ == "__main__":
    main()
