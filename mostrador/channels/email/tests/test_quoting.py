"""Folding the quoted history and signature of an email's text, as real mail clients lay it out.

In the samples, "\\x20" is the space of RFC 3676's signature delimiter "-- ", spelt out so that no
editor or linter strips it.
"""

import re
import textwrap
from re import _parser

import pytest

from mostrador.channels.email import quoting
from mostrador.channels.email.quoting import fold_offset, split


def mail(body):
    """Return a sample body written indented in the test, as the client sends it."""
    return textwrap.dedent(body).lstrip("\n")


def visible(body):
    """Return the new part of ``body``, checking it and the folded part make up the whole."""
    new, folded = split(body)
    assert body.startswith(new)
    assert body == body[: fold_offset(body)] + folded
    return new


GMAIL = [
    pytest.param(
        mail("""
            Hi,

            The replacement arrived today, but the door seal is torn as well.
            Could you send a technician?

            Thanks,
            Anna

            On Fri, 5 Dec 2026 at 10:03, Mostrador Support <support@example.com> wrote:

            > Dear Anna,
            >
            > We have sent you a replacement door seal (order 4471).
            >
            > Kind regards,
            > Customer Service
            >
            """),
        "Hi,\n\nThe replacement arrived today, but the door seal is torn as well.\n"
        "Could you send a technician?\n\nThanks,\nAnna",
        id="english",
    ),
    pytest.param(
        mail("""
            Buenos días:

            Adjunto el ticket de compra.

            Un saludo,
            Marta

            El vie, 5 dic 2026 a las 10:03, Atención al Cliente (<soporte@example.com>) escribió:

            > Hola, Marta:
            >
            > ¿Nos puede enviar el ticket de compra?
            """),
        "Buenos días:\n\nAdjunto el ticket de compra.\n\nUn saludo,\nMarta",
        id="spanish",
    ),
    pytest.param(
        mail("""
            Bon dia,

            Ja us he enviat el tiquet per correu postal.

            Salutacions,
            Jordi

            El dv., 5 de des. 2026, a les 10:03, Atenció al Client (<suport@example.com>) va escriure:

            > Bon dia, Jordi:
            >
            > Ens podeu enviar el tiquet de compra?
            """),
        "Bon dia,\n\nJa us he enviat el tiquet per correu postal.\n\nSalutacions,\nJordi",
        id="catalan",
    ),
    pytest.param(
        mail("""
            Thanks, Tuesday is fine.

            On Fri, 5 Dec 2026 at 10:03, Mostrador Customer Service <support@example.com>
            wrote:

            > Would Tuesday suit you?
            """),
        "Thanks, Tuesday is fine.",
        id="english-attribution-wrapped",
    ),
    pytest.param(
        mail("""
            Gracias, el martes me va bien.

            El vie, 5 dic 2026 a las 10:03, Atención al Cliente (<
            soporte@example.com>) escribió:

            > ¿Le va bien el martes?
            """),
        "Gracias, el martes me va bien.",
        id="spanish-attribution-wrapped-in-the-address",
    ),
    pytest.param(
        mail("""
            Gràcies, dimarts ja em va bé.

            El dv., 5 de des. 2026, a les 10:03, Atenció al Client (<suport@example.com>)
            va escriure:

            > Us va bé dimarts?
            """),
        "Gràcies, dimarts ja em va bé.",
        id="catalan-attribution-wrapped",
    ),
    pytest.param(
        mail("""
            Hello,

            The invoice number is F-2026-118.

            --\x20
            Anna Puig
            Purchasing, Fusteria Puig SL
            Tel. 972 000 000

            On Fri, 5 Dec 2026 at 10:03, Mostrador Support <support@example.com> wrote:

            > Which invoice is it?
            """),
        "Hello,\n\nThe invoice number is F-2026-118.",
        id="signature-above-the-quote",
    ),
]


@pytest.mark.parametrize(("body", "new"), GMAIL)
def test_gmail_top_posting(body, new):
    assert visible(body) == new


