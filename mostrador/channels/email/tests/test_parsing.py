"""Reading real-world mail leniently: charsets, encoded headers and names, MIME structures."""

import time

import pytest

from mostrador.channels.email import decoding, htmlmail, parsing
from mostrador.channels.email.tests import corpora


def raw(headers: str, body: bytes) -> bytes:
    return headers.replace("\n", "\r\n").encode() + b"\r\n" + body


def test_a_latin_1_declaration_written_in_utf_8_is_read_as_utf_8():
    parsed = parsing.parse(
        raw(
            "From: a@example.cat\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\n",
            "La reclamació del rebut".encode(),
        )
    )

    assert parsed.text == "La reclamació del rebut"


def test_latin_1_means_windows_1252_for_quotes_and_the_euro_sign():
    parsed = parsing.parse(
        raw(
            "From: a@example.cat\nContent-Type: text/plain; charset=iso-8859-1\n",
            "Són 80 € “ja”".encode("cp1252"),
        )
    )

    assert parsed.text == "Són 80 € “ja”"


@pytest.mark.parametrize(
    ("declared", "encoding", "text"),
    [
        ("koi8-r", "koi8_r", "Стиральная машина не работает"),
        ("windows-1257", "cp1257", "Veļas mašīna nedarbojas"),
        ("iso-8859-15", "iso8859_15", "La rentadora costa 300 €"),
        ("gb2312", "gb18030", "洗衣机坏了"),
        ("shift_jis", "cp932", "洗濯機が壊れました"),
        ("utf8", "utf-8", "La rentadora s'ha espatllat"),
    ],
)
def test_every_charset_python_knows_is_read(declared, encoding, text):
    parsed = parsing.parse(
        raw(
            f"From: a@example.cat\nContent-Type: text/plain; charset={declared}\n",
            text.encode(encoding),
        )
    )

    assert parsed.text == text


def test_an_unknown_or_missing_charset_falls_back_to_what_the_bytes_are():
    for declaration in ("charset=x-unknown", "charset=bogus-charset", ""):
        parsed = parsing.parse(
            raw(
                f"From: a@example.cat\nContent-Type: text/plain; {declaration}\n",
                "Hola, la comanda és aquí".encode(),
            )
        )
        assert parsed.text == "Hola, la comanda és aquí", declaration


def test_bytes_no_charset_can_decode_still_give_text():
    text = decoding.decode_bytes(b"\x81\x8d\x8f\x90\x9d broken", "us-ascii")

    assert text.endswith(" broken")


def test_rfc_2047_headers_in_several_charsets_and_encodings_are_decoded():
    parsed = parsing.parse(
        raw(
            "From: =?iso-8859-1?q?N=FAria_Puig?= <NURIA@Example.cat>\n"
            "Subject: =?utf-8?b?TGEgcmVudGFkb3JhIG5v?= =?utf-8?q?_centrifuga_=E2=82=AC?=\n",
            b"x",
        )
    )

    assert parsed.sender == parsing.Address(name="Núria Puig", email="nuria@example.cat")
    assert parsed.subject == "La rentadora no centrifuga €"


def test_raw_8_bit_headers_are_read_in_the_messages_own_charset():
    message = (
        b"From: a@example.cat\r\nSubject: "
        + "Reclamació".encode("cp1252")
        + b"\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\nx"
    )

    assert parsing.parse(message).subject == "Reclamació"


def test_quoted_printable_and_base64_bodies_are_decoded():
    qp = parsing.parse(
        raw(
            "From: a@example.cat\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: quoted-printable\n",
            b"La reclamaci=C3=B3 =\r\ncontinua",
        )
    )
    b64 = parsing.parse(
        raw(
            "From: a@example.cat\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: base64\n",
            b"TGEgcmVjbGFtYWNpw7M=",
        )
    )

    assert qp.text == "La reclamació continua"
    assert b64.text == "La reclamació"


def test_rfc_2231_and_rfc_2047_file_names_are_decoded():
    message = raw(
        'From: a@example.cat\nContent-Type: multipart/mixed; boundary="b"\n',
        b"--b\r\nContent-Type: text/plain\r\n\r\nAdjunto la factura.\r\n"
        b"--b\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''factura%20n%C3%BAm%201.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n"
        b'--b\r\nContent-Type: application/octet-stream; name="=?utf-8?q?g=C3=A0rantia.jpg?="\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n--b--\r\n",
    )

    parsed = parsing.parse(message)

    assert [(f.filename, f.content_type) for f in parsed.attachments] == [
        ("factura núm 1.pdf", "application/pdf"),
        ("gàrantia.jpg", "image/jpeg"),
    ]
    assert parsed.attachments[0].content == b"%PDF-1.4"
    assert parsed.text == "Adjunto la factura."


