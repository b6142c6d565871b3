"""Fill or correct entries of the zh_Hans catalogue from a JSON map msgid → msgstr.

Usage: python scripts/po_fill.py translations.json
(an entry with a msgctxt is keyed "context\u0004msgid")
Clears the fuzzy flag and the previous-msgid comments of each entry it fills. For plural
entries the one Chinese form goes into msgstr[0].
"""

import json
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in lines)


def _msgid(block: list[str]) -> str | None:
    """Return the entry's key: its msgid, prefixed by "context\x04" when it has a msgctxt."""
    context = next((_unquote([line]) for line in block if line.startswith("msgctxt ")), None)
    out, on = [], False
    for line in block:
        if line.startswith("msgid "):
            on = True
        elif line.startswith(("msgid_plural", "msgstr")):
            break
        if on:
            out.append(line)
    if not out:
        return None
    msgid = _unquote(out)
    return f"{context}\x04{msgid}" if context is not None else msgid


def main() -> None:
    wanted: dict[str, str] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    done = set()
    for i, text in enumerate(blocks):
        lines = text.split("\n")
        msgid = _msgid(lines)
        if msgid not in wanted or not msgid:
            continue
        plural = any(line.startswith("msgid_plural") for line in lines)
        kept = []
        for line in lines:
            if line.startswith("#| "):
                continue
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                if not flags:
                    continue
                line = "#, " + ", ".join(flags)
            if line.startswith("msgstr"):
                break
            kept.append(line)
        value = json.dumps(wanted[msgid], ensure_ascii=False)
        kept.append(f"msgstr[0] {value}" if plural else f"msgstr {value}")
        blocks[i] = "\n".join(kept)
        done.add(msgid)
    PO.write_text("\n\n".join(blocks), encoding="utf-8")
    missing = set(wanted) - done
    if missing:
        sys.exit(f"not in the catalogue: {sorted(missing)}")
    print(f"filled {len(done)} entries")


if __name__ == "__main__":
    main()