OUTLOOK = [
    pytest.param(
        mail("""
            Hello,

            Please find attached the delivery note.

            Best regards,
            Anna Puig
            Fusteria Puig SL

            From: Customer Service <support@example.com>
            Sent: Friday, December 5, 2026 10:03 AM
            To: Anna Puig <anna@example.com>
            Subject: RE: Order 4471 [#C-2026-0815]

            Dear Anna,

            Could you send us the delivery note?

            Kind regards,
            Customer Service
            """),
        "Hello,\n\nPlease find attached the delivery note.\n\n"
        "Best regards,\nAnna Puig\nFusteria Puig SL",
        id="english",
    ),
    pytest.param(
        mail("""
            Buenos días,

            Les confirmo que el jueves por la mañana estaré en casa.

            Saludos cordiales,
            Marta Soler

            De: Atención al Cliente <soporte@example.com>
            Enviado el: viernes, 5 de diciembre de 2026 10:03
            Para: Marta Soler <marta@example.com>
            CC: Servicio Técnico <sat@example.com>
            Asunto: RE: Visita del técnico

            Hola, Marta:

            ¿Estará en casa el jueves por la mañana?
            """),
        "Buenos días,\n\nLes confirmo que el jueves por la mañana estaré en casa.\n\n"
        "Saludos cordiales,\nMarta Soler",
        id="spanish",
    ),
    pytest.param(
        mail("""
            Perfecto, gracias.

            De: Atención al Cliente <soporte@example.com>
            Enviado: viernes, 5 de diciembre de 2026 10:03
            Para: Marta Soler <marta@example.com>; Joan Soler <joan@example.com>; Administración
            <administracion@example.com>
            Asunto: Visita del técnico
            """),
        "Perfecto, gracias.",
        id="spanish-new-outlook-with-a-wrapped-to",
    ),
    pytest.param(
        mail("""
            Bon dia,

            Us adjunto la factura.

            Atentament,
            Jordi Vila

            De: Atenció al Client <suport@example.com>
            Enviat: divendres, 5 de desembre de 2026 10:03
            Per a: Jordi Vila <jordi@example.com>
            Tema: RE: Factura de la reparació

            Bon dia, Jordi:
            """),
        "Bon dia,\n\nUs adjunto la factura.\n\nAtentament,\nJordi Vila",
        id="catalan",
    ),
    pytest.param(
        mail("""
            D'acord.

            **De:** Atenció al Client <[suport@example.com](mailto:suport@example.com)>
            **Enviat el:** divendres, 5 de desembre de 2026 10:03
            **Per a:** Jordi Vila <[jordi@example.com](mailto:jordi@example.com)>
            **Assumpte:** Factura de la reparació
            """),
        "D'acord.",
        id="catalan-converted-from-html",
    ),
    pytest.param(
        mail("""
            Done, thank you.

            *From:* Customer Service <support@example.com>
            *Sent:* Friday, December 5, 2026 10:03 AM
            *To:* Anna Puig <anna@example.com>
            *Subject:* Your return
            """),
        "Done, thank you.",
        id="english-bold",
    ),
    pytest.param(
        mail("""
            Thanks, that works for me.

            Anna

            -----Original Message-----
            From: Customer Service <support@example.com>
            Sent: Friday, December 5, 2026 10:03 AM
            To: Anna Puig <anna@example.com>
            Subject: Technician visit
            """),
        "Thanks, that works for me.\n\nAnna",
        id="english-original-message",
    ),
    pytest.param(
        mail("""
            Me parece bien.

            -----Mensaje original-----
            De: Atención al Cliente [mailto:soporte@example.com]
            Enviado el: viernes, 5 de diciembre de 2026 10:03
            Para: Marta Soler
            Asunto: Visita del técnico
            """),
        "Me parece bien.",
        id="spanish-original-message",
    ),
    pytest.param(
        mail("""
            Em sembla bé.

            -----Missatge original-----
            De: Atenció al Client [mailto:suport@example.com]
            Enviat: divendres, 5 de desembre de 2026 10:03
            """),
        "Em sembla bé.",
        id="catalan-original-message",
    ),
    pytest.param(
        mail("""
            Sounds good.

            Get Outlook for iOS<https://aka.ms/o0ukef>
            ________________________________
            From: Customer Service <support@example.com>
            Sent: Friday, December 5, 2026 10:03:12 AM
            To: Anna Puig <anna@example.com>
            Subject: Technician visit

            Dear Anna,
            """),
        "Sounds good.",
        id="english-mobile",
    ),
    pytest.param(
        mail("""
            Perfecto.

            Obtener Outlook para Android<https://aka.ms/AAb9ysg>

            ________________________________

            De: Atención al Cliente <soporte@example.com>
            Enviado: viernes, 5 de diciembre de 2026 10:03
            Para: Marta Soler <marta@example.com>
            Asunto: Visita del técnico
            """),
        "Perfecto.",
        id="spanish-mobile",
    ),
    pytest.param(
        mail("""
            Perfecte.

            Obtén l'Outlook per a l'Android
            ________________________________
            De: Atenció al Client <suport@example.com>
            Enviat: divendres, 5 de desembre de 2026 10:03
            """),
        "Perfecte.",
        id="catalan-mobile",
    ),
    pytest.param(
        mail("""
            El técnico no vino.

            Enviado desde mi smartphone Samsung Galaxy.

            -------- Mensaje original --------
            De: Atención al Cliente <soporte@example.com>
            Fecha: 5/12/26 10:03 (GMT+01:00)
            Para: marta@example.com
            Asunto: Visita del técnico
            """),
        "El técnico no vino.",
        id="spanish-samsung-email",
    ),
]


