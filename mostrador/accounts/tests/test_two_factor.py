"""Two-step sign-in's rules: who must use it, setting it up, codes, backup codes, resets."""

import datetime as dt

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mostrador.accounts import permissions, services, twofactor
from mostrador.accounts.models import User
from mostrador.core import timeutils
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.models import Event
from mostrador.testing.twofactor import code_for, enrol, wrong_code

pytestmark = pytest.mark.django_db


def verbs(user):
    return list(
        Event.objects.filter(subject_id=str(user.pk), verb__startswith="accounts.user.two_factor")
        .order_by("id")
        .values_list("verb", flat=True)
    )


def test_setting_it_up_confirms_the_device_and_gives_ten_backup_codes_once(people):
    device, codes = enrol(people.operator)

    device.refresh_from_db()
    assert device.confirmed
    assert len(set(codes)) == twofactor.BACKUP_CODE_COUNT == 10
    assert twofactor.has_two_factor(people.operator)
    assert twofactor.count_backup_codes(people.operator) == 10
    assert verbs(people.operator) == ["accounts.user.two_factor_enabled"]


def test_a_wrong_code_does_not_confirm_and_is_recorded(people):
    device = twofactor.start_enrolment(people.operator)

    with pytest.raises(InvalidInput) as raised:
        twofactor.confirm_enrolment(people.operator, code="000000")

    assert "code" in raised.value.fields
    device.refresh_from_db()
    assert not device.confirmed
    assert not twofactor.has_two_factor(people.operator)
    assert verbs(people.operator) == ["accounts.user.two_factor_failed"]


def test_confirming_without_setting_up_first_is_a_conflict(people):
    with pytest.raises(Conflict):
        twofactor.confirm_enrolment(people.operator, code="123456")


def test_setting_it_up_again_replaces_the_device_and_the_backup_codes(people):
    old, old_codes = enrol(people.operator)

    pending = twofactor.start_enrolment(people.operator)
    assert twofactor.get_app_device(people.operator) == old, "the old one works until confirmed"
    new, new_codes = twofactor.confirm_enrolment(people.operator, code=code_for(pending))

    assert list(TOTPDevice.objects.filter(user=people.operator)) == [new]
    assert StaticDevice.objects.filter(user=people.operator).count() == 1
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)
    assert not set(old_codes) & set(new_codes)
    event = Event.objects.filter(verb="accounts.user.two_factor_enabled").order_by("id").last()
    assert event.data == {"replaced": True}


def test_the_apps_code_is_taken_once(people):
    device, _codes = enrol(people.operator)
    code = code_for(device)

    assert twofactor.verify_code(people.operator, code) == device
    assert twofactor.verify_code(people.operator, code) is None


def test_a_backup_code_works_once_and_says_how_many_are_left(people):
    _device, codes = enrol(people.operator)

    used = twofactor.verify_code(people.operator, f" {codes[0].upper()} ")
    again = twofactor.verify_code(people.operator, codes[0])

    assert isinstance(used, StaticDevice)
    assert again is None
    event = Event.objects.get(verb="accounts.user.two_factor_backup_code_used")
    assert event.data["remaining"] == 9
    assert twofactor.count_backup_codes(people.operator) == 9


def test_a_wrong_code_is_refused_recorded_and_slows_the_device_down(people):
    device, _codes = enrol(people.operator)

    with time_machine.travel(timeutils.now(), tick=False) as clock:
        assert twofactor.verify_code(people.operator, wrong_code(device)) is None
        assert twofactor.verify_code(people.operator, code_for(device)) is None, "too soon"
        clock.shift(dt.timedelta(seconds=2))
        assert twofactor.verify_code(people.operator, code_for(device)) == device

    assert verbs(people.operator)[-2:] == ["accounts.user.two_factor_failed"] * 2


def test_turning_it_off_needs_a_current_code(people):
    device, _codes = enrol(people.operator)

    with pytest.raises(InvalidInput):
        twofactor.disable_two_factor(people.operator, code=wrong_code(device))
    assert twofactor.has_two_factor(people.operator)

    device.throttle_reset()
    twofactor.disable_two_factor(people.operator, code=code_for(device))

    assert not twofactor.has_two_factor(people.operator)
    assert not StaticDevice.objects.filter(user=people.operator).exists()
    assert verbs(people.operator)[-1] == "accounts.user.two_factor_disabled"


def test_who_must_use_it_cannot_turn_it_off(people, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = "admins"
    _device, codes = enrol(people.admin)

    with pytest.raises(Conflict):
        twofactor.disable_two_factor(people.admin, code=codes[0])

    assert twofactor.has_two_factor(people.admin)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("none", {"superuser": False, "staff flag": False, "admin role": False, "operator": False}),
        ("admins", {"superuser": True, "staff flag": True, "admin role": True, "operator": False}),
        ("staff", {"superuser": True, "staff flag": True, "admin role": True, "operator": True}),
    ],
)
def test_who_must_use_it(people, settings, scope, expected):
    settings.TWO_FACTOR_REQUIRED_FOR = scope
    people.admin.is_staff = False  # the administrator role alone
    people.admin.save()
    who = {
        "superuser": User.objects.create_superuser("root", "root@example.com", "x"),
        "staff flag": people.head,
        "admin role": people.admin,
        "operator": people.operator,
    }

    assert {name: permissions.must_use_two_factor(user) for name, user in who.items()} == expected


def test_an_administrator_resets_someone_elses_and_it_is_recorded(people):
    enrol(people.head)

    assert twofactor.reset_two_factor(people.head, actor=people.admin) is True

    assert not twofactor.has_two_factor(people.head)
    event = Event.objects.get(verb="accounts.user.two_factor_reset")
    assert event.actor == people.admin
    assert event.subject_id == str(people.head.pk)
    assert twofactor.reset_two_factor(people.head, actor=people.admin) is False


def test_a_head_resets_an_operators_but_not_an_administrators_nor_their_own(people):
    for user in (people.operator, people.admin, people.head):
        enrol(user)

    twofactor.reset_two_factor(people.operator, actor=people.head)
    with pytest.raises(Forbidden):
        twofactor.reset_two_factor(people.admin, actor=people.head)
    with pytest.raises(Forbidden):
        twofactor.reset_two_factor(people.head, actor=people.head)

    assert not twofactor.has_two_factor(people.operator)
    assert twofactor.has_two_factor(people.admin)
    assert twofactor.has_two_factor(people.head)


def test_a_token_needs_a_session_that_passed_the_second_step_where_it_is_required(people, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = "admins"
    device, _codes = enrol(people.admin)

    with pytest.raises(Forbidden) as raised:
        services.create_api_token(people.admin, name="x", actor=people.admin)
    assert raised.value.code == "two_factor_required"

    people.admin.otp_device = device  # what django-otp's middleware sets once it passed
    services.create_api_token(people.admin, name="x", actor=people.admin)
    services.create_api_token(people.operator, name="x", actor=people.operator)
