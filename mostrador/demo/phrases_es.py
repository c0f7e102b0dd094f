"""What customers and staff write in Spanish, in the department's own words (GLOSSARY.md)."""

from mostrador.cases.choices import CaseType as T
from mostrador.demo.phrasebook import ByType, Phrasebook, by_group

SUBJECTS: ByType = {
    T.INFORMATION: (
        "Consulta sobre la garantía {of_the}",
        "Horario de atención de la tienda de {town}",
        "Quisiera saber el estado del pedido {order}",
        "¿Tienen recambios {of_the}?",
        "¿Cómo puedo ampliar la garantía {of_the}?",
        "Información sobre el servicio de instalación",
        "¿Cuándo llegará el pedido {order}?",
        "Solicito una copia de la factura {invoice}",
        "¿Puedo pagar {the} a plazos?",
        "Duda sobre el manual {of_the}",
    ),
    T.SUGGESTION: (
        "Sugerencia sobre el horario de apertura",
        "Propuesta: avisos por SMS antes de la visita",
        "Sería útil poder pedir cita por internet",
        "Sugerencia para mejorar la aplicación",
        "Propuesta para la tienda de {town}",
        "¿Podrían abrir los sábados por la mañana?",
        "Sugerencia: facturas solo en formato electrónico",
        "Idea para mejorar el manual {of_the}",
        "Más plazas de aparcamiento en la tienda de {town}",
    ),
    T.COMPLAINT: (
        "El técnico no vino el {weekday}",
        "Queja por el trato recibido en la tienda de {town}",
        "Nadie contesta en el teléfono de atención al cliente",
        "Tercera visita y {the} sigue igual",
        "Queja por el retraso del pedido {order}",
        "Sigo esperando respuesta sobre {the}",
        "Muy descontento con el servicio posventa",
        "El transportista dejó el paquete roto",
        "Me anularon la cita del {weekday} sin avisar",
    ),
    T.CLAIM: (
        "Reclamación por la factura {invoice}",
        "Reclamo {remedy}",
        "Reclamación: {the} {fault}",
        "Solicito {remedy}",
        "Reclamación formal sobre el pedido {order}",
        "Reclamación por una reparación mal hecha",
        "Hoja de reclamaciones de la tienda de {town}",
        "Reclamación {of_the} en garantía",
    ),
    "claim:refund": (
        "Factura cobrada dos veces",
        "Cobro indebido en la factura {invoice}",
        "Sigo esperando el reembolso de {amount}",
    ),
    "claim:contract_termination": ("Quiero dar de baja el contrato de mantenimiento",),
    T.AUTHORITY_REPORT: (
        "Denuncia ante la Agencia Catalana del Consumo",
        "He presentado una denuncia en la OMIC de {town}",
        "Copia de la hoja oficial de denuncia",
        "Denuncia por publicidad engañosa",
        "Les aviso de que he presentado una denuncia",
        "Denuncia por el caso {of_the}",
        "Denuncia por no respetar la garantía",
        "Traslado de la denuncia a la administración",
    ),
    T.TECHNICAL: (
        "{The} {fault}",
        "Avería {of_the}: {fault}",
        "{The} {fault} desde el {weekday}",
        "Error {code} en {the}",
        "Solicito una visita para revisar {the}",
        "{The} {bought} hace {months} meses ya no va",
        "Incidencia técnica: {the} {fault}",
        "Necesito un recambio para {the}",
        "Reparación {of_the} en garantía",
    ),
    T.COMPLIMENT: (
        "Gracias por la reparación tan rápida",
        "Felicitación para el técnico que vino el {weekday}",
        "Muy buen trato en la tienda de {town}",
        "Quería agradecerles la atención recibida",
        "{The} vuelve a funcionar, muchas gracias",
        "Felicidades por el servicio de atención al cliente",
        "Enhorabuena al equipo de la tienda de {town}",
        "Gracias por resolverlo tan pronto",
        "Un servicio posventa de diez",
    ),
}