def test_alternative_text_is_read_and_the_html_kept_sanitised():
    message = raw(
        'From: a@example.cat\nContent-Type: multipart/alternative; boundary="b"\n',
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHola *Anna*\r\n"
        b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b'<p style="x">Hola <b>Anna</b></p><script>steal()</script>'
        b'<a href="javascript:x()">a</a><img src="http://t.example/p.gif">\r\n--b--\r\n',
    )

    parsed = parsing.parse(message)

    assert parsed.text == "Hola *Anna*"
    assert "<b>Anna</b>" in parsed.html
    assert "script" not in parsed.html
    assert "javascript" not in parsed.html
    assert "t.example" not in parsed.html


def test_html_only_mail_is_read_as_text_with_quotes_marked():
    parsed = parsing.parse(
        raw(
            "From: a@example.cat\nContent-Type: text/html; charset=utf-8\n",
            "<div>Encara no va.</div><blockquote>Bon dia,<br>Hem rebut…</blockquote>".encode(),
        )
    )

    assert parsed.text.startswith("Encara no va.")
    assert "> Bon dia," in parsed.text


def test_inline_images_keep_their_content_id():
    message = raw(
        'From: a@example.cat\nContent-Type: multipart/related; boundary="b"\n',
        b'--b\r\nContent-Type: text/html\r\n\r\n<p>Mireu: <img src="cid:img1@x"></p>\r\n'
        b"--b\r\nContent-Type: image/png\r\nContent-ID: <img1@x>\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n",
    )

    parsed = parsing.parse(message)

    [image] = parsed.attachments
    assert image.content_id == "img1@x"
    assert image.content_type == "image/png"
    assert 'src="cid:img1@x"' in parsed.html


def test_a_forwarded_message_is_read_in_the_body_and_kept_as_a_file():
    forwarded = b"From: Botiga <x@shop.example>\r\nSubject: Comanda 12\r\n\r\nLa comanda surt avui."
    message = raw(
        'From: a@example.cat\nContent-Type: multipart/mixed; boundary="b"\n',
        b"--b\r\nContent-Type: text/plain\r\n\r\nMireu el que em van dir:\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\n\r\n" + forwarded + b"\r\n--b--\r\n",
    )

    parsed = parsing.parse(message)

    assert "Mireu el que em van dir:" in parsed.text
    assert "Forwarded message" in parsed.text
    assert "Subject: Comanda 12" in parsed.text
    assert "La comanda surt avui." in parsed.text
    assert parsed.attachments[-1].filename == "Comanda 12.eml"


def test_a_signed_message_gives_its_content_and_not_its_signature():
    message = raw(
        'From: a@example.cat\nContent-Type: multipart/signed; protocol="application/pgp-signature";'
        ' boundary="b"\n',
        b"--b\r\nContent-Type: text/plain\r\n\r\nSignat i segellat.\r\n"
        b"--b\r\nContent-Type: application/pgp-signature\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\n"
        b"--b--\r\n",
    )

    parsed = parsing.parse(message)

    assert parsed.text == "Signat i segellat."
    assert parsed.attachments == []


def test_format_flowed_text_is_joined_back_into_paragraphs():
    parsed = parsing.parse(
        raw(
            "From: a@example.cat\nContent-Type: text/plain; charset=utf-8; format=flowed\n",
            b"La rentadora encara no va i fins que he \r\nobert el filtre no ho he vist.\r\n"
            b"\r\n-- \r\nAnna\r\n\r\n> Bon dia, hem rebut la \r\n> vostra consulta.\r\n",
        )
    )

    assert parsed.text.splitlines() == [
        "La rentadora encara no va i fins que he obert el filtre no ho he vist.",
        "",
        "-- ",
        "Anna",
        "",
        "> Bon dia, hem rebut la vostra consulta.",
    ]


def test_delsp_removes_the_space_of_a_soft_break():
    assert decoding.unflow("Barce \nlona", delsp=True) == "Barcelona"
    assert decoding.unflow(" From the space-stuffed line") == "From the space-stuffed line"


