"""What customers and staff write in Catalan, in the department's own words (GLOSSARY.md)."""

from mostrador.cases.choices import CaseType as T
from mostrador.demo.phrasebook import ByType, Phrasebook, by_group

SUBJECTS: ByType = {
    T.INFORMATION: (
        "Consulta sobre la garantia {of_the}",
        "Horari d'atenció de la botiga de {town}",
        "Voldria saber l'estat de la comanda {order}",
        "Teniu recanvis {of_the}?",
        "Com puc ampliar la garantia {of_the}?",
        "Informació sobre el servei d'instal·lació",
        "Quan arribarà la comanda {order}?",
        "Demano una còpia de la factura {invoice}",
        "Puc pagar {the} a terminis?",
        "Dubte sobre el manual {of_the}",
    ),
    T.SUGGESTION: (
        "Suggeriment sobre l'horari d'obertura",
        "Proposta: avisos per SMS abans de la visita",
        "Seria útil poder demanar cita per internet",
        "Suggeriment per millorar l'aplicació",
        "Proposta per a la botiga de {town}",
        "Podríeu obrir els dissabtes al matí?",
        "Suggeriment: factures només en format electrònic",
        "Idea per millorar el manual {of_the}",
        "Més places d'aparcament a la botiga de {town}",
    ),
    T.COMPLAINT: (
        "El tècnic no va venir {weekday}",
        "Queixa pel tracte rebut a la botiga de {town}",
        "Ningú no respon al telèfon d'atenció al client",
        "Tercera visita i {the} continua igual",
        "Queixa pel retard de la comanda {order}",
        "Encara espero resposta sobre {the}",
        "Molt malestar amb el servei postvenda",
        "El transportista va deixar el paquet trencat",
        "La cita de {weekday} es va anul·lar sense avisar",
    ),
    T.CLAIM: (
        "Reclamació per la factura {invoice}",
        "Reclamo {remedy}",
        "Reclamació: {the} {fault}",
        "Demano {remedy}",
        "Reclamació formal sobre la comanda {order}",
        "Reclamació per una reparació mal feta",
        "Full de reclamació de la botiga de {town}",
        "Reclamació {of_the} en garantia",
    ),
    "claim:refund": (
        "Factura cobrada dues vegades",
        "Cobrament indegut a la factura {invoice}",
        "Encara espero el reemborsament de {amount}",
    ),
    "claim:contract_termination": ("Vull donar de baixa el contracte de manteniment",),
    T.AUTHORITY_REPORT: (
        "Denúncia a l'Agència Catalana del Consum",
        "He presentat una denúncia a l'OMIC de {town}",
        "Còpia del full oficial de denúncia",
        "Denúncia per publicitat enganyosa",
        "Us aviso que he presentat una denúncia",
        "Denúncia pel cas {of_the}",
        "Denúncia per no respectar la garantia",
        "Trasllat de la denúncia a l'administració",
    ),
    T.TECHNICAL: (
        "{The} {fault}",
        "Avaria {of_the}: {fault}",
        "{The} {fault} des de {weekday}",
        "Error {code} {at_the}",
        "Sol·licito una visita per revisar {the}",
        "{The} {bought} fa {months} mesos ja no va",
        "Incidència tècnica: {the} {fault}",
        "Necessito un recanvi per a {the}",
        "Reparació {of_the} en garantia",
    ),
    T.COMPLIMENT: (
        "Gràcies per la reparació tan ràpida",
        "Felicitació per al tècnic que va venir {weekday}",
        "Molt bon tracte a la botiga de {town}",
        "Volia agrair-vos l'atenció rebuda",
        "{The} torna a funcionar, moltes gràcies",
        "Felicitats pel servei d'atenció al client",
        "Enhorabona a l'equip de la botiga de {town}",
        "Gràcies per resoldre-ho tan aviat",
        "Un servei postvenda de deu",
    ),
}

