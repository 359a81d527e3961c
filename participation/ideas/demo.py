"""About forty demo ideas across districts and action areas, with supports and comment threads."""

import random

from sqlmodel import Session, select

from participation.accounts.demo import DEMO_PASSWORD
from participation.accounts.models import Role, User
from participation.accounts.services import create_user
from participation.comments.models import Stance
from participation.ideas.models import IdeaStatus
from participation.ideas.services import IdeaDraft, add_comment, change_status, propose_idea, support_idea
from participation.municipality.models import ActionArea, District

IDEAS = [
    ("Neuer Spielplatz am Seeufer", "Am Seeufer in Seedorf fehlt ein Spielplatz. Eltern mit kleinen Kindern müssen bis in die Altstadt fahren."),
    ("Sitzbänke entlang des Mühlenbachs", "Auf dem Wanderweg am Mühlenbach gibt es keine einzige Bank. Für ältere Menschen ist der Weg so kaum nutzbar."),
    ("Bürgersprechstunde auch am Abend", "Die Sprechstunde der Verwaltung liegt immer vormittags. Berufstätige könnten einen Abendtermin im Monat gut brauchen."),
    ("Digitale Mängelmeldung für Straßenschäden", "Schlaglöcher und defekte Laternen sollte man mit Foto und Ort online melden können, statt anzurufen."),
    ("Dorfladen in Birkenhain erhalten", "Der Dorfladen ist der letzte Treffpunkt im Ort. Eine Genossenschaft der Bürger*innen könnte ihn weiterführen."),
    ("Radweg zwischen Neustadt und Altstadt", "Der Weg zur Schule führt über die Landstraße. Ein getrennter Radweg würde die Kinder schützen."),
    ("Protokolle des Projektbeirats online", "Die Protokolle der Beiratssitzungen sollten für alle zentral und zeitnah im Portal stehen."),
    ("Mitfahrbank für Wiesenthal", "Eine Mitfahrbank an der Bushaltestelle hilft allen ohne Auto, in die Stadt zu kommen."),
    ("Regelmäßiger Austausch mit dem Trägerverbund", "Die Vereine im Trägerverbund sollten sich vierteljährlich mit der Verwaltung abstimmen."),
    ("Streuobstwiese gemeinsam pflegen", "Die alte Streuobstwiese am Storchenhof verwildert. Mit dem Naturschutzverband könnten Ehrenamtliche sie pflegen."),
    ("Gemeinsamer Veranstaltungskalender", "Vereine, Kirche und Verwaltung planen oft am selben Tag. Ein gemeinsamer Kalender würde das vermeiden."),
    ("Trinkwasserbrunnen auf dem Marktplatz", "Im Sommer fehlt auf dem Marktplatz ein Trinkbrunnen, besonders an Markttagen."),
    ("Schülerparlament einrichten", "Jugendliche sollen bei Entscheidungen über Schulwege, Treffpunkte und Sportplätze mitreden können."),
    ("Sanierung der Turnhalle in der Neustadt", "Die Halle ist undicht und kalt. Vereine und Schule brauchen eine verlässliche Sanierungsplanung."),
    ("Mehr Mülleimer am Badestrand", "An der Badestelle in Seedorf liegt an Sommerwochenenden viel Müll herum."),
    ("Leerstand in der Altstadt beleben", "Leere Läden könnten als Pop-up-Räume für Kunst, Reparaturcafé und Beratung genutzt werden."),
    ("Feuerwehrhaus als Dorfgemeinschaftsraum", "Der Schulungsraum der Feuerwehr in Birkenhain könnte abends für Vereine offen stehen."),
    ("Barrierefreie Bushaltestellen", "Mit Rollator oder Kinderwagen kommt man an den meisten Haltestellen kaum in den Bus."),
    ("Blühstreifen an Gemeindewegen", "Statt kurz gemähter Ränder könnten Blühstreifen Insekten helfen und schön aussehen."),
    ("Newsletter der Stadtverwaltung", "Ein monatlicher Newsletter per E-Mail und auf Papier im Rathaus würde über Projekte informieren."),
    ("Zuständigkeiten der Verwaltung veröffentlichen", "Wer in der Verwaltung ist wofür zuständig? Eine Übersicht mit Vertretungen würde vieles erleichtern."),
    ("Hundewiese in der Neustadt", "Eine eingezäunte Hundewiese würde Konflikte auf dem Spielplatz und im Park vermeiden."),
    ("Reparaturcafé einmal im Monat", "Ehrenamtliche reparieren gemeinsam mit den Besitzer*innen Geräte, Fahrräder und Kleidung."),
    ("Beleuchtung am Friedhofsweg", "Der Weg zum Friedhof ist im Winter ab 16 Uhr stockdunkel."),
    ("Ortsteilvertretungen stärken", "Jeder Ortsteil sollte eine feste Ansprechperson im Projektbeirat haben."),
    ("Kostenloses WLAN im Dorfgemeinschaftshaus", "Für Kurse, Sprechstunden und Jugendtreffen wird ein Internetzugang gebraucht."),
    ("Tempo 30 vor der Grundschule", "Morgens wird vor der Schule zu schnell gefahren. Tempo 30 und eine Querungshilfe wären sicherer."),
    ("Storchenhof als Lernort für Schulen", "Schulklassen könnten am Storchenhof Natur und Landwirtschaft erleben."),
    ("Gemeinsame Pflanzaktion im Herbst", "Jeder Ortsteil pflanzt einen Baum – organisiert mit den Vereinen und der Verwaltung."),
    ("Bürgerhaushalt für kleine Projekte", "Ein kleiner Teil des Haushalts könnte jedes Jahr für Vorschläge der Bürger*innen reserviert sein."),
    ("Öffentliche Toilette am Marktplatz", "Besucher*innen und Marktbeschicker*innen fragen ständig danach."),
    ("Infotafeln zur Stadtgeschichte", "Kurze Tafeln an historischen Gebäuden würden Gäste und Einheimische informieren."),
    ("Seniorentreff in Mühlenberg", "Ein wöchentlicher Treffpunkt mit Kaffee und Beratung würde gegen Einsamkeit helfen."),
    ("Abstimmungstreffen der Partnerorganisationen", "Naturschutzverband, Sozialträger und Verwaltung sollten ihre Projekte gemeinsam planen."),
    ("Carsharing mit E-Auto", "Ein gemeinsames E-Auto am Rathaus könnte ein Zweitauto ersetzen."),
    ("Umgestaltung des Schulhofs", "Der Schulhof ist fast vollständig versiegelt. Mehr Grün und Schatten wären gut für die Kinder."),
    ("Sprechstunde der Verwaltung in den Ortsteilen", "Einmal im Quartal sollte die Verwaltung in jedem Ortsteil vor Ort sein."),
    ("Jugendraum im alten Bahnhof", "Jugendliche haben keinen Treffpunkt. Der alte Bahnhof steht leer."),
    ("Hochwasserschutz am Elbvorland", "Die Deiche in Wiesenthal sollten regelmäßig mit den Anwohnenden besprochen werden."),
    ("Neue Spielgeräte für den Spielplatz Neustadt", "Die Spielgeräte sind alt und teilweise gesperrt."),
]
COMMENTS = [
    ("Sehr gute Idee, das unterstütze ich.", Stance.FOR),
    ("Wer soll das bezahlen? Ich sehe andere Prioritäten.", Stance.AGAINST),
    ("Gibt es dazu schon Gespräche mit der Verwaltung?", Stance.NEUTRAL),
    ("Ich würde mich gern ehrenamtlich beteiligen.", Stance.FOR),
    ("Das wurde vor Jahren schon einmal versucht – was ist diesmal anders?", Stance.NEUTRAL),
]
REPLIES = ["Danke für den Hinweis!", "Das sehe ich anders.", "Guter Punkt, das sollte geklärt werden."]
RESIDENTS = ["Karla", "Jonas", "Mehmet", "Sofia", "Lena", "Tim", "Ingrid", "Paul", "Aylin", "Heinz", "Marie", "Ole"]