OPENINGS: ByType = {
    T.INFORMATION: (
        "Quisiera saber si {the} que compré el {date} sigue en garantía y qué cubre.",
        "Les escribo para saber en qué estado está el pedido {order}, que hice el {date}.",
        "¿Me podrían decir qué horario tiene la tienda de {town}? Quería pasarme el {weekday} "
        "{day_part}.",
        "Necesito una copia de la factura {invoice}: la he perdido y me la piden para la garantía.",
        "Quisiera saber si tienen recambios {of_the} y cuánto tardan en llegar.",
        "Me interesa ampliar la garantía {of_the}. ¿Qué opciones hay y cuánto cuestan?",
        "Antes de comprar {a} quisiera saber si el precio incluye la instalación y la retirada "
        "del aparato viejo.",
    ),
    T.SUGGESTION: (
        "Les hago una sugerencia: estaría bien que la tienda de {town} abriera también los "
        "sábados por la mañana, porque entre semana trabajo y no puedo ir.",
        "Cuando tiene que venir el técnico, estaría bien recibir un SMS el mismo día con la hora "
        "aproximada de la visita.",
        "Echo de menos poder pedir cita por internet: ahora solo se puede por teléfono y siempre "
        "cuesta mucho que alguien conteste.",
        "La aplicación funciona bien, pero propondría que se pudiera consultar el estado de las "
        "reparaciones con el código de seguimiento.",
        "Les propongo enviar las facturas solo por correo electrónico a quien lo pida: ahorrarían "
        "papel y sería más cómodo.",
        "El manual {of_the} solo explica los códigos de error en inglés. Sería muy útil tenerlo "
        "también en castellano.",
    ),
    T.COMPLAINT: (
        "Teníamos cita con el técnico el {weekday} {day_part} y no vino nadie, ni nos avisaron. "
        "Perdí un día de trabajo esperando.",
        "Ya es la tercera vez que el técnico viene a reparar {the} y sigue igual: {fault}.",
        "Llevo dos semanas llamando al teléfono de atención al cliente y nadie contesta. Cuando "
        "por fin me atienden, me dicen que ya me llamarán.",
        "El {date} fui a la tienda de {town} y el trato que recibí en el mostrador fue muy poco "
        "amable.",
        "El pedido {order} tenía que llegar el {date} y todavía lo estoy esperando. Nadie me sabe "
        "decir dónde está.",
        "El transportista dejó el paquete en la puerta sin llamar y {the} llegó con un golpe. "
        "La caja estaba rota y nadie revisó nada.",
    ),
    T.CLAIM: (
        "Presento esta reclamación porque {the} {fault} y la reparación no ha servido de nada. "
        "Solicito {remedy}.",
        "Les reclamo formalmente {remedy}. {The}, {bought} el {date}, {fault} desde el primer día.",
        "Después de {months} visitas del servicio técnico, {the} sigue sin funcionar. Considero "
        "que es un defecto de fabricación y solicito {remedy}.",
        "Les hago llegar esta reclamación por escrito: {the}, {bought} el {date}, {fault}. "
        "Dentro del plazo de garantía, solicito {remedy}.",
        "Tengo el resguardo de depósito de la reparación {of_the} y, después de un mes, todavía "
        "no me han devuelto el aparato. Reclamo {remedy}.",
        "El técnico dice que la avería {of_the} es por mal uso, pero el aparato se ha usado "
        "siempre según el manual. Por eso solicito {remedy}.",
    ),
    "claim:refund": (
        "Me han cobrado dos veces la factura {invoice}, de {amount}. Les pido que me devuelvan "
        "el importe duplicado.",
        "Devolví {the} el {date} y todavía no me han hecho el reembolso de {amount}.",
    ),
    "claim:compensation": (
        "La fuga de agua {of_the} me ha estropeado el parquet de la cocina. Tengo fotos y el "
        "presupuesto del carpintero, y solicito {remedy}.",
    ),
    "claim:contract_termination": (
        "Quiero dar de baja el contrato de mantenimiento {of_the}: en un año no han venido ni una "
        "vez a hacer la revisión. Solicito {remedy}.",
    ),
    T.AUTHORITY_REPORT: (
        "Les comunico que he presentado una denuncia en la Oficina Municipal de Información al "
        "Consumidor de {town} porque no respetan la garantía {of_the}.",
        "Adjunto la copia de la hoja oficial de denuncia que rellené el {date} en la tienda de "
        "{town}.",
        "Como no he recibido respuesta a mi reclamación, he llevado el caso a la Agencia "
        "Catalana del Consumo.",
        "El anuncio decía que la instalación {of_the} era gratuita y luego me la cobraron. Lo he "
        "denunciado a Consumo por publicidad engañosa.",
        "He presentado una denuncia en Consumo porque el pedido {order} se cobró y nunca se "
        "entregó.",
        "Les informo de que he puesto una denuncia: el técnico dijo que la avería era por mal "
        "uso sin ni siquiera abrir {the}.",
    ),
    T.TECHNICAL: (
        "{The}, {bought} el {date}, {fault}.",
        "Desde el {weekday}, {the} {fault}. He desenchufado el aparato y lo he vuelto a enchufar, "
        "pero sigue igual.",
        "Solicito una visita del Servicio de Asistencia Técnica: {the} {fault} y no se puede usar.",
        "{The} {fault}. He mirado el manual, pero no dice qué hay que hacer.",
        "Tengo {a} en garantía que {fault}. ¿Cuándo podría venir un técnico?",
        "Hace {months} semanas que {the} {fault}. Les agradecería una reparación urgente, porque "
        "en casa somos cinco.",
        "Les escribo porque {the} {fault}. El número de serie es {serial} y se compró en la "
        "tienda de {town}.",
    ),
    T.COMPLIMENT: (
        "Quería dar las gracias al técnico que vino el {weekday}: fue muy puntual, lo explicó todo "
        "y dejó {the} funcionando en media hora.",
        "Muchas gracias por la reparación tan rápida {of_the}. En dos días ya volvía a funcionar.",
        "Quiero felicitar a la persona que me atendió en el mostrador de la tienda de {town} el "
        "{date}: muy amable y resolutiva.",
        "Solo quería decir que el servicio de atención al cliente ha sido excelente. Me "
        "resolvieron el problema {of_the} a la primera.",
        "Gracias por cambiarme {the} sin poner ninguna pega. Así da gusto.",
        "Enhorabuena al equipo: el pedido {order} llegó antes de lo previsto y el transportista "
        "fue muy atento.",
    ),
}