@pytest.mark.parametrize(("body", "new"), OUTLOOK)
def test_outlook_top_posting(body, new):
    assert visible(body) == new


APPLE = [
    pytest.param(
        mail("""
            Yes, Tuesday morning is fine.

            Sent from my iPhone

            > On 5 Dec 2026, at 10:03, Customer Service <support@example.com> wrote:
            >
            > Dear Anna,
            > Would Tuesday morning suit you for the visit?
            """),
        "Yes, Tuesday morning is fine.",
        id="iphone-english",
    ),
    pytest.param(
        mail("""
            Sí, el martes por la mañana.

            Enviado desde mi iPhone

            > El 5 dic 2026, a las 10:03, Atención al Cliente <soporte@example.com> escribió:
            >
            > ¿Le va bien el martes?
            """),
        "Sí, el martes por la mañana.",
        id="iphone-spanish",
    ),
    pytest.param(
        mail("""
            Sí, dimarts al matí.

            Enviat des del meu iPhone

            > El 5 de des. 2026, a les 10:03, Atenció al Client <suport@example.com> va escriure:
            >
            > Us va bé dimarts?
            """),
        "Sí, dimarts al matí.",
        id="iphone-catalan",
    ),
    pytest.param(
        mail("""
            Thank you, I will wait for the courier.

            Anna

            On 5 Dec 2026, at 10:03, Customer Service <support@example.com> wrote:

            > The courier will collect it on Monday.
            """),
        "Thank you, I will wait for the courier.\n\nAnna",
        id="mail-english",
    ),
    pytest.param(
        mail("""
            Muchas gracias.

            El 5 dic 2026, a las 10:03, Atención al Cliente <soporte@example.com> escribió:

            > El mensajero pasará el lunes.
            """),
        "Muchas gracias.",
        id="mail-spanish",
    ),
    pytest.param(
        mail("""
            Moltes gràcies.

            El 5 de des. 2026, a les 10:03, Atenció al Client <suport@example.com> va escriure:

            > El missatger passarà dilluns.
            """),
        "Moltes gràcies.",
        id="mail-catalan",
    ),
    pytest.param(
        mail("""
            Thanks!

            On 5 Dec 2026, at 10:03, Customer Service <support@example.com> wrote:

            Dear Anna,
            Your refund has been issued.
            """),
        "Thanks!",
        id="quote-markers-lost-in-conversion",
    ),
    pytest.param(
        mail("""
            Gracias.

            Anna

            Enviado desde mi iPad
            """),
        "Gracias.\n\nAnna",
        id="footer-without-quote",
    ),
]


@pytest.mark.parametrize(("body", "new"), APPLE)
def test_apple_mail_and_iphone(body, new):
    assert visible(body) == new


