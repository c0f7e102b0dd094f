"""Undoing writes a transaction cannot take back: run on failure, handed outwards on success."""

import pytest

from mostrador.core import transactions


class Refused(Exception):
    pass


def fail_after(*undos):
    with transactions.undone_on_error():
        for undo in undos:
            transactions.on_error(undo)
        raise Refused


def test_a_failed_block_runs_its_undos_last_first():
    undone = []

    with pytest.raises(Refused):
        fail_after(lambda: undone.append("first"), lambda: undone.append("second"))

    assert undone == ["second", "first"]


def test_an_inner_success_is_undone_when_the_outer_block_fails():
    undone = []

    def nested():
        with transactions.undone_on_error():
            with transactions.undone_on_error():
                transactions.on_error(lambda: undone.append("inner"))
            assert undone == []
            raise Refused

    with pytest.raises(Refused):
        nested()

    assert undone == ["inner"]


def test_a_success_keeps_everything_and_outside_a_block_nothing_is_kept_for_undo():
    undone = []
    transactions.on_error(lambda: undone.append("nowhere"))

    with transactions.undone_on_error():
        transactions.on_error(lambda: undone.append("kept"))

    assert undone == []


def test_an_undo_that_fails_does_not_hide_the_error(caplog):
    def broken():
        raise OSError("storage down")

    with pytest.raises(Refused):
        fail_after(broken)

    assert "could not undo" in caplog.text
