"""A run that reuses a loaded database still reports how long that database took to load."""

from pathlib import Path

from bench.database import LOAD_RECORD, Load


def test_a_load_is_read_back_as_reused(tmp_path: Path) -> None:
    Load(812.5, 301.0, "abc1234").save(tmp_path)

    assert Load.saved(tmp_path) == Load(812.5, 301.0, "abc1234", reused=True)


def test_no_record_or_a_broken_one_reports_no_load(tmp_path: Path) -> None:
    assert Load.saved(tmp_path) is None
    (tmp_path / LOAD_RECORD).write_text("{not json")
    assert Load.saved(tmp_path) is None
    (tmp_path / LOAD_RECORD).write_text('{"seconds": 1}')
    assert Load.saved(tmp_path) is None
