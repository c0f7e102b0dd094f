"""Fail when a shipped catalog (Catalan, Spanish) has an untranslated or fuzzy string.

Also checks that every translation keeps the named placeholders of its source, so that a
translated message can never crash at formatting time.
"""

import re
import sys
from pathlib import Path

import polib

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
problems: list[str] = []
for po_path in sorted(Path("locale").glob("*/LC_MESSAGES/django.po")):
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        if entry.obsolete:
            continue
        where = f"{po_path}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(translations):
            problems.append(f"{where} is not translated")
            continue
        expected = set(PLACEHOLDER.findall(entry.msgid))
        for text in translations:
            if (
                set(PLACEHOLDER.findall(text))
                - expected
                - set(PLACEHOLDER.findall(entry.msgid_plural))
            ):
                problems.append(f"{where} has a placeholder its source lacks")

if problems:
    print("\n".join(problems), file=sys.stderr)  # noqa: T201
    print(f"{len(problems)} translation problems.", file=sys.stderr)  # noqa: T201
    sys.exit(1)
print("Translations complete.")  # noqa: T201