OPENINGS: ByType = {
    T.INFORMATION: (
        "Voldria saber si {the} que vaig comprar el {date} encara és en garantia i què cobreix.",
        "Us escric per saber en quin estat és la comanda {order}, que vaig fer el {date}.",
        "Em podríeu dir quin horari té la botiga de {town}? Hi voldria passar {weekday} {day_part}.",
        "Necessito una còpia de la factura {invoice}: l'he perduda i me la demanen per a la garantia.",
        "Voldria saber si teniu recanvis {of_the} i quant triguen a arribar.",
        "M'interessa ampliar la garantia {of_the}. Quines opcions hi ha i quant costen?",
        "Abans de comprar {a} voldria saber si el preu inclou la instal·lació i la retirada "
        "de l'aparell vell.",
    ),
    T.SUGGESTION: (
        "Us faig un suggeriment: estaria bé que la botiga de {town} obrís també els dissabtes al "
        "matí, perquè entre setmana treballo i no hi puc anar.",
        "Quan ha de venir el tècnic, estaria bé rebre un SMS el mateix dia amb l'hora aproximada "
        "de la visita.",
        "Trobo a faltar poder demanar cita per internet: ara només es pot fer per telèfon i "
        "sempre costa molt que algú respongui.",
        "L'aplicació funciona bé, però proposaria que s'hi pogués consultar l'estat de les "
        "reparacions amb el codi de seguiment.",
        "Us proposo enviar les factures només per correu electrònic a qui ho demani: estalviaríeu "
        "paper i seria més còmode.",
        "El manual {of_the} només explica els codis d'error en anglès. Seria molt útil tenir-lo "
        "també en català.",
    ),
    T.COMPLAINT: (
        "Teníem cita amb el tècnic {weekday} {day_part} i no va venir ningú, ni ens va avisar. "
        "Vaig perdre un dia de feina esperant.",
        "Ja és la tercera vegada que el tècnic ve a reparar {the} i continua igual: {fault}.",
        "Fa dues setmanes que truco al telèfon d'atenció al client i ningú no respon. Quan per fi "
        "m'atenen, em diuen que ja em trucaran.",
        "El {date} vaig anar a la botiga de {town} i el tracte que vaig rebre al mostrador va ser "
        "molt poc amable.",
        "La comanda {order} havia d'arribar el {date} i encara l'espero. Ningú no em sap dir on és.",
        "El transportista va deixar el paquet a la porta sense trucar i {the} va arribar amb un "
        "cop. La caixa estava trencada i ningú no va revisar res.",
    ),
    T.CLAIM: (
        "Presento aquesta reclamació perquè {the} {fault} i la reparació no ha servit de res. "
        "Demano {remedy}.",
        "Us reclamo formalment {remedy}. {The}, {bought} el {date}, {fault} des del primer dia.",
        "Després de {months} visites del servei tècnic, {the} continua sense funcionar. Considero "
        "que és un defecte de fabricació i sol·licito {remedy}.",
        "Us faig arribar aquesta reclamació per escrit: {the}, {bought} el {date}, {fault}. "
        "Dins del termini de garantia, demano {remedy}.",
        "Tinc el resguard de dipòsit de la reparació {of_the} i, després d'un mes, encara no "
        "m'heu retornat l'aparell. Reclamo {remedy}.",
        "El tècnic diu que l'avaria {of_the} és per mal ús, però l'aparell s'ha fet servir sempre "
        "segons el manual. Per això demano {remedy}.",
    ),
    "claim:refund": (
        "M'heu cobrat dues vegades la factura {invoice}, de {amount}. Us demano que em torneu "
        "l'import duplicat.",
        "Vaig retornar {the} el {date} i encara no m'heu fet el reemborsament de {amount}.",
    ),
    "claim:compensation": (
        "La fuga d'aigua {of_the} m'ha fet malbé el parquet de la cuina. Tinc fotografies i el "
        "pressupost del fuster, i demano {remedy}.",
    ),
    "claim:contract_termination": (
        "Vull donar de baixa el contracte de manteniment {of_the}: en un any no heu vingut ni "
        "una vegada a fer la revisió. Demano {remedy}.",
    ),
    T.AUTHORITY_REPORT: (
        "Us comunico que he presentat una denúncia a l'Oficina Municipal d'Informació al "
        "Consumidor de {town} perquè no respecteu la garantia {of_the}.",
        "Adjunto la còpia del full oficial de denúncia que vaig omplir el {date} a la botiga "
        "de {town}.",
        "Com que no he rebut resposta a la meva reclamació, he portat el cas a l'Agència "
        "Catalana del Consum.",
        "L'anunci deia que la instal·lació {of_the} era gratuïta i després me l'heu cobrada. "
        "Ho he denunciat a Consum per publicitat enganyosa.",
        "He presentat una denúncia a Consum perquè la comanda {order} es va cobrar i no s'ha "
        "entregat mai.",
        "Us informo que he fet una denúncia: el tècnic va dir que l'avaria era per mal ús sense "
        "ni tan sols obrir {the}.",
    ),
    T.TECHNICAL: (
        "{The}, {bought} el {date}, {fault}.",
        "Des de {weekday}, {the} {fault}. He desendollat l'aparell i l'he tornat a endollar, "
        "però continua igual.",
        "Sol·licito una visita del Servei d'Assistència Tècnica: {the} {fault} i no es pot fer "
        "servir.",
        "{The} {fault}. He mirat el manual, però no diu què cal fer.",
        "Tinc {a} en garantia que {fault}. Quan podria venir un tècnic?",
        "Fa {months} setmanes que {the} {fault}. Us agrairia una reparació urgent, perquè a casa "
        "som cinc.",
        "Us escric perquè {the} {fault}. El número de sèrie és {serial} i es va comprar a la "
        "botiga de {town}.",
    ),
    T.COMPLIMENT: (
        "Volia donar les gràcies al tècnic que va venir {weekday}: va ser molt puntual, ho va "
        "explicar tot i va deixar {the} funcionant en mitja hora.",
        "Moltes gràcies per la reparació tan ràpida {of_the}. En dos dies ja tornava a funcionar.",
        "Vull felicitar la persona que em va atendre al mostrador de la botiga de {town} el "
        "{date}: molt amable i resolutiva.",
        "Només volia dir que el servei d'atenció al client ha estat excel·lent. Em vau resoldre "
        "el problema {of_the} a la primera.",
        "Gràcies per canviar-me {the} sense posar cap pega. Així dona gust.",
        "Enhorabona a l'equip: la comanda {order} va arribar abans del previst i el "
        "transportista va ser molt atent.",
    ),
}

