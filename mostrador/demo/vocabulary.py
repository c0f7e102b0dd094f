"""Customer-service words in Catalan, Spanish and English, most frequent first.

Texts are drawn from these with a Zipf distribution (shared/bench/WORKLOAD.md), so searches hit
both common and rare terms. The words are the department's own, written for this project.
"""

WORDS = {
    "ca": (
        "el client no funciona la rentadora reparació factura garantia tècnic visita avaria "
        "comanda enviament devolució reemborsament producte problema servei termini resposta "
        "cita peça recanvi pantalla motor soroll porta aigua fuga calefacció caldera forn "
        "nevera assecadora rentaplats cobrament duplicat abonament contracte baixa tarifa "
        "pressupost transportista retard magatzem número sèrie manual instal·lació connexió "
        "aplicació contrasenya accés queixa reclamació suggeriment felicitació atenció telèfon "
        "botiga mostrador diagnosi defecte fabricació ús indegut substitució compensació "
        "indemnització urgent setmana dimarts matí tarda encara torna espatllat trencat"
    ).split(),
    "es": (
        "el cliente no funciona la lavadora reparación factura garantía técnico visita avería "
        "pedido envío devolución reembolso producto problema servicio plazo respuesta cita "
        "pieza recambio pantalla motor ruido puerta agua fuga calefacción caldera horno nevera "
        "secadora lavavajillas cobro duplicado abono contrato baja tarifa presupuesto "
        "transportista retraso almacén número serie manual instalación conexión aplicación "
        "contraseña acceso queja reclamación sugerencia felicitación atención teléfono tienda "
        "mostrador diagnóstico defecto fabricación mal uso sustitución compensación "
        "indemnización urgente semana martes mañana tarde todavía vuelve estropeado roto"
    ).split(),
    "en": (
        "the customer not working washing machine repair invoice warranty technician visit fault "
        "order delivery return refund product problem service deadline answer appointment part "
        "spare screen motor noise door water leak heating boiler oven fridge dryer dishwasher "
        "charge duplicate credit contract cancellation tariff estimate carrier delay warehouse "
        "serial number manual installation connection app password access complaint claim "
        "suggestion compliment support phone shop counter diagnosis defect manufacturing misuse "
        "replacement compensation urgent week tuesday morning afternoon still again broken "
        "damaged"
    ).split(),
}