DETAILS: ByType = {
    T.INFORMATION: (
        "No sé si esto lo lleva la tienda o el servicio posventa.",
        "En la web no he encontrado esta información.",
        "Si hace falta, les puedo enviar el número de pedido.",
        "Me iría bien saberlo antes del {later}.",
        "También quisiera saber si la garantía cubre el desplazamiento del técnico.",
        "Y, de paso, ¿cómo me puedo dar de baja de los correos de promociones?",
    ),
    T.SUGGESTION: (
        "Lo digo con ánimo de mejorar, porque en general estoy contento con el servicio.",
        "Creo que a muchos clientes les pasa lo mismo.",
        "Otras tiendas ya lo hacen y funciona muy bien.",
        "Si quieren, les puedo explicar mejor la idea por teléfono.",
    ),
    T.COMPLAINT: (
        "No es la primera vez que me pasa.",
        "Entiendo que pueda haber problemas, pero por lo menos habría que avisar.",
        "Espero una explicación y una solución pronto.",
        "Quiero que conste como queja formal.",
        "He tenido que pedir el día libre en el trabajo para nada.",
    ),
    T.CLAIM: (
        "Adjunto la factura y las fotos.",
        "Si no recibo respuesta dentro del plazo legal, iré a Consumo.",
        "Tengo todos los justificantes de pago.",
        "El producto todavía está dentro del periodo de garantía.",
        "No acepto que se diga que es un mal uso.",
    ),
    T.AUTHORITY_REPORT: (
        "Les envío esta copia para que quede constancia.",
        "Me dijeron que recibirían la notificación en unos quince días.",
        "Antes de llegar a esto les reclamé dos veces sin respuesta.",
        "Espero que esta vez se resuelva.",
    ),
    T.TECHNICAL: (
        "El aparato tiene el número de serie {serial}.",
        "Ya he probado a apagar el aparato y volver a encenderlo.",
        "Me va bien que venga el técnico el {later} {day_part}.",
        "Está dentro del periodo de garantía.",
        "Tengo el comprobante de compra de la tienda de {town}.",
        "Es urgente, porque en casa se usa todos los días.",
        "El aparato tiene conexión wifi, por si lo pueden revisar a distancia.",
    ),
    T.COMPLIMENT: (
        "Hacía años que no recibía un servicio así.",
        "Se lo digo porque muchas veces solo escribimos para quejarnos.",
        "Por favor, háganle llegar mi agradecimiento.",
        "Seguro que volveré a comprar en su tienda.",
    ),
}

