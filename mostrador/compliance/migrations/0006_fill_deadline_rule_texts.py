"""The legal deadline rules' names and sources in Catalan, Spanish and English.

From shared/docs/regulation.md §1.1, §1.2 and §2, as the rules of 0002 cite them.
"""

from django.db import migrations

TEXTS = {
    ("es", "complaint.answer_deadline"): {
        "ca": (
            "Resposta a queixes i reclamacions: 15 dies (llei estatal de consum)",
            "TRLGDCU (RDLeg 1/2007), art. 21.3, en la redacció de la Llei 10/2025: 15 dies des de la presentació",
        ),
        "es": (
            "Respuesta a quejas y reclamaciones: 15 días (ley estatal de consumo)",
            "TRLGDCU (RDLeg 1/2007), art. 21.3, en la redacción de la Ley 10/2025: 15 días desde la presentación",
        ),
        "en": (
            "Answer to complaints and claims: 15 days (Spanish consumer law)",
            "TRLGDCU (RDLeg 1/2007) art. 21.3, as worded by Ley 10/2025: 15 days from submission",
        ),
    },
    ("es", "complaint.answer_deadline.ley10"): {
        "ca": (
            "Resposta a queixes i reclamacions: 15 dies hàbils (Llei 10/2025)",
            "Llei 10/2025, de serveis d'atenció a la clientela (BOE-A-2025-26698), art. 17.1",
        ),
        "es": (
            "Respuesta a quejas y reclamaciones: 15 días hábiles (Ley 10/2025)",
            "Ley 10/2025, de servicios de atención a la clientela (BOE-A-2025-26698), art. 17.1",
        ),
        "en": (
            "Answer to complaints and claims: 15 working days (Ley 10/2025)",
            "Ley 10/2025 de servicios de atención a la clientela (BOE-A-2025-26698), art. 17.1",
        ),
    },
    ("es", "complaint.billing_deadline"): {
        "ca": (
            "Reclamacions de facturació: 5 dies (Llei 10/2025)",
            "Llei 10/2025 (BOE-A-2025-26698), art. 17.3: facturació i càrrecs indeguts",
        ),
        "es": (
            "Reclamaciones de facturación: 5 días (Ley 10/2025)",
            "Ley 10/2025 (BOE-A-2025-26698), art. 17.3: facturación y cargos indebidos",
        ),
        "en": (
            "Billing complaints: 5 days (Ley 10/2025)",
            "Ley 10/2025 (BOE-A-2025-26698), art. 17.3: billing and undue charges",
        ),
    },
    ("es-ct", "complaint.answer_deadline"): {
        "ca": (
            "Resposta a queixes i reclamacions: un mes (Codi de consum de Catalunya)",
            "Llei 22/2010, del Codi de consum de Catalunya: resposta en el termini d'un mes",
        ),
        "es": (
            "Respuesta a quejas y reclamaciones: un mes (Código de consumo de Cataluña)",
            "Ley 22/2010, del Código de consumo de Cataluña: respuesta en el plazo de un mes",
        ),
        "en": (
            "Answer to complaints and claims: one month (Catalan Consumer Code)",
            "Llei 22/2010, del Codi de consum de Catalunya: answer within one month",
        ),
    },
}


def fill_deadline_rule_texts(apps, schema_editor):
    DeadlineRule = apps.get_model("compliance", "DeadlineRule")
    DeadlineRuleText = apps.get_model("compliance", "DeadlineRuleText")
    for (profile, key), languages in TEXTS.items():
        rule = DeadlineRule.objects.filter(profile=profile, key=key).first()
        if rule is None:
            continue
        for language, (name, source) in languages.items():
            DeadlineRuleText.objects.update_or_create(
                rule=rule, language=language, defaults={"name": name, "source": source}
            )


def remove_deadline_rule_texts(apps, schema_editor):
    apps.get_model("compliance", "DeadlineRuleText").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("compliance", "0005_deadline_rule_text")]

    operations = [migrations.RunPython(fill_deadline_rule_texts, remove_deadline_rule_texts)]
