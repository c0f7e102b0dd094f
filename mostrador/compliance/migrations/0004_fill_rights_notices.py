"""The portal's "Your rights" pages and the web sources of the answer deadlines.

Every statement comes from shared/docs/regulation.md (§1.2, §1.3, §2, §3) with the addresses it
cites; the answer deadlines themselves are the DeadlineRule rows, not repeated here. Not legal
advice: heads and administrators can change the texts in the admin, and a lawyer should review
them. The ECC-Net address is the European Commission's page for the network, which
regulation.md names no source for.
"""

from django.db import migrations

RULE_SOURCES = {
    ("es", "complaint.answer_deadline"): "https://codigo-civil.es/ley-10-2025-de-26-de-diciembre-por-la-que-se-regulan-los-servicios-de-atencion-a-la-clientela",
    ("es", "complaint.answer_deadline.ley10"): "https://www.legislaciononline.es/novedades/28",
    ("es", "complaint.billing_deadline"): "https://valerotaxlegal.clientlink.es/noticia-del-dia/adios-al-spam-y-a-la-espera-lo-que-implica-la-nueva-ley-de-atencion-a-la-clientela",
    ("es-ct", "complaint.answer_deadline"): "http://consum.gencat.cat/ca/el-consum/despres-de-la-compra/el-servei-datencio-al-client/",
}

CT_FORMS = "https://portaljuridic.gencat.cat/ca/pjur_ocults/pjur_resultats_fitxa/?action=fitxa&mode=single&documentId=629662&language=ca_ES"
CT_SOURCES = [
    "http://consum.gencat.cat/ca/lagencia/codi-de-consum-de-catalunya/preguntes-frequeents/",
    "http://consum.gencat.cat/ca/el-consum/despres-de-la-compra/el-servei-datencio-al-client/",
    "http://www.acpb.cat/sollicituts-dels-ciutadans/fulls-oficials-reclamacio-denuncia/",
    "https://www.terrassa.cat/es/queixat-reclama-denuncia",
    "http://emprenencatala.pimec.org/menu_6.html",
]
ES_FORMS = "https://legalingos.com/?p=995"
ES_ADR = "https://extranet.ceoecantabria.es/noticias/publicada-la-ley-que-obliga-a-los-empresarios-a-informar-sobre-la-posibilidad-de-resolver-conflictos-al-margen-de-la-via-judicia"
ES_SOURCES = [
    "https://defensajuridicaconsumidor.es/ya-es-oficial-en-espana-prohibidos-los-numeros-902-en-los-servicios-de-atencion-al-cliente",
    "https://www.legislaciononline.es/novedades/28",
    "https://laboralpensiones.com/las-hojas-de-reclamaciones-como-consumidores/",
    ES_ADR,
]
ECC_NET = "https://commission.europa.eu/live-work-travel-eu/consumer-rights-and-complaints/resolve-your-consumer-complaint/european-consumer-centres-network-ecc-net_en"
EU_SOURCES = [
    "https://legal500.com/developments/thought-leadership/implementation-of-the-sale-of-goods-directive-in-eu-member-states",
    "https://oeil.secure.europarl.europa.eu/oeil/en/document-summary?id=1584514",
    "https://dixa.com/blog/eu-right-of-withdrawal-guide-online-merchants",
    "https://twobirds.com/en/insights/2025/global/the-end-of-the-european-online-dispute-resolution-platform",
]