CONTEXT = (
    "Soy cliente suyo desde hace años.",
    "Vivo en {town}.",
    "El número de pedido es {order}.",
    "La factura es la {invoice}.",
    "Siento tener que escribir por esto.",
    "La compra la hice el {date}.",
    "Ya llamé el {weekday}, pero me dijeron que les escribiera.",
    "El {later} estamos en casa todo el día.",
    "He visto que el plazo de respuesta es de un mes.",
    "Si hace falta, puedo llevar el aparato a la tienda de {town}.",
    "Tengo la factura y la garantía a mano, por si las necesitan.",
)

CLOSINGS = (
    "Pueden llamarme a partir de las {hour}.",
    "Si necesitan algo más, díganmelo.",
    "Me gustaría que me contestaran por correo electrónico.",
    "Quedo a la espera de su respuesta.",
    "Agradecería una respuesta lo antes posible.",
)

FOLLOW_UPS = (
    "Les envío el número de serie que me pedían: {serial}.",
    "Todavía no he recibido ninguna respuesta y ya hace días que escribí.",
    "De acuerdo, el {later} {day_part} me va bien.",
    "Gracias por la respuesta. Les adjunto la factura {invoice}.",
    "El técnico ya ha venido, pero {the} sigue igual.",
    "Perdonen, no había visto su mensaje hasta ahora.",
    "Les confirmo que he recibido el correo.",
    "¿Cuándo sabrán algo?",
    "¿Hay alguna novedad sobre el caso {reference}?",
    "Les contesto lo que me pedían.",
)

GREETINGS = ("Buenos días:", "Hola:", "Buenas tardes:", "Estimados señores:")
SIGN_OFFS = (
    "Gracias.\n{name}",
    "Saludos,\n{name}",
    "Atentamente,\n{name}",
    "Muchas gracias,\n{name}",
)

