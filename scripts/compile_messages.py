"""Compile the translation catalogs without GNU gettext, for machines that lack msgfmt.

The Makefile prefers Django's compilemessages (msgfmt also checks placeholders); this is the
fallback so that `make demo` works on a machine with Python alone.
"""

from pathlib import Path

import polib

for po_path in sorted(Path("locale").glob("*/LC_MESSAGES/*.po")):
    catalog = polib.pofile(str(po_path))
    catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"compiled {po_path} ({catalog.percent_translated()}% translated)")  # noqa: T201
