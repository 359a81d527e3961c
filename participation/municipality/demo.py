"""The fictional municipality Beispielstadt: districts, and the strategies and action areas of the seed texts."""

from sqlmodel import Session

from participation.municipality.models import ActionArea, District, OrgUnit, Strategy

DISTRICTS = [
    ("Altstadt", "Historischer Stadtkern mit Marktplatz, Rathaus und Kirche."),
    ("Neustadt", "Wohngebiet der 1970er Jahre mit Schule und Sportplatz."),
    ("Mühlenberg", "Ländlich geprägter Ortsteil am Mühlenbach."),
    ("Seedorf", "Dorf am See mit Badestelle und Dorfgemeinschaftshaus."),
    ("Birkenhain", "Kleiner Ortsteil mit Freiwilliger Feuerwehr und Dorfladen."),
    ("Wiesenthal", "Ortsteil im Elbvorland mit Storchenhof."),
]
# Inhabitants per district, for the statistics' figures per 1,000 inhabitants (a small town of about 16,000).
POPULATIONS = {"Altstadt": 4850, "Neustadt": 5620, "Mühlenberg": 1340, "Seedorf": 2180, "Birkenhain": 860,
               "Wiesenthal": 1120}

# (strategy, description, cross-cutting?, [(action area, goal, requirements for action)])
STRATEGIES = [
    (
        "Gemeinsam für Beispielstadt",
        "Die Herausforderungen sind vor dem Hintergrund des demografischen Wandels beträchtlich. Freiwillige "
        "werden für die gemeinsame Stadtentwicklung aktiviert; in institutionalisierten Formaten der gemeinsamen "
        "Willensbildung verbessert sich das Mitspracherecht der Bürger*innen.",
        False,
        [
            ("Kooperation Stadt-Bürgerschaft stärken",
             "Freiwillige für die gemeinsame Stadtentwicklung aktivieren und das Mitspracherecht der Bürger*innen "
             "bei Entscheidungen verbessern.",
             "- Institutionalisierte Formate der gemeinsamen Willensbildung schaffen\n"
             "- Digitale Bürgerdienste als neue Kommunikationskanäle einrichten\n"
             "- Ortsteilübergreifende Zusammenarbeit sichern"),
            ("Transparente Informationskultur fördern",
             "Alle Beteiligten und Interessierten umfassend und zeitnah informieren.",
             "- Digitale und analoge Formate nutzen\n"
             "- Nötige Unterlagen geordnet und zentral zur Verfügung stellen"),
            ("Zusammenarbeit Verwaltung-Politik organisieren",
             "Partnerschaften fördern durch regelmäßigen Austausch über Handlungserfordernisse und -spielräume.",
             "- Involvierte Sachbearbeiter*innen einbeziehen\n"
             "- Arbeits- und Zeitpläne mit Zuständigkeiten vereinbaren\n"
             "- Umsetzung quartalsmäßig besprechen"),
            ("Zusammenarbeit mit Dritten ausbauen",
             "Zivilgesellschaftliche Partner und den Trägerverbund stärker in die Steuerung der Stadtentwicklung "
             "einbinden.",
             "- Aktive Teilnahme aller Mitglieder an Abstimmungstreffen\n"
             "- Projektspezifische Koordinationsplattformen einrichten"),
        ],
    ),
    (
        "Organisation & Verbindlichkeit",
        "Die Zukunft der Stadt hängt nicht vom Konzept, sondern von dessen Umsetzung ab. Die Realisierung der "
        "Maßnahmen muss direkt nach Fertigstellung des Maßnahmenkonzepts und dauerhaft erfolgen.",
        True,
        [
            ("Organisation",
             "Strukturen und Abläufe etablieren, die die konsequente, dauerhafte und ernsthafte Weiterführung des "
             "Projekts und die Umsetzung der Maßnahmen sicherstellen.",
             "- Projektbeirat, der sich in der Regel viermal im Jahr trifft\n"
             "- Themenbeiräte je nach Bedarf für einzelne Aktionsbereiche"),
            ("Verbindlichkeit",
             "Das Projekt und die Maßnahmen dienen mit hoher Priorität und als roter Faden allen Beteiligten als "
             "verbindliche Grundlage.",
             "- In jeder Verwaltungsvorlage ein Pflichtfeld zum Beitrag zum Stadtentwicklungsprojekt\n"
             "- Projektmanual als Überblick für alle Mitarbeiter*innen der Verwaltung"),
        ],
    ),
]

UNITS = [
    "Stabsstelle Stadtentwicklung",
    "Fachbereich Bauen und Umwelt",
    "Fachbereich Bürgerdienste und Soziales",
    "Fachbereich Bildung, Kultur und Sport",
    "Fachbereich Finanzen",
]


def seed_municipality(session: Session) -> None:
    for position, name in enumerate(UNITS):
        session.add(OrgUnit(name=name, position=position))
    for position, (name, description) in enumerate(DISTRICTS):
        session.add(District(name=name, description=description, position=position, population=POPULATIONS[name]))
    for position, (title, description, cross_cutting, areas) in enumerate(STRATEGIES):
        strategy = Strategy(title=title, description=description, is_cross_cutting=cross_cutting, position=position)
        session.add(strategy)
        session.flush()
        for area_position, (area_title, goal, requirements) in enumerate(areas):
            session.add(ActionArea(strategy_id=strategy.id, title=area_title, goal=goal,
                                   requirements=requirements, position=area_position))
    session.flush()