ACKNOWLEDGEMENTS: ByType = {
    T.INFORMATION: (
        "Gracias por su consulta, que hemos registrado con la referencia {reference}.",
        "Hemos recibido su consulta y la hemos pasado al departamento que le puede responder.",
        "Para poder informarle, ¿nos puede indicar el número de pedido o de factura?",
    ),
    T.SUGGESTION: (
        "Muchas gracias por su sugerencia, que hemos registrado con la referencia {reference}.",
        "Hemos hecho llegar su propuesta al responsable de la tienda de {town}.",
        "Le agradecemos que se haya tomado la molestia de escribirnos: la sugerencia se estudiará "
        "en la reunión mensual de calidad.",
    ),
    T.COMPLAINT: (
        "Lamentamos mucho lo que nos explica. Hemos abierto la queja con la referencia "
        "{reference} y la revisará el jefe de departamento.",
        "Le pedimos disculpas por las molestias. Estamos revisando qué pasó con la cita del "
        "{weekday}.",
        "Tenemos registrada su queja y le responderemos dentro del plazo.",
    ),
    T.CLAIM: (
        "Hemos recibido su reclamación, con la referencia {reference}. Le responderemos por "
        "escrito dentro del plazo legal.",
        "Para tramitar la reclamación, ¿nos puede enviar una copia de la factura y, si las tiene, "
        "fotos {of_the}?",
        "Hemos registrado la reclamación y la hemos pasado al departamento de Facturación, que "
        "revisará el importe.",
    ),
    T.AUTHORITY_REPORT: (
        "Hemos recibido la copia de la denuncia y la hemos registrado con la referencia "
        "{reference}.",
        "Tomamos nota de la denuncia. El departamento de Calidad responderá a la administración "
        "dentro del plazo que fije.",
        "Lamentamos haber llegado a este punto. Revisaremos de nuevo su caso y le responderemos "
        "por escrito.",
    ),
    T.TECHNICAL: (
        "Hemos registrado la incidencia técnica con la referencia {reference}. ¿Nos puede indicar "
        "el número de serie {of_the}? Lo encontrará en la etiqueta de detrás o dentro de la "
        "puerta.",
        "Lamentamos la avería. Le podemos proponer una visita del técnico el {later} {day_part}: "
        "¿le va bien?",
        "Antes de enviar un técnico, pruebe a desenchufar el aparato diez minutos y volver a "
        "encenderlo. Si el error continúa, díganoslo y programaremos la visita.",
    ),
    T.COMPLIMENT: (
        "¡Muchas gracias por sus palabras! Se las haremos llegar al equipo.",
        "Nos alegra mucho saber que ha quedado satisfecho. Se lo comunicaremos al técnico y a su "
        "jefe.",
        "Gracias por escribirnos: estos mensajes nos animan mucho.",
    ),
}

PROGRESS = by_group(
    desk=(
        "Seguimos revisando su caso y le escribiremos pronto.",
        "Hemos consultado al departamento correspondiente y nos confirman que quedará resuelto "
        "esta semana.",
        "¿Nos podría confirmar sus datos de contacto?",
        "Hemos pedido la información al almacén y se la haremos llegar cuando la tengamos.",
        "Le adjuntamos el documento que nos pedía.",
    ),
    service=(
        "El técnico pasará el {later} {day_part}. Si no puede estar, avísenos con un día de "
        "antelación.",
        "Hemos pedido el recambio al almacén y llegará en unos cinco días laborables.",
        "Gracias por el número de serie. Hemos comprobado que el aparato está en garantía.",
        "Todavía esperamos la respuesta del fabricante; le informaremos en cuanto la tengamos.",
        "¿Nos puede enviar una foto de la placa de características {of_the}?",
        "Hemos revisado el informe de visita y el técnico confirma que es un defecto de "
        "fabricación.",
    ),
)