DETAILS: ByType = {
    T.INFORMATION: (
        "No sé si això ho porta la botiga o el servei postvenda.",
        "Al web no he trobat aquesta informació.",
        "Si cal, us puc enviar el número de comanda.",
        "M'aniria bé saber-ho abans de {later}.",
        "També voldria saber si la garantia cobreix el desplaçament del tècnic.",
        "I, de passada, com em puc donar de baixa dels correus de promocions?",
    ),
    T.SUGGESTION: (
        "Ho dic amb ànim de millorar, perquè en general estic content del servei.",
        "Crec que a molts clients els passa el mateix.",
        "Altres botigues ja ho fan i funciona molt bé.",
        "Si voleu, us puc explicar millor la idea per telèfon.",
    ),
    T.COMPLAINT: (
        "No és la primera vegada que em passa.",
        "Entenc que hi pugui haver problemes, però almenys caldria avisar.",
        "Espero una explicació i una solució aviat.",
        "Vull que consti com a queixa formal.",
        "He hagut de demanar festa a la feina per res.",
    ),
    T.CLAIM: (
        "Adjunto la factura i les fotografies.",
        "Si no rebo resposta dins del termini legal, aniré a Consum.",
        "Tinc tots els justificants de pagament.",
        "El producte encara és dins del període de garantia.",
        "No accepto que es digui que és un mal ús.",
    ),
    T.AUTHORITY_REPORT: (
        "Us envio aquesta còpia perquè en tingueu constància.",
        "Em van dir que rebríeu la notificació en uns quinze dies.",
        "Abans d'arribar aquí us vaig reclamar dues vegades sense resposta.",
        "Espero que aquesta vegada es resolgui.",
    ),
    T.TECHNICAL: (
        "L'aparell té el número de sèrie {serial}.",
        "Ja he provat d'apagar l'aparell i tornar-lo a engegar.",
        "Em va bé que vingui el tècnic {later} {day_part}.",
        "És dins del període de garantia.",
        "Tinc el comprovant de compra de la botiga de {town}.",
        "És urgent, perquè a casa es fa servir cada dia.",
        "L'aparell té connexió wifi, per si el podeu revisar a distància.",
    ),
    T.COMPLIMENT: (
        "Feia anys que no rebia un servei així.",
        "Us ho dic perquè sovint només escrivim per queixar-nos.",
        "Si us plau, feu-li arribar el meu agraïment.",
        "Segur que tornaré a comprar a la vostra botiga.",
    ),
}