THUNDERBIRD = [
    pytest.param(
        mail("""
            On 05/12/2026 10:03, Customer Service wrote:
            > Could you tell us the serial number printed on the label?

            It is SN 4471-0815-22.

            > And the date of purchase?

            14 March 2025, at MediaStore Girona.

            --\x20
            Anna Puig
            """),
        "On 05/12/2026 10:03, Customer Service wrote:\n"
        "> Could you tell us the serial number printed on the label?\n\n"
        "It is SN 4471-0815-22.\n\n> And the date of purchase?\n\n"
        "14 March 2025, at MediaStore Girona.",
        id="english-bottom-posting-with-signature",
    ),
    pytest.param(
        mail("""
            El 5/12/26 a las 10:03, Atención al Cliente escribió:
            > ¿Sigue teniendo el problema?

            Sí, el frigorífico sigue sin enfriar.

            Marta
            """),
        "El 5/12/26 a las 10:03, Atención al Cliente escribió:\n"
        "> ¿Sigue teniendo el problema?\n\nSí, el frigorífico sigue sin enfriar.\n\nMarta",
        id="spanish-bottom-posting",
    ),
    pytest.param(
        mail("""
            D'acord, gràcies.

            El 5/12/26 a les 10:03, Atenció al Client ha escrit:
            > Bon dia,
            >
            > La peça arribarà dimecres.
            """),
        "D'acord, gràcies.",
        id="catalan-top-posting",
    ),
    pytest.param(
        mail("""
            OK.

            Customer Service wrote:
            > The part arrives on Wednesday.
            """),
        "OK.",
        id="attribution-without-date",
    ),
]


@pytest.mark.parametrize(("body", "new"), THUNDERBIRD)
def test_thunderbird(body, new):
    assert visible(body) == new


INLINE = [
    pytest.param(
        mail("""
            On Fri, 5 Dec 2026 at 10:03, Customer Service <support@example.com> wrote:
            > When did you buy it?

            On 2 November.

            > Do you still have the receipt?

            Yes, it is attached.

            > Kind regards,
            > Customer Service
            """),
        "On Fri, 5 Dec 2026 at 10:03, Customer Service <support@example.com> wrote:\n"
        "> When did you buy it?\n\nOn 2 November.\n\n> Do you still have the receipt?\n\n"
        "Yes, it is attached.",
        id="english-with-the-rest-of-the-quote-left",
    ),
    pytest.param(
        mail("""
            El vie, 5 dic 2026 a las 10:03, Atención al Cliente (<soporte@example.com>) escribió:
            >> ¿Cuándo lo compró?
            >El 2 de noviembre.
            > ¿Conserva el ticket?

            Sí, lo adjunto.
            """),
        "El vie, 5 dic 2026 a las 10:03, Atención al Cliente (<soporte@example.com>) escribió:\n"
        ">> ¿Cuándo lo compró?\n>El 2 de noviembre.\n> ¿Conserva el ticket?\n\n"
        "Sí, lo adjunto.",
        id="spanish-answer-last",
    ),
    pytest.param(
        mail("""
            On Fri, Dec 05, 2026 at 10:03:00AM +0100, Customer Service wrote:
            > Could you confirm your postal address?

            Carrer Major 12, 17001 Girona.

            > Kind regards,
            > Customer Service

            --
            Jordi Vila
            https://jordi.example.org
            """),
        "On Fri, Dec 05, 2026 at 10:03:00AM +0100, Customer Service wrote:\n"
        "> Could you confirm your postal address?\n\nCarrer Major 12, 17001 Girona.",
        id="mutt-with-a-bare-signature-delimiter",
    ),
    pytest.param(
        mail("""
            * Customer Service <support@example.com> [2026-12-05 10:03]:
            > Is the unit still under warranty?

            Yes, until March.

            --\x20
            Jordi
            """),
        "* Customer Service <support@example.com> [2026-12-05 10:03]:\n"
        "> Is the unit still under warranty?\n\nYes, until March.",
        id="mutt-with-a-signature",
    ),
]


@pytest.mark.parametrize(("body", "new"), INLINE)
def test_inline_replies_keep_the_answers(body, new):
    assert visible(body) == new


FOOTERS = [
    "Sent from my iPhone",
    "Enviado desde mi iPhone",
    "Enviat des del meu iPhone",
    "Sent from my Galaxy",
    "Enviado desde mi Samsung Galaxy",
    "Enviat des del meu telèfon intel·ligent Samsung Galaxy.",
    "Sent from Outlook for Android",
    "Get Outlook for iOS<https://aka.ms/o0ukef>",
    "Get [Outlook for Android](https://aka.ms/AAb9ysg)",
    "Obtener Outlook para iOS",
    "Obteniu l'Outlook per a l'iOS",
    "Sent from Yahoo Mail on Android",
    "Enviado desde Correo para Windows",
    "Sent with Proton Mail secure email.",
]


