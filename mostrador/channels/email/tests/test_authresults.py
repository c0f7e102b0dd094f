"""Which Authentication-Results headers vouch for a sender: only our server's, on top."""

import pytest
from django.test import override_settings

from mostrador.channels.email import authresults
from mostrador.channels.email.parsing import parse
from mostrador.channels.email.tests.factories import write_email

PASS = "Authentication-Results: MX.example.com; dmarc=pass header.from=example.com"


def vouched(*headers: str, sender: str = "Pau Serra <pau@example.com>") -> bool:
    raw = "".join(f"{h}\r\n" for h in headers).encode() + write_email(sender=sender)
    return authresults.vouches_for(parse(raw))


OURS = "Authentication-Results: mx.example.com; "
PAU = "pau@example.com"


@override_settings(EMAIL_TRUSTED_AUTHSERV_IDS=["mx.example.com"])
@pytest.mark.parametrize(
    ("headers", "sender", "expected"),
    [
        ([PASS], PAU, True),
        ([OURS + "dkim=pass header.d=example.com"], "pau@mail.example.com", True),
        ([OURS + "dkim=pass header.i=@example.com"], PAU, True),
        ([OURS + "dkim=pass header.d=com"], PAU, False),
        ([OURS + "dkim=pass header.d=badexample.com"], PAU, False),
        ([OURS + "dkim=fail header.d=example.com"], PAU, False),
        # DMARC's failure wins over a DKIM signature that passed, and over another verdict.
        ([OURS + "dkim=pass header.d=example.com; dmarc=fail header.from=example.com"], PAU, False),
        ([PASS, OURS + "dmarc=fail header.from=example.com"], PAU, False),
        # No DMARC policy published: an aligned signature still tells.
        ([OURS + "dkim=pass header.d=example.com; dmarc=none header.from=example.com"], PAU, True),
        # Two senders in From: whose domain would the verdict be about?
        ([PASS], "pau@example.com, eve@example.org", False),
        # Not in the run at the top: written by whoever sent the message.
        (["Authentication-Results: mx.other.example; none", "X-Spam: no", PASS], PAU, False),
        (["Authentication-Results: this is ;; not = a header", PASS], PAU, True),
    ],
)
def test_only_a_trusted_servers_topmost_verdict_for_the_from_domain_counts(
    headers, sender, expected
):
    assert vouched(*headers, sender=sender) is expected


def test_nothing_vouches_while_no_server_is_trusted():
    assert vouched(PASS) is False