CONTEXT = (
    "Soc client vostre des de fa anys.",
    "Visc a {town}.",
    "El número de comanda és {order}.",
    "La factura és la {invoice}.",
    "Em sap greu haver d'escriure per això.",
    "La compra la vaig fer el {date}.",
    "Ja vaig trucar {weekday}, però em van dir que us escrivís.",
    "Aquest {later} som a casa tot el dia.",
    "He vist que el termini de resposta és d'un mes.",
    "Si cal, puc portar l'aparell a la botiga de {town}.",
    "Tinc la factura i la garantia a mà, si les necessiteu.",
)

CLOSINGS = (
    "Podeu trucar-me a partir de les {hour}.",
    "Si necessiteu res més, digueu-m'ho.",
    "M'agradaria que em responguéssiu per correu electrònic.",
    "Espero la vostra resposta.",
    "Agrairia una resposta com més aviat millor.",
)

FOLLOW_UPS = (
    "Us envio el número de sèrie que em demanàveu: {serial}.",
    "Encara no he rebut cap resposta i ja fa dies que vaig escriure.",
    "D'acord, {later} {day_part} em va bé.",
    "Gràcies per la resposta. Us adjunto la factura {invoice}.",
    "El tècnic ja ha vingut, però {the} continua igual.",
    "Perdoneu, no havia vist el vostre missatge fins ara.",
    "Us confirmo que he rebut el correu.",
    "Quan sabreu alguna cosa?",
    "Hi ha alguna novetat sobre el cas {reference}?",
    "Us responc el que em demanàveu.",
)

GREETINGS = ("Bon dia,", "Hola,", "Bona tarda,", "Benvolguts,")
SIGN_OFFS = (
    "Gràcies.\n{name}",
    "Salutacions,\n{name}",
    "Atentament,\n{name}",
    "Moltes gràcies,\n{name}",
)

ACKNOWLEDGEMENTS: ByType = {
    T.INFORMATION: (
        "Gràcies per la vostra consulta, que hem registrat amb la referència {reference}.",
        "Hem rebut la vostra consulta i l'hem passada al departament que us pot respondre.",
        "Per poder-vos informar, ens podeu indicar el número de comanda o de factura?",
    ),
    T.SUGGESTION: (
        "Moltes gràcies pel vostre suggeriment, que hem registrat amb la referència {reference}.",
        "Hem fet arribar la vostra proposta al responsable de la botiga de {town}.",
        "Us agraïm que us hàgiu pres la molèstia d'escriure'ns: el suggeriment s'estudiarà a la "
        "reunió mensual de qualitat.",
    ),
    T.COMPLAINT: (
        "Lamentem molt el que ens expliqueu. Hem obert la queixa amb la referència {reference} i "
        "la revisarà el cap de departament.",
        "Us demanem disculpes per les molèsties. Estem revisant què va passar amb la cita de "
        "{weekday}.",
        "Tenim registrada la vostra queixa i us respondrem dins del termini.",
    ),
    T.CLAIM: (
        "Hem rebut la vostra reclamació, amb la referència {reference}. Us respondrem per escrit "
        "dins del termini legal.",
        "Per tramitar la reclamació, ens podeu enviar una còpia de la factura i, si en teniu, "
        "fotografies {of_the}?",
        "Hem registrat la reclamació i l'hem passada al departament de Facturació, que revisarà "
        "l'import.",
    ),
    T.AUTHORITY_REPORT: (
        "Hem rebut la còpia de la denúncia i l'hem registrada amb la referència {reference}.",
        "Prenem nota de la denúncia. El departament de Qualitat respondrà a l'administració dins "
        "del termini que fixi.",
        "Lamentem haver arribat a aquest punt. Revisarem de nou el vostre cas i us respondrem per "
        "escrit.",
    ),
    T.TECHNICAL: (
        "Hem registrat la incidència tècnica amb la referència {reference}. Ens podeu indicar el "
        "número de sèrie {of_the}? El trobareu a l'etiqueta del darrere o dins de la porta.",
        "Lamentem l'avaria. Us podem proposar una visita del tècnic {later} {day_part}: us va bé?",
        "Abans d'enviar-hi un tècnic, proveu de desendollar l'aparell deu minuts i tornar-lo a "
        "engegar. Si l'error continua, digueu-nos-ho i programarem la visita.",
    ),
    T.COMPLIMENT: (
        "Moltes gràcies per les vostres paraules! Les farem arribar a l'equip.",
        "Ens alegra molt saber que n'heu quedat satisfet. Ho comunicarem al tècnic i al seu cap.",
        "Gràcies per escriure'ns: aquests missatges ens animen molt.",
    ),
}