@pytest.mark.parametrize("footer", FOOTERS)
def test_a_mobile_footer_folds(footer):
    assert visible(f"Ok, thanks.\n\n{footer}\n") == "Ok, thanks."


def test_a_signature_after_the_message_folds():
    body = mail("""
        Hello,

        I attach the photos of the damaged box.

        --\x20
        Anna Puig
        Fusteria Puig SL
        """)

    assert visible(body) == "Hello,\n\nI attach the photos of the damaged box."


FORWARDED = [
    pytest.param(
        mail("""
            Hello,

            This is the message the courier sent me. The parcel never arrived.

            Anna

            ---------- Forwarded message ---------
            From: RapidPost <noreply@rapidpost.example>
            Date: Fri, 5 Dec 2026 at 10:03
            Subject: Delivery attempt failed
            To: <anna@example.com>


            We tried to deliver parcel 4471 today, but nobody was home.

            --\x20
            RapidPost
            """),
        id="gmail-english",
    ),
    pytest.param(
        mail("""
            Os reenvío el correo del transportista.

            ---------- Mensaje reenviado ----------
            De: RapidPost <noreply@rapidpost.example>
            Fecha: vie., 5 dic. 2026 a las 10:03
            Asunto: Entrega fallida
            Para: <marta@example.com>

            Hoy no hemos podido entregar el paquete 4471.
            """),
        id="gmail-spanish",
    ),
    pytest.param(
        mail("""
            Us reenvio el correu del transportista.

            ---------- Missatge reenviat ---------
            De: RapidPost <noreply@rapidpost.example>
            Data: dv., 5 de des. 2026 a les 10:03
            Assumpte: Intent d'entrega fallit
            Per a: <jordi@example.com>

            Avui no hem pogut entregar el paquet 4471.
            """),
        id="gmail-catalan",
    ),
    pytest.param(
        mail("""
            FYI

            --\x20
            Anna Puig

            ---------- Forwarded message ---------
            From: RapidPost <noreply@rapidpost.example>
            Date: Fri, 5 Dec 2026 at 10:03
            Subject: Delivery attempt failed
            """),
        id="gmail-with-the-signature-above",
    ),
    pytest.param(
        mail("""
            See below.

            Sent from my iPhone

            Begin forwarded message:

            > From: RapidPost <noreply@rapidpost.example>
            > Date: 5 December 2026 at 10:03:00 CET
            > To: anna@example.com
            > Subject: Delivery attempt failed
            >
            > We tried to deliver parcel 4471 today.
            """),
        id="iphone-english",
    ),
    pytest.param(
        mail("""
            Mirad esto.

            Enviado desde mi iPhone

            Inicio del mensaje reenviado:

            > De: RapidPost <noreply@rapidpost.example>
            > Fecha: 5 de diciembre de 2026, 10:03:00 CET
            > Para: marta@example.com
            > Asunto: Entrega fallida
            """),
        id="iphone-spanish",
    ),
    pytest.param(
        mail("""
            Mireu això.

            Inici del missatge reenviat:

            De: RapidPost <noreply@rapidpost.example>
            Assumpte: Intent d'entrega fallit
            Data: 5 de desembre de 2026, a les 10:03:00 CET
            Per a: jordi@example.com
            """),
        id="apple-mail-catalan",
    ),
    pytest.param(
        mail("""
            The courier's message:

            -------- Forwarded Message --------
            Subject: \tDelivery attempt failed
            Date: \tFri, 5 Dec 2026 10:03:00 +0100
            From: \tRapidPost <noreply@rapidpost.example>
            To: \tanna@example.com

            We tried to deliver parcel 4471 today.
            """),
        id="thunderbird-english",
    ),
    pytest.param(
        mail("""
            El mensaje del transportista:

            -------- Mensaje reenviado --------
            Asunto: \tEntrega fallida
            Fecha: \tFri, 5 Dec 2026 10:03:00 +0100
            De: \tRapidPost <noreply@rapidpost.example>
            Para: \tmarta@example.com
            """),
        id="thunderbird-spanish",
    ),
    pytest.param(
        mail("""
            El missatge del transportista:

            -------- Missatge reenviat --------
            Assumpte: \tIntent d'entrega fallit
            Data: \tFri, 5 Dec 2026 10:03:00 +0100
            De: \tRapidPost <noreply@rapidpost.example>
            A: \tjordi@example.com
            """),
        id="thunderbird-catalan",
    ),
    pytest.param(
        mail("""
            Mireu-vos-ho, si us plau.

            ---------- Forwarded message ---------
            De: Oficina de Girona <girona@example.com>
            Date: dv., 5 de des. 2026 a les 10:03
            Subject: RE: Garantia
            To: Jordi Vila <jordi@example.com>

            Bon dia,

            El 4/12/26 a les 9:15, Jordi Vila ha escrit:
            > La rentadora no centrifuga.
            """),
        id="a-forwarded-reply-keeps-its-quote",
    ),
]