def test_thread_ids_list_the_parent_first_then_the_thread_back_to_its_start():
    parsed = parsing.parse(
        raw(
            "From: a@example.cat\nMessage-ID: <c@x>\nIn-Reply-To: <b@x>\n"
            "References: <a@x>\n <b@x>\n",
            b"x",
        )
    )

    assert parsed.message_id == "c@x"
    assert parsed.thread_ids == ["b@x", "a@x"]


def test_the_fingerprint_ignores_the_trace_headers_each_delivery_adds():
    message = raw("From: a@example.cat\nMessage-ID: <m@x>\nSubject: hola\n", b"Bon dia")

    again = b"Received: from mx2 by mx3\r\nDelivered-To: sat@example.com\r\n" + message
    other = raw("From: a@example.cat\nMessage-ID: <m@x>\nSubject: hola\n", b"Bona tarda")

    assert parsing.fingerprint(message) == parsing.fingerprint(again)
    assert parsing.fingerprint(message) != parsing.fingerprint(other)


def test_bytes_without_any_header_are_not_an_email():
    with pytest.raises(ValueError, match="not an email"):
        parsing.parse(b"just some words\r\nand more\r\n")


@pytest.mark.parametrize("path", corpora.cpython_email_files(), ids=lambda p: p.stem)
def test_every_message_of_cpythons_corpus_parses_or_is_refused_as_not_an_email(path):
    data = path.read_bytes()
    if path.stem == "msg_19":  # a body without a single header line
        with pytest.raises(ValueError, match="not an email"):
            parsing.parse(data)
        return
    parsed = parsing.parse(data)
    assert isinstance(parsed.text, str)
    assert parsed.fingerprint


def test_html_to_text_keeps_paragraphs_and_drops_markup():
    text = htmlmail.to_text("<h1>Factura</h1><p>Import: <b>80&nbsp;€</b></p><ul><li>u</li></ul>")

    # Headings and lists keep html2text's light marks, which read well as plain text.
    assert text == "# Factura\nImport: 80\xa0€\n  * u"


def headers_of(head: bytes, body: bytes = b"x") -> parsing.ParsedEmail:
    """A message of the raw header lines ``head`` (LF-separated, any bytes) and ``body``."""
    return parsing.parse(head.replace(b"\n", b"\r\n") + b"\r\n" + body)


@pytest.mark.parametrize(
    ("head", "name", "address"),
    [
        pytest.param(
            b'From: "nuria@example.cat" <n.puig@example.cat>\n',
            "nuria@example.cat",
            "n.puig@example.cat",
            id="a-quoted-name-holding-an-at",
        ),
        pytest.param(
            b"From: nuria@example.cat via Forum <forum@example.org>\n",
            "nuria@example.cat via Forum",
            "forum@example.org",
            id="an-unquoted-address-via-a-forum",
        ),
        pytest.param(
            "From: Puig, Núria <nuria@example.cat>\n".encode(),
            "Puig, Núria",
            "nuria@example.cat",
            id="an-unquoted-comma-in-the-name",
        ),
        pytest.param(
            b"From: =?utf-8?q?Puig=2C_N=C3=BAria?= <nuria@example.cat>\n",
            "Puig, Núria",
            "nuria@example.cat",
            id="an-encoded-word-decoding-to-a-comma",
        ),
        pytest.param(
            b"From: =?utf-8?q?boss=40bank=2Eexample?= <nuria@example.cat>\n",
            "boss@bank.example",
            "nuria@example.cat",
            id="an-encoded-word-decoding-to-an-at",
        ),
        pytest.param(
            b"From: =?utf-8?q?N=C3=BAria?=\n =?iso-8859-1?q?_Puig_i_Ferr=E9?=\n <nuria@example.cat>\n",
            "Núria Puig i Ferré",
            "nuria@example.cat",
            id="encoded-words-split-across-folded-lines",
        ),
        pytest.param(
            "From: Núria Puig <nuria@example.cat>\n".encode(),
            "Núria Puig",
            "nuria@example.cat",
            id="a-raw-utf-8-name",
        ),
        pytest.param(
            b"From: nuria@example.cat (N=?utf-8?q?=C3=BA?=ria Puig)\n",
            "Núria Puig",
            "nuria@example.cat",
            id="an-old-comment-name-with-an-encoded-word",
        ),
        pytest.param(
            b"From: nuria@example.cat (Nuria Puig)\n",
            "Nuria Puig",
            "nuria@example.cat",
            id="an-old-comment-name",
        ),
        pytest.param(
            b"From: root@mailhost\n",
            "",
            "root@mailhost",
            id="a-dotless-domain-stays-an-address",
        ),
        pytest.param(
            b"From: Nuria Puig <NURIA.Puig@Example.CAT>\n",
            "Nuria Puig",
            "nuria.puig@example.cat",
            id="an-upper-case-address-lower-cased",
        ),
        pytest.param(
            b"From: ann@example.cat, bob@example.cat\nSender: Secretaria <sec@example.cat>\n",
            "Secretaria",
            "sec@example.cat",
            id="several-authors-with-a-sender-are-the-senders",
        ),
        pytest.param(
            b"From: Ann <ann@example.cat>, bob@example.cat\n",
            "Ann",
            "ann@example.cat",
            id="several-authors-without-a-sender-are-the-firsts",
        ),
        pytest.param(
            b"From: undisclosed\nSender: Secretaria <sec@example.cat>\n",
            "Secretaria",
            "sec@example.cat",
            id="an-unusable-from-falls-back-to-the-sender",
        ),
        pytest.param(
            b"From: Ann <ann@example.cat>\nSender: sec@example.cat\n",
            "Ann",
            "ann@example.cat",
            id="one-author-is-the-sender-whatever-sender-says",
        ),
    ],
)
def test_the_sender_is_read_from_from_and_sender_as_written(head, name, address):
    assert headers_of(head).sender == parsing.Address(name=name, email=address)


