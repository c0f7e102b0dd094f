"""Given names and surnames for generated customers and staff, in the three communities served."""

GIVEN_NAMES = {
    "ca": [
        "Jordi", "Montserrat", "Pere", "Núria", "Joan", "Mercè", "Marc", "Laia", "Arnau", "Mireia",
        "Oriol", "Roser", "Pau", "Meritxell", "Xavier", "Anna", "Quim", "Gemma", "Albert", "Carme",
    ],
    "es": [
        "Antonio", "María", "José", "Carmen", "Manuel", "Lucía", "Francisco", "Isabel", "Javier",
        "Pilar", "Alejandro", "Elena", "Miguel", "Rocío", "Rafael", "Cristina", "Sergio", "Raquel",
        "Fernando", "Beatriz",
    ],
    "en": [
        "James", "Emma", "Oliver", "Sophie", "Harry", "Charlotte", "George", "Amelia", "Jack",
        "Grace", "Thomas", "Lily", "William", "Emily", "Daniel", "Hannah", "Samuel", "Chloe",
        "Henry", "Ella",
    ],
}

SURNAMES = {
    "ca": [
        "Puig", "Vila", "Soler", "Ferrer", "Pujol", "Casals", "Roca", "Serra", "Font", "Vidal",
        "Riera", "Mas", "Sala", "Bosch", "Camps", "Prat", "Coll", "Balcells", "Grau", "Oliveras",
    ],
    "es": [
        "García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz",
        "Hernández", "Díaz", "Moreno", "Álvarez", "Romero", "Navarro", "Torres", "Domínguez",
        "Gil", "Vázquez", "Ramos",
    ],
    "en": [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans",
        "Thomas", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes",
        "Edwards", "Green", "Hall",
    ],
}

ORGANISATION_WORDS = {
    "ca": ["Comerç", "Serveis", "Indústries", "Distribucions", "Tallers", "Instal·lacions"],
    "es": ["Comercial", "Servicios", "Industrias", "Distribuciones", "Talleres", "Instalaciones"],
    "en": ["Trading", "Services", "Industries", "Supplies", "Workshops", "Installations"],
}
ORGANISATION_SUFFIX = {"ca": "SL", "es": "SA", "en": "Ltd"}
