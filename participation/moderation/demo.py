"""The demo's moderation queue: about ten things for the demo moderator and the administration to do.

- five ideas waiting for review: two ask for the same weekend bus to Wiesenthal, one repeats the published idea
  of more litter bins at the bathing place, one is an advertisement, one is an ordinary new idea;
- two flagged comments (one insulting, reported twice; one naming a private person with their street);
- one published idea that the moderator gave to the demo staff member (Vera Verwaltung);
- two published ideas that have waited more than three weeks for an answer.

Everything goes through the idea, comment and moderation services, so timelines, notifications and the audit
log are real. Afterwards the dates are moved into the past on the rows themselves — for the demo only, so that
the queue shows ideas of different ages. Called by participation.demo after all other demo content, so the
other areas' demo data never picks up these ideas.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from participation.accounts.demo import DEMO_PASSWORD
from participation.accounts.models import Role, User
from participation.accounts.services import create_user, find_user_by_email
from participation.comments.models import Comment, Stance
from participation.comments.services import flag_comment
from participation.db import utcnow
from participation.ideas.models import Idea, IdeaStatus, IdeaStatusChange
from participation.ideas.services import IdeaDraft, add_comment, propose_idea, support_idea
from participation.moderation import services
from participation.moderation.rules import Action
from participation.municipality.models import ActionArea, District

MODERATOR_EMAIL = "moderation@beispielstadt.example"
STAFF_EMAIL = "verwaltung@beispielstadt.example"
ADVERTISER_EMAIL = "info@dachservice-krueger.example"

# Areas, by title (participation.municipality.demo).
COOPERATION = "Kooperation Stadt-Bürgerschaft stärken"
INFORMATION = "Transparente Informationskultur fördern"
ADMINISTRATION = "Zusammenarbeit Verwaltung-Politik organisieren"
THIRD_PARTIES = "Zusammenarbeit mit Dritten ausbauen"


@dataclass(frozen=True)
class DemoIdea:
    title: str
    body: str
    author: str  # e-mail of a demo account
    district: str
    areas: tuple[str, ...]
    days_ago: int  # when it was sent in


# The published demo idea (participation.ideas.demo) that LITTER_BINS repeats.
LITTER_BINS_ORIGINAL = "Mehr Mülleimer am Badestrand"

LITTER_BINS = DemoIdea(
    "Müllbehälter an der Badestelle Seedorf",
    "An warmen Wochenenden quellen die zwei Mülleimer an der Badestelle in Seedorf schon mittags über. Der Wind "
    "verteilt Verpackungen und Flaschen über die Liegewiese und bis ins Wasser.\n\n"
    "Vorschlag: zwei bis drei zusätzliche, verschließbare Behälter aufstellen und sie im Sommer auch am Sonntag "
    "leeren.",
    "sofia@beispielstadt.example", "Seedorf", (COOPERATION,), 5)
WEEKEND_BUS = DemoIdea(
    "Samstagsbus nach Wiesenthal",
    "Samstags fährt der letzte Bus aus der Altstadt nach Wiesenthal schon um 13:10 Uhr, sonntags gar keiner. Wer "
    "kein Auto hat, kommt am Wochenende weder zum Einkaufen noch zu Veranstaltungen in die Stadt.\n\n"
    "Ich schlage vor, mit dem Verkehrsverbund zu klären, ob samstags bis zum frühen Abend wenigstens alle zwei "
    "Stunden ein Bus fahren kann.",
    "tim@beispielstadt.example", "Wiesenthal", (THIRD_PARTIES,), 4)
WEEKEND_BUS_AGAIN = DemoIdea(
    "Wochenendbus für Wiesenthal",
    "Am Wochenende ist Wiesenthal praktisch abgehängt: Samstagnachmittag und sonntags fährt kein Bus. Besonders "
    "ältere Menschen und Jugendliche sind darauf angewiesen.\n\n"
    "Ein Rufbus oder ein Anrufsammeltaxi am Wochenende wäre schon eine große Hilfe.",
    "ole@beispielstadt.example", "Wiesenthal", (THIRD_PARTIES, COOPERATION), 3)
ADVERTISEMENT = DemoIdea(
    "Dachrinnenreinigung zum Sonderpreis!",
    "Ist Ihre Dachrinne verstopft? **Dachservice Krüger** reinigt Dachrinnen und Fallrohre schon ab 49 € – "
    "nur diesen Monat mit 20 % Rabatt für alle Leserinnen und Leser dieses Portals!\n\n"
    "Jetzt anrufen und Termin sichern: 0800 000 0000",
    ADVERTISER_EMAIL, "Altstadt", (COOPERATION,), 2)
MOBILE_LIBRARY = DemoIdea(
    "Bücherbus für Mühlenberg und Birkenhain",
    "Seit die Zweigstelle der Stadtbücherei geschlossen ist, müssen Kinder und ältere Menschen aus Mühlenberg und "
    "Birkenhain für jedes Buch in die Altstadt fahren.\n\n"
    "Ein Bücherbus, der alle zwei Wochen an der Grundschule Mühlenberg und am Dorfladen Birkenhain hält, könnte "
    "das ändern. Vielleicht lässt sich das gemeinsam mit dem Nachbarkreis organisieren.",
    "mehmet@beispielstadt.example", "Mühlenberg", (INFORMATION, THIRD_PARTIES), 1)
WAITING = (LITTER_BINS, WEEKEND_BUS, WEEKEND_BUS_AGAIN, ADVERTISEMENT, MOBILE_LIBRARY)

# Published; the moderator asked the administration's demo account to look after it.
BICYCLE_PARKING = DemoIdea(
    "Überdachte Fahrradstellplätze am Bahnhof Neustadt",
    "Am Bahnhof Neustadt stehen die Fahrräder im Regen, an Laternen und Geländern angeschlossen. Viele Pendlerinnen "
    "und Pendler würden öfter mit dem Rad zum Zug fahren, wenn es überdachte und sichere Stellplätze gäbe.",
    "paul@beispielstadt.example", "Neustadt", (ADMINISTRATION,), 12)
# Published more than three weeks ago, still without an answer.
MILL_POND_PATH = DemoIdea(
    "Fußweg am Mühlenteich ausbessern",
    "Der Fußweg rund um den Mühlenteich hat tiefe Löcher und ist nach jedem Regen eine einzige Pfütze. Mit "
    "Rollator oder Kinderwagen kommt man kaum noch durch.\n\n"
    "Eine wassergebundene Decke wie am Mühlenbach würde reichen.",
    "aylin@beispielstadt.example", "Mühlenberg", (COOPERATION,), 38)
BARBECUE_AREA = DemoIdea(
    "Öffentliche Grillstelle in Birkenhain",
    "Im Sommer wird im Wäldchen hinter dem Sportplatz wild gegrillt – mit Brandgefahr und viel Müll. Eine feste "
    "Grillstelle mit Mülleimern auf der Wiese am Feuerwehrhaus wäre sicherer und ein schöner Treffpunkt.\n\n"
    "Die Freiwillige Feuerwehr würde bei der Planung helfen.",
    "marie@beispielstadt.example", "Birkenhain", (COOPERATION, THIRD_PARTIES), 30)

# (idea, author, text, stance, days ago, [(flagger, reason)])
COMMENTS = [
    (MILL_POND_PATH, "ingrid@beispielstadt.example",
     "Da stimme ich zu, ich bin dort im Winter schon ausgerutscht.", Stance.FOR, 33, []),
    (MILL_POND_PATH, "heinz@beispielstadt.example",
     "Typisch Mühlenberg, immer nur jammern. Wer so einen Unsinn schreibt, sollte lieber gar nicht mitreden.",
     Stance.AGAINST, 31, [
         ("aylin@beispielstadt.example", "Beleidigend: greift Menschen persönlich an, statt zur Sache zu reden."),
         ("mehmet@beispielstadt.example", "Persönlicher Angriff auf die Menschen in Mühlenberg."),
     ]),
    (BARBECUE_AREA, "lena@beispielstadt.example",
     "Gute Idee – am besten mit ein paar Bänken und einem Wasseranschluss.", Stance.FOR, 26, []),
    (BARBECUE_AREA, "jonas@beispielstadt.example",
     "Das Problem ist doch Herr K. aus der Birkenstraße 12, der jedes Wochenende im Wald grillt. Einfach mal bei "
     "ihm klingeln!", Stance.NEUTRAL, 25, [
         ("marie@beispielstadt.example", "Nennt eine Privatperson mit Namen und Adresse."),
     ]),
]
SUPPORTERS = {
    BICYCLE_PARKING: ["jonas@beispielstadt.example", "karla@beispielstadt.example"],
    MILL_POND_PATH: ["mehmet@beispielstadt.example", "ingrid@beispielstadt.example", "heinz@beispielstadt.example",
                     "bewohnerin@beispielstadt.example"],
    BARBECUE_AREA: ["lena@beispielstadt.example", "jonas@beispielstadt.example"],
}


def seed_demo_moderation(session: Session, now: datetime | None = None) -> dict[str, Idea]:
    """Fill the moderation queue; returns the new ideas by title. Needs the demo accounts and ideas."""
    now = now or utcnow()
    moderator = _user(session, MODERATOR_EMAIL)
    staff = _user(session, STAFF_EMAIL)
    districts = {district.name: district.id for district in session.exec(select(District))}
    areas = {area.title: area.id for area in session.exec(select(ActionArea))}
    create_user(session, email=ADVERTISER_EMAIL, display_name="Dachservice Krüger", password=DEMO_PASSWORD,
                roles={Role.RESIDENT}, district_id=districts["Altstadt"], verified=True)

    def propose(demo: DemoIdea) -> Idea:
        draft = IdeaDraft(title=demo.title, body=demo.body, district_id=districts[demo.district],
                          action_area_ids=[areas[title] for title in demo.areas])
        return propose_idea(session, _user(session, demo.author), draft, premoderated=True)

    ideas: dict[str, Idea] = {}
    for demo in WAITING:
        idea = ideas[demo.title] = propose(demo)
        _move_into_past(session, idea, now, demo.days_ago)

    for demo, published_after in ((BICYCLE_PARKING, 1), (MILL_POND_PATH, 2), (BARBECUE_AREA, 3)):
        idea = ideas[demo.title] = propose(demo)
        services.decide(session, moderator, idea, idea.version, Action.PUBLISH)
        for email in SUPPORTERS[demo]:
            support_idea(session, _user(session, email), idea)
        if demo == BICYCLE_PARKING:
            services.assign(session, moderator, idea, idea.version, staff)
        _move_into_past(session, idea, now, demo.days_ago, published_after)

    for demo, author, text, stance, days_ago, flags in COMMENTS:
        comment = add_comment(session, _user(session, author), ideas[demo.title], text, stance)
        comment.created_at = now - timedelta(days=days_ago)
        session.add(comment)
        for flagger, reason in flags:
            flag_comment(session, _user(session, flagger), comment, reason)
    session.flush()
    for demo in (MILL_POND_PATH, BARBECUE_AREA):  # commenting counted as activity today
        _last_activity_from_comments(session, ideas[demo.title])
    session.flush()
    return ideas


def _user(session: Session, email: str) -> User:
    user = find_user_by_email(session, email)
    if user is None:
        raise LookupError(f"the demo account {email} is missing: seed the demo accounts and ideas first")
    return user


def _move_into_past(session: Session, idea: Idea, now: datetime, days_ago: int,
                    published_after: int | None = None) -> None:
    """Demo only: the idea was sent in `days_ago` days ago and published `published_after` days later; its
    timeline says so too."""
    sent_in = now - timedelta(days=days_ago, hours=days_ago % 5 + 2)
    published = sent_in + timedelta(days=published_after, hours=1) if published_after is not None else None
    idea.created_at = sent_in
    idea.published_at = published
    idea.last_activity_at = published or sent_in
    session.add(idea)
    for change in session.exec(select(IdeaStatusChange).where(IdeaStatusChange.idea_id == idea.id)):
        change.created_at = sent_in if change.to_status == IdeaStatus.SUBMITTED.value else published
        session.add(change)
    session.flush()


def _last_activity_from_comments(session: Session, idea: Idea) -> None:
    session.refresh(idea)
    newest = session.exec(select(Comment.created_at).where(Comment.idea_id == idea.id)
                          .order_by(col(Comment.created_at).desc())).first()
    idea.last_activity_at = max(filter(None, (newest, idea.published_at, idea.created_at)))
    session.add(idea)