def test_a_latin_1_name_written_raw_is_read_in_the_charset_the_body_declares():
    # KOI8-R bytes that charset guessing alone reads as something else.
    parsed = headers_of(
        "From: Мурия <muria@example.ru>\nContent-Type: text/plain; charset=koi8-r\n".encode(
            "koi8_r"
        ),
        "Стиральная машина".encode("koi8_r"),
    )
    latin = headers_of(
        "From: Núria Güell <nuria@example.cat>\nContent-Type: text/plain; charset=iso-8859-1\n"
        "".encode("latin-1"),
        "La rentadora no va".encode("latin-1"),
    )

    assert parsed.sender == parsing.Address(name="Мурия", email="muria@example.ru")
    assert latin.sender == parsing.Address(name="Núria Güell", email="nuria@example.cat")


@pytest.mark.parametrize(
    "head",
    [
        b"From: <>\n",
        b"From: garbage, more garbage\n",
        b"From: @@@ <@>\n",
        b"From:\n",
        b"From: " + b"n" * 250 + b"@example.cat\n",
    ],
    ids=["null-address", "words", "ats", "empty", "longer-than-any-address"],
)
def test_a_from_without_any_usable_address_gives_no_sender(head):
    assert headers_of(head).sender is None


def test_a_reply_to_naming_someone_else_is_kept_but_never_the_sender():
    parsed = headers_of(
        b"From: Nuria <nuria@example.cat>\nReply-To: Altre <ALTRE@example.org>, nuria@example.cat\n"
    )

    assert parsed.sender == parsing.Address(name="Nuria", email="nuria@example.cat")
    assert parsed.reply_to == [
        parsing.Address(name="Altre", email="altre@example.org"),
        parsing.Address(name="", email="nuria@example.cat"),
    ]


def test_a_from_of_ten_thousand_addresses_is_read_quickly_from_its_start():
    head = "From: " + ",\n ".join(f"user{n}@example.cat" for n in range(10_000)) + "\n"

    started = time.monotonic()
    parsed = headers_of(head.encode())

    # Under a second alone; the bound leaves room for a loaded machine.
    assert time.monotonic() - started < 10
    assert parsed.sender == parsing.Address(name="", email="user0@example.cat")


@pytest.mark.parametrize(
    "head",
    [
        b"From: nuria@example.cat " + b"(" * 5000 + b"x" + b")" * 5000 + b"\n",
        b"From: " + b"(" * 20_000 + b"\n",
        b"From: " + b'"' * 10_001 + b"<nuria@example.cat>\n",
        b"From: " + b"<" * 10_000 + b"nuria@example.cat" + b">" * 10_000 + b"\n",
    ],
    ids=["deep-comments", "open-comments", "quotes", "angle-brackets"],
)
def test_a_hostile_from_header_gives_an_answer_quickly_and_never_an_exception(head):
    started = time.monotonic()
    parsed = headers_of(head)

    assert time.monotonic() - started < 10
    assert parsed.sender is None or parsed.sender.email == "nuria@example.cat"