def seed_demo_ideas(session: Session) -> None:
    rng = random.Random(2026)  # the same demo every time
    districts = list(session.exec(select(District)))
    areas = list(session.exec(select(ActionArea)))
    moderator = session.exec(select(User).where(User.email == "moderation@beispielstadt.example")).one()
    residents = [
        create_user(session, email=f"{name.lower()}@beispielstadt.example", display_name=f"{name} aus {district.name}",
                    password=DEMO_PASSWORD, roles={Role.RESIDENT}, district_id=district.id, verified=True)
        for name, district in zip(RESIDENTS, districts * 2)
    ]
    residents.append(session.exec(select(User).where(User.email == "bewohnerin@beispielstadt.example")).one())
    for number, (title, body) in enumerate(IDEAS):
        author = residents[number % len(residents)]
        draft = IdeaDraft(title=title, body=body, district_id=districts[number % len(districts)].id,
                          action_area_ids=[area.id for area in rng.sample(areas, rng.choice([1, 1, 2]))])
        idea = propose_idea(session, author, draft, premoderated=True)
        if number % 13 == 12:
            continue  # a few stay in the moderation queue
        change_status(session, moderator, idea, IdeaStatus.PUBLISHED)
        for supporter in rng.sample(residents, rng.randint(0, len(residents) - 1)):
            support_idea(session, supporter, idea)
        for _ in range(rng.randint(0, 3)):
            text, stance = rng.choice(COMMENTS)
            comment = add_comment(session, rng.choice(residents), idea, text, stance)
            if rng.random() < 0.4:
                add_comment(session, rng.choice(residents), idea, rng.choice(REPLIES), Stance.NEUTRAL, parent=comment)
        if number % 7 == 3:
            change_status(session, moderator, idea, IdeaStatus.IN_REVIEW,
                          reason="Die Verwaltung prüft den Vorschlag mit der zuständigen Stelle.")
        elif number % 11 == 5:
            change_status(session, moderator, idea, IdeaStatus.ANSWERED,
                          reason="Die Verwaltung hat geantwortet.",
                          official_answer="Vielen Dank für den Vorschlag. Die Umsetzung ist für das kommende Jahr "
                                          "im Haushalt vorgesehen.")
    session.flush()
