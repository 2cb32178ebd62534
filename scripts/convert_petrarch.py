#!/usr/bin/env python3
"""Converts PETRARCH2's dictionaries (MIT licence, see NOTICE) into dipgraph's extraction data.

    python3 scripts/convert_petrarch.py ../shared/reference/petrarch data/extract

writes `petrarch-actors.tsv` (states with their demonyms and capitals, international
organisations, armed groups, government bodies and people still in office when the
dictionaries were made), `petrarch-agents.tsv` (agent nouns such as "foreign minister") and
`petrarch-verbs.tsv` (verbs with their CAMEO codes). The hand-made files beside them
(`actors.tsv`, `agents.tsv`, `triggers.tsv`) take precedence. Deterministic: the same input
gives the same bytes.
"""
import re
import sys
from pathlib import Path

ROLE_KINDS = {"GOV": "government_body", "LEG": "government_body", "MIL": "government_body",
              "JUD": "government_body", "COP": "government_body", "SPY": "government_body"}
COUNTRY_NAMES_FIX = {"USA": "United States", "GBR": "United Kingdom", "RUS": "Russia",
                     "PRK": "North Korea", "KOR": "South Korea", "IRN": "Iran", "SYR": "Syria",
                     "TUR": "Turkey", "VNM": "Vietnam", "LAO": "Laos", "BOL": "Bolivia",
                     "VEN": "Venezuela", "TZA": "Tanzania", "MDA": "Moldova", "COD": "DR Congo",
                     "PSE": "Palestine"}


def phrase(raw):
    """A dictionary phrase as text: `KOFI_ATTA_ANNAN_` → `Kofi Atta Annan`."""
    raw = raw.split("#")[0]
    raw = re.sub(r"\[[^\]]*\]", "", raw)
    raw = re.sub(r"\{[^}]*\}", "", raw)
    raw = raw.strip().lstrip("+").replace("_", " ")
    raw = re.sub(r"\([^)]*\)", " ", raw)
    raw = re.sub(r"\s+", " ", raw).strip()
    if not raw or not re.search(r"[A-Za-z]", raw):
        return None
    return raw


def pretty(text):
    words = []
    for word in text.split(" "):
        if word.lower() in ("of", "the", "and", "for", "in", "on", "al", "de", "to", "at"):
            words.append(word.lower())
        elif len(word.replace(".", "")) <= 3 or not re.search(r"[AEIOUY]", word):
            words.append(word.upper())  # an acronym

        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def slug(text):
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text or "actor"


def blocks(path):
    """(primary line, synonyms, codes) for each entry of an actor file."""
    block = None
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("<"):
            continue
        if line[0] in "\t ":
            if block is not None:
                block[2].extend(re.findall(r"\[([^\]]*)\]", line))
        elif line.startswith("+"):
            if block is not None:
                block[1].append(line)
        else:
            if block is not None:
                yield block
            block = (line, [], re.findall(r"\[([^\]]*)\]", line.split("#")[0]))
    if block is not None:
        yield block


def current_code(codes):
    """The code in force at the dictionary's date: undated, or open-ended (`>date`)."""
    live = [c.split()[0] for c in codes if len(c.split()) == 1 or c.split()[1].startswith(">")]
    live = [c for c in live if c not in ("---", "ELI") and re.fullmatch(r"[A-Z]{3,}", c)]
    return live[-1] if live else None