RESOLUTIONS: ByType = {
    T.INFORMATION: (
        "Le confirmamos que {the} tiene tres años de garantía y que cubre las piezas y la mano "
        "de obra.",
        "El pedido {order} ya ha salido del almacén y el transportista lo entregará el {later}.",
        "Le hemos enviado por correo electrónico la copia de la factura {invoice}.",
    ),
    T.SUGGESTION: (
        "Le informamos de que la tienda de {town} abrirá los sábados por la mañana a partir del "
        "mes que viene, en parte gracias a sugerencias como la suya.",
        "Hemos estudiado la propuesta y, de momento, no la podemos aplicar, pero la tendremos en "
        "cuenta en la próxima revisión del servicio.",
        "Su idea se ha incluido en la lista de mejoras de la aplicación. Gracias de nuevo.",
    ),
    T.COMPLAINT: (
        "Hemos hablado con el equipo implicado y hemos tomado medidas para que no vuelva a pasar. "
        "Le pedimos disculpas de nuevo.",
        "Hemos programado una nueva visita con un técnico sénior, sin ningún coste, para el "
        "{later} {day_part}.",
        "Cerramos la queja con nuestras disculpas y un vale de descuento para la próxima compra.",
    ),
    T.CLAIM: (
        "Hemos estimado su reclamación: le concedemos {remedy}, que recibirá en diez días.",
        "Después de revisar el informe técnico, aceptamos la reclamación y tramitamos {remedy}.",
        "Lamentamos comunicarle que no podemos estimar la reclamación, porque el técnico constató "
        "un mal uso del aparato. Si no está de acuerdo, puede dirigirse a la Agencia Catalana del "
        "Consumo.",
    ),
    T.AUTHORITY_REPORT: (
        "Hemos respondido al requerimiento de la administración y le hemos enviado una copia.",
        "Hemos llegado a un acuerdo con usted y lo comunicaremos a la Oficina de Información al "
        "Consumidor.",
        "El departamento de Calidad ha cerrado el expediente. Le adjuntamos la respuesta que "
        "hemos enviado a Consumo.",
    ),
    T.TECHNICAL: (
        "El técnico ha cambiado la pieza averiada y {the} ya funciona correctamente. La "
        "reparación ha ido a cargo de la garantía.",
        "Hemos sustituido {the} por una unidad nueva, ya que la reparación no era viable.",
        "La reparación en taller ha terminado: puede recoger el aparato en la tienda de {town} "
        "con el resguardo de depósito.",
    ),
    T.COMPLIMENT: (
        "Hemos hecho llegar su agradecimiento al técnico y a su equipo. ¡Gracias de nuevo!",
        "Ya hemos compartido su mensaje con el equipo de la tienda de {town}.",
        "Muchas gracias otra vez. Cerramos el caso con mucha satisfacción.",
    ),
}

STAFF_CONTEXT = (
    "Nuestro horario de atención es de lunes a viernes, de 8 a 20 h.",
    "Recuerde tener a mano la factura de compra.",
    "Lamentamos las molestias que esto le pueda causar.",
    "Haremos todo lo posible para que quede resuelto pronto.",
    "La garantía legal de los productos es de tres años desde la fecha de compra.",
    "El plazo legal para responder es de un mes, pero intentaremos hacerlo antes.",
    "Hemos anotado sus datos de contacto en el caso.",
    "Si la visita no le va bien, la podemos cambiar sin ningún problema.",
)

STAFF_CLOSINGS = (
    "Puede consultar el estado del caso en cualquier momento con la referencia {reference}.",
    "Si tiene cualquier duda, puede responder a este mismo correo.",
    "Le mantendremos informado de cualquier novedad.",
    "Si lo prefiere, también le podemos llamar.",
    "Cuando responda, mantenga la referencia en el asunto, por favor.",
    "Gracias por su paciencia.",
)

STAFF_GREETINGS = ("Buenos días:", "Buenas tardes:", "Estimado/a {name}:")
STAFF_SIGN_OFFS = (
    "Atentamente,\n{agent}\n{department}",
    "Un cordial saludo,\n{agent}",
    "Saludos cordiales,\n{agent}\n{department}",
)

NOTES = by_group(
    desk=(
        "He llamado al cliente y no contesta. Lo volveré a intentar el {later}.",
        "Enviado el correo de confirmación al cliente.",
        "Consultado con Calidad: lo tratarán en la reunión del jueves.",
        "El cliente es muy amable, pero tiene prisa.",
        "Revisado el historial: no hay ningún otro caso abierto de este cliente.",
        "Paso el caso a Comercial, que es quien lleva este tema.",
        "Hay que responder por escrito: lo pide expresamente.",
    ),
    service=(
        "He llamado al cliente y no contesta. Lo volveré a intentar el {later}.",
        "Pedido el recambio al almacén; llega el {later}.",
        "Consultado con el SAT: parece defecto de fabricación.",
        "Hay que revisar si la factura {invoice} está duplicada en el sistema.",
        "Segunda visita programada para el {later} {day_part}.",
        "Revisado el historial: es el tercer caso de este cliente con {the}.",
        "Pendiente de confirmar con Facturación el importe de {amount}.",
        "Paso el caso al jefe de departamento porque supera mi límite de atribuciones.",
        "El transportista confirma la entrega el {date}.",
        "No hace falta visita: el cliente hará la autorreparación asistida con las instrucciones.",
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