@pytest.mark.parametrize("body", FORWARDED)
def test_a_forwarded_message_stays_visible(body):
    assert visible(body) == body.rstrip()


def test_a_forward_inside_the_quoted_history_folds_with_it():
    body = mail("""
        Any news?

        On Fri, 5 Dec 2026 at 10:03, Customer Service <support@example.com> wrote:

        > We are looking into it.
        >
        > On Thu, 4 Dec 2026 at 9:15, Anna Puig <anna@example.com> wrote:
        >> ---------- Forwarded message ---------
        >> From: RapidPost <noreply@rapidpost.example>
        """)

    assert visible(body) == "Any news?"


def test_outlook_history_folds_even_past_a_forward_in_it():
    body = mail("""
        ¿Alguna novedad?

        De: Atención al Cliente <soporte@example.com>
        Enviado el: viernes, 5 de diciembre de 2026 10:03
        Asunto: RE: RV: Entrega fallida

        Lo estamos revisando.

        -------- Mensaje reenviado --------
        De: RapidPost <noreply@rapidpost.example>
        """)

    assert visible(body) == "¿Alguna novedad?"


OWN_TEXT = [
    pytest.param(
        "My colleague wrote: the invoice total is wrong, it should be 120 euros.\n",
        id="english-wrote-in-a-sentence",
    ),
    pytest.param(
        mail("""
            Bon dia,

            De: Barcelona
            A: Madrid
            El trajecte va durar 3 hores i la maleta va arribar trencada.
            """),
        id="catalan-from-to",
    ),
    pytest.param("Pedido 4471\nDe: Barcelona\nEstado: en tránsito\n", id="spanish-de-once"),
    pytest.param(
        mail("""
            Datos del regalo:
            De: Marta Soler
            Para: Joan Soler
            Asunto: cumpleaños

            Envíenlo antes del viernes, por favor.
            """),
        id="spanish-headers-without-a-date",
    ),
    pytest.param(
        mail("""
            Bon dia,

            El 5 de desembre a les 10:03 el tècnic va escriure:
            «Aparell reparat».
            Però la rentadora continua sense centrifugar.
            """),
        id="catalan-sentence-ending-in-va-escriure",
    ),
    pytest.param(
        "On Monday the engineer came at 10:00 and wrote:\n", id="english-wrote-at-the-end"
    ),
    pytest.param(
        "It was sent on Monday.\nSent from Barcelona on 3 December, it never came.\n",
        id="sent-from-in-a-sentence",
    ),
    pytest.param("Summary\n-----\nWasher, 2 units\n---\nTotal: 240 EUR\n", id="rules"),
    pytest.param(
        "I phoned twice -- nobody answered.\n__________\nP.S. Order 4471.\n", id="dashes-and-a-rule"
    ),
    pytest.param("> You said 14 days.\n\nIt has been 30 days.\n", id="a-quote-answered"),
    pytest.param(
        "On the phone your colleague told me:\n- a refund\n- a new unit\n", id="on-without-a-date"
    ),
]


@pytest.mark.parametrize("body", OWN_TEXT)
def test_the_customers_own_text_does_not_fold(body):
    assert fold_offset(body) == len(body)


