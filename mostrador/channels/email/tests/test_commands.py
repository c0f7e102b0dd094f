"""The email commands as an administrator runs them: importing files, watching mailboxes."""

import mailbox as mailboxes
import signal

import pytest
from django.core.management import CommandError, call_command

from mostrador.cases.models import Case
from mostrador.channels.email.models import InboundEmail
from mostrador.channels.email.tests.factories import make_mailbox, write_email
from mostrador.testing.processes import ProcessOutput, start_manage


@pytest.fixture
def sac(people):
    return make_mailbox(people.customer_service)


@pytest.mark.django_db
def test_import_email_stores_eml_files_folders_maildirs_and_mbox_files_once(
    sac, tmp_path, capsys, django_capture_on_commit_callbacks
):
    single = tmp_path / "one.eml"
    single.write_bytes(write_email(subject="Fitxer solt"))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.eml").write_bytes(write_email(subject="De la carpeta", body="A"))
    maildir = mailboxes.Maildir(tmp_path / "maildir", create=True)
    maildir.add(write_email(subject="Del maildir", body="B"))
    mbox = mailboxes.mbox(tmp_path / "old.mbox", create=True)
    mbox.add(write_email(subject="De l'mbox", body="C"))
    mbox.flush()
    paths = [single, folder, tmp_path / "maildir", tmp_path / "old.mbox"]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_email", "--mailbox", "ATENCIO@example.com", *map(str, paths))
        call_command("import_email", "--mailbox", "atencio@example.com", *map(str, paths))

    assert "4 messages stored for atencio@example.com" in capsys.readouterr().out
    assert InboundEmail.objects.count() == 4, "importing again stores nothing twice"
    assert sorted(Case.objects.values_list("subject", flat=True)) == [
        "De l'mbox",
        "De la carpeta",
        "Del maildir",
        "Fitxer solt",
    ]


@pytest.mark.django_db
def test_import_email_names_what_it_cannot_find(sac, tmp_path):
    with pytest.raises(CommandError, match="No mailbox"):
        call_command("import_email", "--mailbox", "nobody@example.com", str(tmp_path))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_email", "--mailbox", sac.address, str(tmp_path / "missing.eml"))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_watch_mailboxes_brings_mail_in_as_it_arrives_and_stops_cleanly(dovecot, imap_mailbox):
    watcher = start_manage("watch_mailboxes", "--rescan", "1")
    output = ProcessOutput(watcher)
    try:
        output.wait_for(f"watching {imap_mailbox.address}")
        dovecot.deliver(write_email(subject="Ara mateix"), "sac@example.com")
        output.wait_for("1 new", timeout=20)
        assert InboundEmail.objects.get().subject == "", "stored, waiting for a worker"
    finally:
        watcher.send_signal(signal.SIGTERM)
        watcher.wait(timeout=20)
    assert watcher.returncode == 0, output.text()
    assert "mailbox watcher stopped" in output.text()
    worker = start_manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    worker.communicate(timeout=60)
    assert Case.objects.get().subject == "Ara mateix"


@pytest.mark.django_db
def test_an_import_is_processed_in_batches_each_message_once(
    sac, tmp_path, django_capture_on_commit_callbacks
):
    from django.test import override_settings  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    from mostrador.channels.email import tasks  # noqa: PLC0415
    from mostrador.channels.email.choices import InboundStatus  # noqa: PLC0415

    maildir = mailboxes.Maildir(tmp_path / "maildir", create=True)
    for n in range(120):
        maildir.add(write_email(subject=f"Consulta {n}", body=f"Text {n}", sender=f"c{n}@x.cat"))
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=database), django_capture_on_commit_callbacks(execute=True):
        call_command("import_email", "--mailbox", sac.address, str(tmp_path / "maildir"))

    queued = [
        row.args_kwargs["kwargs"]["inbound_ids"]
        for row in DBTaskResult.objects.order_by("enqueued_at")
    ]
    assert [len(ids) for ids in queued] == [50, 50, 20]
    stored = list(InboundEmail.objects.order_by("pk").values_list("pk", flat=True))
    assert [pk for ids in queued for pk in ids] == stored, "in delivery order, each once"

    assert tasks.process_emails.call(queued[1]) == {"case_opened": 50}
    assert tasks.process_emails.call(queued[1]) == {"skipped": 50}, "run again: nothing twice"
    pending = InboundEmail.objects.filter(status=InboundStatus.PENDING).count()
    assert pending == 70