NOTICES = [
    # ------------------------------------------------------------ Catalonia
    {
        "profile": "es-ct", "language": "ca", "certainty": "C",
        "title": "Els vostres drets com a persona consumidora a Catalunya",
        "summary": (
            "El Codi de consum de Catalunya (Llei 22/2010) s'aplica a totes les empreses que venen "
            "o presten serveis a Catalunya, siguin d'on siguin, juntament amb la llei estatal: quan "
            "totes dues regulen una mateixa qüestió, s'aplica la norma més protectora.\n\n"
            "Us hem d'atendre, oralment i per escrit, en la llengua oficial que trieu: català o "
            "castellà."
        ),
        "proof": (
            "Cada queixa o reclamació ha de tenir un comprovant en un suport durador. El nostre "
            "justificant us dona una referència, la data i l'hora i el que ens heu dit: guardeu-lo."
        ),
        "deadline_note": (
            "El termini compta des del dia que presenteu la queixa o la reclamació. Si no us "
            "responem dins del termini, o la resposta no us satisfà, podeu recórrer a la mediació "
            "o a l'arbitratge de consum."
        ),
        "official_forms": (
            "Tota empresa que ven a persones consumidores a Catalunya ha de tenir fulls oficials de "
            "queixa, reclamació i denúncia (Decret 121/2013) i un cartell visible que ho anunciï. "
            "Demaneu-ne un a qualsevol dels nostres establiments: el full té tres còpies, una per a "
            "vós, una per a l'empresa i una per a l'Administració. L'empresa el signa, hi posa la "
            "data i hi pot respondre."
        ),
        "official_forms_url": CT_FORMS,
        "authority": "Agència Catalana del Consum",
        "authority_text": (
            "Si en un mes no teniu resposta, o no us satisfà, podeu adreçar-vos a l'Agència "
            "Catalana del Consum o a l'oficina de consum del vostre municipi o comarca, que poden "
            "fer de mediadores o portar el cas a l'arbitratge de consum."
        ),
        "authority_url": "http://consum.gencat.cat/",
        "sources": CT_SOURCES,
    },
    {
        "profile": "es-ct", "language": "es", "certainty": "C",
        "title": "Sus derechos como persona consumidora en Cataluña",
        "summary": (
            "El Código de consumo de Cataluña (Llei 22/2010) se aplica a todas las empresas que "
            "venden o prestan servicios en Cataluña, estén donde estén, junto con la ley estatal: "
            "cuando ambas regulan una misma cuestión, se aplica la norma más protectora.\n\n"
            "Debemos atenderle, oralmente y por escrito, en la lengua oficial que elija: catalán o "
            "castellano."
        ),
        "proof": (
            "Cada queja o reclamación debe tener un comprobante en un soporte duradero. Nuestro "
            "justificante le da una referencia, la fecha y la hora y lo que nos ha dicho: guárdelo."
        ),
        "deadline_note": (
            "El plazo cuenta desde el día en que presenta la queja o la reclamación. Si no le "
            "respondemos dentro del plazo, o la respuesta no le satisface, puede acudir a la "
            "mediación o al arbitraje de consumo."
        ),
        "official_forms": (
            "Toda empresa que vende a personas consumidoras en Cataluña debe tener hojas oficiales "
            "de queja, reclamación y denuncia (Decreto 121/2013) y un cartel visible que lo anuncie. "
            "Pida una en cualquiera de nuestros establecimientos: la hoja tiene tres copias, una "
            "para usted, una para la empresa y una para la Administración. La empresa la firma, "
            "pone la fecha y puede responder en ella."
        ),
        "official_forms_url": CT_FORMS,
        "authority": "Agència Catalana del Consum",
        "authority_text": (
            "Si en un mes no tiene respuesta, o no le satisface, puede dirigirse a la Agència "
            "Catalana del Consum o a la oficina de consumo de su municipio o comarca, que pueden "
            "mediar o llevar el caso al arbitraje de consumo."
        ),
        "authority_url": "http://consum.gencat.cat/",
        "sources": CT_SOURCES,
    },
    {
        "profile": "es-ct", "language": "en", "certainty": "C",
        "title": "Your rights as a consumer in Catalonia",
        "summary": (
            "The Catalan Consumer Code (Llei 22/2010) applies to every company that sells or "
            "provides services in Catalonia, wherever it is based, together with Spanish law: "
            "where both rule on the same matter, the more protective rule applies.\n\n"
            "We must attend you, orally and in writing, in the official language you choose: "
            "Catalan or Spanish."
        ),
        "proof": (
            "Every complaint or claim must get a proof on a durable medium. Our receipt gives you "
            "a reference, the date and time, and what you told us: keep it."
        ),
        "deadline_note": (
            "The deadline runs from the day you submit your complaint or claim. If we do not "
            "answer within it, or the answer does not satisfy you, you can turn to consumer "
            "mediation or arbitration."
        ),
        "official_forms": (
            "Every business that sells to consumers in Catalonia must have official complaint "
            "forms (fulls oficials de queixa, reclamació i denúncia, Decree 121/2013) and a visible "
            "poster saying so. Ask for one at any of our premises: the form has three copies, one "
            "for you, one for the business and one for the administration. The business signs and "
            "dates it, and may answer on it."
        ),
        "official_forms_url": CT_FORMS,
        "authority": "Agència Catalana del Consum",
        "authority_text": (
            "If you get no answer within one month, or the answer does not satisfy you, you can "
            "turn to the Agència Catalana del Consum or to your town's or county's consumer "
            "office, which can mediate or take the case to consumer arbitration."
        ),
        "authority_url": "http://consum.gencat.cat/",
        "sources": CT_SOURCES,
    },
    # ------------------------------------------------------------ Spain
    {
        "profile": "es", "language": "ca", "certainty": "C",
        "title": "Els vostres drets com a persona consumidora a Espanya",
        "summary": (
            "La llei general de defensa de les persones consumidores (TRLGDCU, Reial decret "
            "legislatiu 1/2007) s'aplica a totes les empreses que atenen persones consumidores. "
            "L'atenció al client us ha de garantir una atenció personal directa, i trucar-hi no "
            "pot costar més que una trucada a tarifa bàsica."
        ),
        "proof": (
            "Per a cada queixa rebeu una clau identificativa i un justificant per escrit, en paper "
            "o en un altre suport durador, amb el contingut, la data i l'hora."
        ),
        "deadline_note": (
            "Els terminis compten des del dia que presenteu la queixa. Si rebutgem la vostra "
            "reclamació, us direm si estem adherits a una entitat de resolució alternativa de "
            "litigis o d'arbitratge."
        ),
        "official_forms": (
            "Els establiments oberts al públic han de tenir fulls de reclamacions oficials. Cada "
            "comunitat autònoma els regula, de manera que les exempcions i els terminis canvien "
            "d'una a l'altra. El joc té tres còpies: una per a vós, una per a l'Administració i "
            "una per a l'empresa."
        ),
        "official_forms_url": ES_FORMS,
        "authority": "Oficines de consum de les comunitats autònomes i dels municipis (OMIC)",
        "authority_text": (
            "Si la resposta no us satisfà, adreceu-vos a l'oficina de consum de la vostra "
            "comunitat autònoma o a l'oficina municipal d'informació al consumidor (OMIC), que "
            "poden fer de mediadores o portar-vos a l'arbitratge de consum. Quan una empresa "
            "rebutja una reclamació, us ha de dir si està adherida a una entitat de resolució "
            "alternativa de litigis o d'arbitratge (Llei 7/2017, art. 40)."
        ),
        "authority_url": ES_ADR,
        "sources": ES_SOURCES,
    },
    {
        "profile": "es", "language": "es", "certainty": "C",
        "title": "Sus derechos como persona consumidora en España",
        "summary": (
            "La ley general para la defensa de los consumidores y usuarios (TRLGDCU, Real Decreto "
            "Legislativo 1/2007) se aplica a todas las empresas que atienden a consumidores. La "
            "atención al cliente debe garantizarle una atención personal directa, y llamar no "
            "puede costar más que una llamada a tarifa básica."
        ),
        "proof": (
            "Por cada queja recibe una clave identificativa y un justificante por escrito, en "
            "papel o en otro soporte duradero, con el contenido, la fecha y la hora."
        ),
        "deadline_note": (
            "Los plazos cuentan desde el día en que presenta la queja. Si rechazamos su "
            "reclamación, le diremos si estamos adheridos a una entidad de resolución alternativa "
            "de litigios o de arbitraje."
        ),
        "official_forms": (
            "Los establecimientos abiertos al público deben tener hojas de reclamaciones "
            "oficiales. Cada comunidad autónoma las regula, de modo que las exenciones y los "
            "plazos cambian de una a otra. El juego tiene tres copias: una para usted, una para la "
            "Administración y una para la empresa."
        ),
        "official_forms_url": ES_FORMS,
        "authority": "Oficinas de consumo de las comunidades autónomas y de los municipios (OMIC)",
        "authority_text": (
            "Si la respuesta no le satisface, diríjase a la oficina de consumo de su comunidad "
            "autónoma o a la oficina municipal de información al consumidor (OMIC), que pueden "
            "mediar o llevarle al arbitraje de consumo. Cuando una empresa rechaza una "
            "reclamación, debe decirle si está adherida a una entidad de resolución alternativa "
            "de litigios o de arbitraje (Ley 7/2017, art. 40)."
        ),
        "authority_url": ES_ADR,
        "sources": ES_SOURCES,
    },
    {
        "profile": "es", "language": "en", "certainty": "C",
        "title": "Your rights as a consumer in Spain",
        "summary": (
            "Spain's general consumer protection law (TRLGDCU, Royal Legislative Decree 1/2007) "
            "applies to every company that serves consumers. Customer service must give you "
            "direct personal attention, and calling it may cost no more than a basic-rate call."
        ),
        "proof": (
            "For every complaint you get an identification code (clave identificativa) and a "
            "written receipt (justificante), on paper or another durable medium, with its "
            "content, date and time."
        ),
        "deadline_note": (
            "Deadlines run from the day you submit your complaint. If we reject your claim, we "
            "will tell you whether we belong to an alternative dispute resolution or arbitration "
            "body."
        ),
        "official_forms": (
            "Businesses open to the public must have official complaint forms (hojas de "
            "reclamaciones). Each autonomous community regulates them, so exemptions and deadlines "
            "vary by region. The set has three copies: one for you, one for the administration "
            "and one for the business."
        ),
        "official_forms_url": ES_FORMS,
        "authority": "Consumer offices of the autonomous communities and towns (OMIC)",
        "authority_text": (
            "If the answer does not satisfy you, turn to your autonomous community's consumer "
            "office or your town's consumer information office (OMIC), which can mediate or take "
            "you to consumer arbitration. When a company rejects a claim, it must tell you "
            "whether it belongs to an alternative dispute resolution or arbitration body (Ley "
            "7/2017, art. 40)."
        ),
        "authority_url": ES_ADR,
        "sources": ES_SOURCES,
    },
    # ------------------------------------------------------------ European Union
    {
        "profile": "eu", "language": "ca", "certainty": "C",
        "title": "Els vostres drets com a persona consumidora a la Unió Europea",
        "summary": (
            "El dret de la Unió fixa el mínim que garanteixen tots els estats membres. Els béns "
            "han de ser conformes amb el contracte: el venedor respon dels defectes que apareixen "
            "en dos anys des del lliurament (Directiva (UE) 2019/771; Espanya n'hi fixa tres). "
            "Podeu demanar que el bé es repari o se substitueixi sense cost i en un termini "
            "raonable, i després una rebaixa del preu o la resolució del contracte.\n\n"
            "En les compres a distància teniu 14 dies per desistir, i us han de tornar els diners "
            "en 14 dies (Directiva 2011/83/UE)."
        ),
        "proof": "",
        "deadline_note": (
            "El dret de la Unió no fixa un termini general per respondre les queixes: s'apliquen "
            "les normes de cada país (vegeu les pàgines d'Espanya i de Catalunya)."
        ),
        "official_forms": "",
        "official_forms_url": "",
        "authority": "Xarxa de Centres Europeus del Consumidor (ECC-Net)",
        "authority_text": (
            "En un litigi amb una empresa d'un altre país de la Unió, el Centre Europeu del "
            "Consumidor del vostre país us pot assessorar gratuïtament. Les entitats de resolució "
            "alternativa de litigis continuen disponibles (Directiva 2013/11/UE). La plataforma "
            "europea de resolució de litigis en línia (ODR) va tancar el 20 de juliol de 2025."
        ),
        "authority_url": ECC_NET,
        "sources": EU_SOURCES,
    },
    {
        "profile": "eu", "language": "es", "certainty": "C",
        "title": "Sus derechos como persona consumidora en la Unión Europea",
        "summary": (
            "El derecho de la Unión fija el mínimo que garantizan todos los estados miembros. Los "
            "bienes deben ser conformes con el contrato: el vendedor responde de los defectos que "
            "aparecen en dos años desde la entrega (Directiva (UE) 2019/771; España fija tres). "
            "Puede pedir que el bien se repare o se sustituya sin coste y en un plazo razonable, "
            "y después una rebaja del precio o la resolución del contrato.\n\n"
            "En las compras a distancia tiene 14 días para desistir, y deben devolverle el dinero "
            "en 14 días (Directiva 2011/83/UE)."
        ),
        "proof": "",
        "deadline_note": (
            "El derecho de la Unión no fija un plazo general para responder a las quejas: se "
            "aplican las normas de cada país (vea las páginas de España y de Cataluña)."
        ),
        "official_forms": "",
        "official_forms_url": "",
        "authority": "Red de Centros Europeos del Consumidor (ECC-Net)",
        "authority_text": (
            "En un litigio con una empresa de otro país de la Unión, el Centro Europeo del "
            "Consumidor de su país puede asesorarle gratuitamente. Las entidades de resolución "
            "alternativa de litigios siguen disponibles (Directiva 2013/11/UE). La plataforma "
            "europea de resolución de litigios en línea (ODR) cerró el 20 de julio de 2025."
        ),
        "authority_url": ECC_NET,
        "sources": EU_SOURCES,
    },
    {
        "profile": "eu", "language": "en", "certainty": "C",
        "title": "Your rights as a consumer in the European Union",
        "summary": (
            "EU law sets the minimum every member state guarantees. Goods must conform to the "
            "contract: the seller is liable for faults that appear within two years of delivery "
            "(Directive (EU) 2019/771; Spain sets three). You can have goods repaired or replaced "
            "free of charge within a reasonable time, and then a price reduction or the end of the "
            "contract.\n\n"
            "For purchases at a distance you have 14 days to withdraw, and your money must be "
            "returned within 14 days (Directive 2011/83/EU)."
        ),
        "proof": "",
        "deadline_note": (
            "EU law sets no general deadline to answer complaints: each country's rules apply "
            "(see the pages for Spain and Catalonia)."
        ),
        "official_forms": "",
        "official_forms_url": "",
        "authority": "European Consumer Centres Network (ECC-Net)",
        "authority_text": (
            "In a dispute with a business in another EU country, the European Consumer Centre of "
            "your country can advise you free of charge. Alternative dispute resolution bodies "
            "remain available (Directive 2013/11/EU). The EU's online dispute resolution (ODR) "
            "platform closed on 20 July 2025."
        ),
        "authority_url": ECC_NET,
        "sources": EU_SOURCES,
    },
]


def fill_rights_notices(apps, schema_editor):
    DeadlineRule = apps.get_model("compliance", "DeadlineRule")
    RightsNotice = apps.get_model("compliance", "RightsNotice")
    for (profile, key), url in RULE_SOURCES.items():
        DeadlineRule.objects.filter(profile=profile, key=key, source_url="").update(source_url=url)
    for notice in NOTICES:
        values = dict(notice)
        RightsNotice.objects.update_or_create(
            profile=values.pop("profile"), language=values.pop("language"), defaults=values
        )


def remove_rights_notices(apps, schema_editor):
    DeadlineRule = apps.get_model("compliance", "DeadlineRule")
    RightsNotice = apps.get_model("compliance", "RightsNotice")
    for notice in NOTICES:
        RightsNotice.objects.filter(profile=notice["profile"], language=notice["language"]).delete()
    for (profile, key), url in RULE_SOURCES.items():
        DeadlineRule.objects.filter(profile=profile, key=key, source_url=url).update(source_url="")


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_rights_notice_and_source_url")]

    operations = [migrations.RunPython(fill_rights_notices, remove_rights_notices)]