NOTHING_LEFT = [
    pytest.param("", id="empty"),
    pytest.param("  \n\n", id="blank"),
    pytest.param("> Please refund me.\n> Anna\n", id="all-quote"),
    pytest.param("\n> Please refund me.\n\n-- \nAnna\n", id="quote-and-signature"),
    pytest.param("-- \nAnna Puig\nFusteria Puig SL\n", id="only-a-signature"),
    pytest.param(
        "Sent from my iPhone\n\n> On 5 Dec 2026, at 10:03, A <a@example.com> wrote:\n",
        id="only-a-footer-and-a-quote",
    ),
    pytest.param(
        "From: A <a@example.com>\nSent: Friday\nSubject: Hello\n\nHello\n", id="only-history"
    ),
]


@pytest.mark.parametrize("body", NOTHING_LEFT)
def test_nothing_folds_when_nothing_would_be_left(body):
    assert fold_offset(body) == len(body)
    assert split(body) == (body.rstrip(), "")


def test_the_offset_is_where_the_folded_block_begins():
    body = "Thanks\n\n> quoted\n"

    assert fold_offset(body) == 8
    assert split(body) == ("Thanks", "> quoted\n")


def test_windows_line_ends():
    body = (
        "Hola,\r\n\r\nGracias.\r\n\r\nEl 5/12/26 a las 10:03, Soporte escribió:\r\n> ¿Algo más?\r\n"
    )

    assert split(body) == ("Hola,\r\n\r\nGracias.", body[body.index("El 5/12") :])


def _repeats(subpattern, inside=False):
    """Yield, for every repeat in a parsed regex, whether it sits inside another repeat."""
    for op, argument in subpattern:
        repeat = op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)
        if repeat:
            yield inside
        for part in argument if isinstance(argument, (tuple, list)) else [argument]:
            for child in part if isinstance(part, list) else [part]:
                if isinstance(child, _parser.SubPattern):
                    yield from _repeats(child, inside or repeat)


def test_no_regex_nests_quantifiers_so_none_can_backtrack_catastrophically():
    patterns = [value for value in vars(quoting).values() if isinstance(value, re.Pattern)]
    assert len(patterns) >= 4

    for pattern in patterns:
        assert not any(_repeats(_parser.parse(pattern.pattern, pattern.flags))), pattern.pattern
    # The check itself finds what it looks for.
    assert any(_repeats(_parser.parse(r"(?:a|\s+b)*")))


MEGABYTE = 1_000_000

HUGE = [
    pytest.param("-" * MEGABYTE, id="dashes"),
    pytest.param("_" * MEGABYTE + "x", id="underscores"),
    pytest.param("On 5 " * (MEGABYTE // 5) + "wrote:", id="an-endless-attribution"),
    pytest.param("Sent from my " + "a" * MEGABYTE, id="an-endless-footer"),
    pytest.param(" " * MEGABYTE + "x" + " " * MEGABYTE, id="spaces"),
    pytest.param("De: x\n" * (MEGABYTE // 6), id="from-lines"),
    pytest.param("x wrote:\n\n" * (MEGABYTE // 10), id="attributions"),
    pytest.param("*" * MEGABYTE + ":", id="stars"),
]


@pytest.mark.parametrize("body", HUGE)
def test_a_huge_text_is_read_in_linear_time(body):
    """Hostile megabytes are read through: catastrophic backtracking would hang the run here."""
    assert fold_offset(body) == len(body)


def test_a_huge_quoted_history_folds():
    new = "Any news about my refund?\n\nAnna\n\n"
    history = "On Fri, 5 Dec 2026 at 10:03, Support <support@example.com> wrote:\n" + (
        "> > We will refund you within 14 days of receiving the parcel.\n" * 16_000
    )

    assert fold_offset(new + history) == len(new)


@pytest.mark.parametrize(
    "footer",
    [
        "Sent from my Android device with K-9 Mail. Please excuse my brevity.",
        "Enviado desde mi dispositivo Android con K-9 Mail. Por favor, disculpa mi brevedad.",
        "Enviat des del meu Samsung Galaxy, disculpeu la brevetat.",
    ],
)
def test_a_longer_footer_that_names_the_device_or_app_folds(footer):
    text = f"Ja funciona, gràcies.\n\n{footer}\n"

    assert quoting.split(text)[0] == "Ja funciona, gràcies."