PROGRESS = by_group(
    desk=(
        "Continuem revisant el vostre cas i us escriurem aviat.",
        "Hem consultat el departament corresponent i ens confirmen que quedarà resolt aquesta "
        "setmana.",
        "Ens podríeu confirmar les vostres dades de contacte?",
        "Hem demanat la informació al magatzem i us la farem arribar quan la tinguem.",
        "Us adjuntem el document que ens demanàveu.",
    ),
    service=(
        "El tècnic passarà {later} {day_part}. Si no hi podeu ser, aviseu-nos amb un dia "
        "d'antelació.",
        "Hem demanat el recanvi al magatzem i arribarà en uns cinc dies laborables.",
        "Gràcies pel número de sèrie. Hem comprovat que l'aparell és dins de garantia.",
        "Encara esperem la resposta del fabricant; us informarem tan bon punt la tinguem.",
        "Ens podeu enviar una foto de la placa de característiques {of_the}?",
        "Hem revisat l'informe de visita i el tècnic confirma que és un defecte de fabricació.",
    ),
)

RESOLUTIONS: ByType = {
    T.INFORMATION: (
        "Us confirmem que {the} té tres anys de garantia i que cobreix les peces i la mà d'obra.",
        "La comanda {order} ja ha sortit del magatzem i el transportista l'entregarà {later}.",
        "Us hem enviat per correu electrònic la còpia de la factura {invoice}.",
    ),
    T.SUGGESTION: (
        "Us informem que la botiga de {town} obrirà els dissabtes al matí a partir del mes "
        "vinent, en part gràcies a suggeriments com el vostre.",
        "Hem estudiat la proposta i, de moment, no la podem aplicar, però la tindrem en compte en "
        "la propera revisió del servei.",
        "La vostra idea s'ha inclòs a la llista de millores de l'aplicació. Gràcies de nou.",
    ),
    T.COMPLAINT: (
        "Hem parlat amb l'equip implicat i hem pres mesures perquè no torni a passar. Us demanem "
        "disculpes de nou.",
        "Hem programat una nova visita amb un tècnic sènior, sense cap cost, per {later} "
        "{day_part}.",
        "Tanquem la queixa amb les nostres disculpes i un val de descompte per a la propera "
        "compra.",
    ),
    T.CLAIM: (
        "Hem estimat la vostra reclamació: us concedim {remedy}, que rebreu en deu dies.",
        "Després de revisar l'informe tècnic, acceptem la reclamació i tramitem {remedy}.",
        "Lamentem comunicar-vos que no podem estimar la reclamació, perquè el tècnic va constatar "
        "un mal ús de l'aparell. Si no hi esteu d'acord, podeu adreçar-vos a l'Agència Catalana "
        "del Consum.",
    ),
    T.AUTHORITY_REPORT: (
        "Hem respost el requeriment de l'administració i us n'hem enviat una còpia.",
        "Hem arribat a un acord amb vós i ho comunicarem a l'Oficina d'Informació al Consumidor.",
        "El departament de Qualitat ha tancat l'expedient. Us adjuntem la resposta que hem enviat "
        "a Consum.",
    ),
    T.TECHNICAL: (
        "El tècnic ha canviat la peça avariada i {the} ja funciona correctament. La reparació ha "
        "anat a càrrec de la garantia.",
        "Hem substituït {the} per una unitat nova, ja que la reparació no era viable.",
        "La reparació al taller ha acabat: podeu recollir l'aparell a la botiga de {town} amb el "
        "resguard de dipòsit.",
    ),
    T.COMPLIMENT: (
        "Hem fet arribar el vostre agraïment al tècnic i al seu equip. Gràcies de nou!",
        "Ja hem compartit el vostre missatge amb l'equip de la botiga de {town}.",
        "Moltes gràcies una altra vegada. Tanquem el cas amb molta satisfacció.",
    ),
}