def main(source, out):
    source, out = Path(source), Path(out)
    names = {}
    for line in (source.parent / "cameo-country-codes.tsv").read_text().splitlines()[1:]:
        code, label = line.split("\t", 1)
        names[code] = label
    names.update(COUNTRY_NAMES_FIX)
    states, others = {}, []
    for line, synonyms, codes in blocks(source / "Phoenix.Countries.actors.txt"):
        comment = line.split("#", 1)[1] if "#" in line else ""
        phrases = [p for p in [phrase(line)] + [phrase(s) for s in synonyms] if p]
        code = current_code(codes)
        if not phrases or code is None:
            continue
        person = "CountryInfo" in comment
        if len(code) == 3 and not person and code in names:
            states.setdefault(code, []).extend(phrases)
        elif person and code[:3] in names:
            others.append(("person", code[:3], phrases))
        elif len(code) == 6 and code[3:] in ROLE_KINDS and code[:3] in names:
            others.append((ROLE_KINDS[code[3:]], code[:3], phrases))
    for line, synonyms, codes in blocks(source / "Phoenix.International.actors.txt"):
        phrases = [p for p in [phrase(line)] + [phrase(s) for s in synonyms] if p]
        code = current_code(codes)
        if not phrases or code is None or not code.startswith("IGO"):
            continue
        person = "rulers" in line or len(codes) > 1
        others.append(("person" if person else "international_organization", "", phrases))
    for line, synonyms, codes in blocks(source / "Phoenix.MilNonState.actors.txt"):
        phrases = [p for p in [phrase(line)] + [phrase(s) for s in synonyms] if p]
        code = current_code(codes)
        if phrases and code is not None:
            country = code[:3] if code[:3] in names else ""
            others.append(("armed_group", country, phrases))

    rows, ids = [], set()

    def add(kind, country, name, aliases):
        base = slug(name)
        actor_id = base if base not in ids else f"{base}-{country.lower() or kind[:3]}"
        n = 2
        while actor_id in ids:
            actor_id, n = f"{base}-{n}", n + 1
        ids.add(actor_id)
        seen, kept = {name.lower()}, []
        for alias in aliases:
            if alias.lower() not in seen and len(alias) > 1:
                seen.add(alias.lower())
                kept.append(alias)
        rows.append("\t".join([actor_id, kind, country, name, "|".join(kept), ""]))

    for code in sorted(states):
        add("state", code, names[code], [pretty(p) for p in states[code]])
    for kind, country, phrases in others:
        add(kind, country, pretty(phrases[0]), [pretty(p) for p in phrases[1:]])
    header = ("# Converted from PETRARCH2's Phoenix actor dictionaries (MIT, see NOTICE) by "
              "scripts/convert_petrarch.py.\n# id\tkind\tcountry\tname\taliases\tlinks\n")
    (out / "petrarch-actors.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")

    agents = []
    for line in (source / "Phoenix.agents.txt").read_text(errors="replace").splitlines():
        if not line or line[0] in "#!<\t ":
            continue
        match = re.match(r"([^\[{#]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]+)\]", line)
        if match:
            text = phrase(match.group(1))
            if text and "!" not in text:
                agents.append(f"{text.lower()}\t{match.group(3)}")
    (out / "petrarch-agents.tsv").write_text(
        "# Converted from PETRARCH2's Phoenix.agents.txt (MIT, see NOTICE).\n# phrase\trole\n"
        + "\n".join(sorted(set(agents))) + "\n", encoding="utf-8")

    verbs, block_code = [], None
    for line in (source / "CAMEO.2.0.txt").read_text(errors="replace").splitlines():
        head = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
        if head:
            block_code = head.group(2).split(":")[0]
            continue
        if not line or line[0] in "-#&\t " or block_code is None:
            continue
        body = line.split("#")[0]
        own = re.search(r"\[([^\]]*)\]", body)
        code = own.group(1).split(":")[0] if own else block_code
        forms = re.search(r"\{([^}]*)\}", body)
        word = phrase(re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", body))
        if not word or not re.fullmatch(r"\d{2,4}", code):
            continue
        irregular = [phrase(f) for f in forms.group(1).split()] if forms else []
        verbs.append("\t".join([word.lower(), "|".join(f.lower() for f in irregular if f), code]))
    (out / "petrarch-verbs.tsv").write_text(
        "# Converted from PETRARCH2's CAMEO.2.0.txt (MIT, see NOTICE).\n# verb\tforms\tcameo\n"
        + "\n".join(sorted(set(verbs))) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