STAFF_CONTEXT = (
    "El nostre horari d'atenció és de dilluns a divendres, de 8 a 20 h.",
    "Recordeu tenir a mà la factura de compra.",
    "Lamentem les molèsties que això us pugui causar.",
    "Farem tot el possible perquè quedi resolt aviat.",
    "La garantia legal dels productes és de tres anys des de la data de compra.",
    "El termini legal per respondre és d'un mes, però intentarem fer-ho abans.",
    "Hem anotat les vostres dades de contacte al cas.",
    "Si la visita no us va bé, la podem canviar sense cap problema.",
)

STAFF_CLOSINGS = (
    "Podeu consultar l'estat del cas en qualsevol moment amb la referència {reference}.",
    "Si teniu qualsevol dubte, podeu respondre aquest mateix correu.",
    "Us mantindrem informat de qualsevol novetat.",
    "Si ho preferiu, també us podem trucar.",
    "Quan respongueu, mantingueu la referència a l'assumpte, si us plau.",
    "Gràcies per la paciència.",
)

STAFF_GREETINGS = ("Bon dia,", "Bona tarda,", "Benvolgut/da {name},")
STAFF_SIGN_OFFS = (
    "Atentament,\n{agent}\n{department}",
    "Salutacions cordials,\n{agent}",
    "Cordialment,\n{agent}\n{department}",
)

NOTES = by_group(
    desk=(
        "He trucat al client i no contesta. Ho tornaré a provar {later}.",
        "Enviat el correu de confirmació al client.",
        "Consultat amb Qualitat: ho tractaran a la reunió de dijous.",
        "El client és molt amable, però té pressa.",
        "Revisat l'historial: no hi ha cap altre cas obert d'aquest client.",
        "Passo el cas a Comercial, que és qui porta aquest tema.",
        "Cal respondre per escrit: ho demana expressament.",
    ),
    service=(
        "He trucat al client i no contesta. Ho tornaré a provar {later}.",
        "Demanat el recanvi al magatzem; arriba {later}.",
        "Consultat amb el SAT: sembla defecte de fabricació.",
        "Cal revisar si la factura {invoice} està duplicada al sistema.",
        "Segona visita programada per {later} {day_part}.",
        "Revisat l'historial: és el tercer cas d'aquest client amb {the}.",
        "Pendent de confirmar amb Facturació l'import de {amount}.",
        "Passo el cas al cap de departament perquè supera el meu límit d'atribucions.",
        "El transportista confirma l'entrega el {date}.",
        "No cal visita: el client farà l'autoreparació assistida amb les instruccions.",
    ),
)

PHRASES = Phrasebook(
    subjects=SUBJECTS,
    openings=OPENINGS,
    details=DETAILS,
    context=CONTEXT,
    closings=CLOSINGS,
    follow_ups=FOLLOW_UPS,
    greetings=GREETINGS,
    sign_offs=SIGN_OFFS,
    acknowledgements=ACKNOWLEDGEMENTS,
    progress=PROGRESS,
    resolutions=RESOLUTIONS,
    staff_context=STAFF_CONTEXT,
    staff_closings=STAFF_CLOSINGS,
    staff_greetings=STAFF_GREETINGS,
    staff_sign_offs=STAFF_SIGN_OFFS,
    notes=NOTES,
)
