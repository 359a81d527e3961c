"""Demo boards of Beispielstadt: the Projektbeirat with its members and two years of quarterly meetings, and two
thematic boards below it. Built through the services, so the demo obeys the same rules (and leaves the same audit
trail) as real data. Called by participation.demo."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from participation.accounts.models import User
from participation.boards.models import Board, BoardKind, Meeting, MeetingState, MemberRole
from participation.boards.services import (
    MEETING_LENGTH,
    BoardDraft,
    MeetingDraft,
    MembershipDraft,
    add_membership,
    cancel_meeting,
    create_board,
    create_meeting,
    quarterly_dates,
)
from participation.municipality.models import ActionArea, District

STAFF_EMAIL = "verwaltung@beispielstadt.example"  # Vera Verwaltung: keeps the minutes
BOARD_MEMBER_EMAIL = "beirat@beispielstadt.example"  # Bernd Beirat: the demo account of a board member
PARTNER_EMAIL = "partner@beispielstadt.example"  # Paula Partner: coordinator of a partner organisation

ADVISORY_BOARD = "Projektbeirat"
ADVISORY_PURPOSE = (
    "Der Projektbeirat begleitet die Umsetzung des Stadtentwicklungskonzepts „Gemeinsam für Beispielstadt“. "
    "Er besteht vor allem aus den Menschen und Organisationen, die sich bisher für das Projekt engagiert haben, "
    "und trifft sich in der Regel **viermal im Jahr**.\n\n"
    "Er berät die Quartalsberichte der Verwaltung, empfiehlt Prioritäten und kann für einzelne Aktionsbereiche "
    "eigene Themenbeiräte bilden."
)
TOWN_HALL = "Rathaus Beispielstadt, Ratssaal"
MEETING_START = time(18, 0)

A, M, G, CH, DC = (MemberRole.ADMINISTRATION, MemberRole.MEMBER, MemberRole.GUEST, MemberRole.CHAIR,
                   MemberRole.DEPUTY_CHAIR)  # short, for the tables
# Seats on the Projektbeirat. Accounts by e-mail; everyone else is a person known by name, organisation and a
# private contact. (role, account e-mail, name, organisation, contact, external?, vote?, district, listed?)
ADVISORY_MEMBERS = [
    (CH, "", "Helga Sommerfeld", "Lehrerin im Ruhestand, Heimatverein Beispielstadt e. V.",
     "helga.sommerfeld@post.example", True, True, None, True),
    (DC, "", "Katrin Lüders", "Trägerverbund Soziales Beispielstadt", "k.lueders@traegerverbund.example", True,
     True, None, True),
    (A, STAFF_EMAIL, "", "Stabsstelle Stadtentwicklung", "", False, False, None, True),
    (M, BOARD_MEMBER_EMAIL, "", "", "", True, True, "Seedorf", True),
    (M, "", "Marion Kruse", "Bürgerverein Altstadt e. V.", "kruse@buergerverein-altstadt.example", True, True,
     "Altstadt", True),
    (M, "", "Heinrich Wendt", "Dorfverein Mühlenberg", "0151 000 1234 (abends)", True, True, "Mühlenberg", True),
    (M, "", "Sabine Reuter", "Storchenhof Wiesenthal", "s.reuter@storchenhof.example", True, True, "Wiesenthal",
     False),
    (M, "", "Dr. Lena Vogt", "Naturschutzbund Beispielstadt e. V.", "vogt@nabu-beispielstadt.example", True, True,
     None, True),
    (M, "", "Mia Petersen", "Jugendrat Beispielstadt", "jugendrat@beispielstadt.example", True, True, None, False),
    (M, "", "Thomas Brandt", "Werbegemeinschaft Beispielstadt e. V.", "brandt@werbegemeinschaft.example", True,
     True, None, True),
    (M, "", "Petra Hoffmann", "Stadtrat, Ausschuss für Stadtentwicklung", "p.hoffmann@stadtrat.example", False,
     True, None, True),
    (G, "", "Prof. Dr. Ulrich Kamp", "Planungsbüro Stadt & Land", "kamp@stadt-und-land.example", True, False, None,
     True),
]
# A member who left: he stepped down as Ortsvorsteher of Birkenhain, his seat ended half-way through.
FORMER_MEMBER = (M, "", "Walter Schmidt", "Ortsvorsteher Birkenhain a. D.", "w.schmidt@post.example", True, True,
                 "Birkenhain", True)

# (name, short name, purpose, action areas by title, members as in ADVISORY_MEMBERS)
THEMATIC_BOARDS = [
    (
        "Themenbeirat Ehrenamt und Kooperation",
        "TB Ehrenamt",
        "Der Themenbeirat bereitet für den Projektbeirat alles vor, was vom Ehrenamt lebt: die Ehrenamtsbörse, "
        "die Zusammenarbeit mit Vereinen, dem Trägerverbund und dem Naturschutzbund. Er tagt nach Bedarf.",
        ["Kooperation Stadt-Bürgerschaft stärken", "Zusammenarbeit mit Dritten ausbauen"],
        [
            (CH, "", "Katrin Lüders", "Trägerverbund Soziales Beispielstadt", "k.lueders@traegerverbund.example",
             True, True, None, True),
            (M, "", "Dr. Lena Vogt", "Naturschutzbund Beispielstadt e. V.", "vogt@nabu-beispielstadt.example",
             True, True, None, True),
            (M, PARTNER_EMAIL, "", "Freiwilligenagentur Beispielstadt", "", True, True, None, True),
            (M, "", "Heinrich Wendt", "Dorfverein Mühlenberg", "0151 000 1234 (abends)", True, True, "Mühlenberg",
             True),
            (A, STAFF_EMAIL, "", "Stabsstelle Stadtentwicklung", "", False, False, None, True),
        ],
    ),
    (
        "Themenbeirat Information und Beteiligung",
        "TB Information",
        "Der Themenbeirat kümmert sich darum, dass alle Bürger*innen zeitnah erfahren, was im "
        "Stadtentwicklungsprojekt geschieht – über das Beteiligungsportal ebenso wie über Aushänge und das "
        "Gemeindeblatt.",
        ["Transparente Informationskultur fördern"],
        [
            (CH, BOARD_MEMBER_EMAIL, "", "", "", True, True, "Seedorf", True),
            (M, "", "Mia Petersen", "Jugendrat Beispielstadt", "jugendrat@beispielstadt.example", True, True, None,
             False),
            (M, "", "Frank Weber", "Redaktion Beispielstädter Gemeindeblatt", "redaktion@gemeindeblatt.example",
             True, True, None, True),
            (A, STAFF_EMAIL, "", "Stabsstelle Stadtentwicklung", "", False, False, None, True),
        ],
    ),
]

CANCEL_REASON = ("Der Haushaltsentwurf liegt noch nicht vor. Die Beratung wird in der nächsten Quartalssitzung "
                 "nachgeholt.")


def _next_weekday(day: date, weekday: int) -> date:
    """`day` itself if it falls on `weekday` (0 = Monday), else the next such day."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _at(day: date, start: time, zone: ZoneInfo, length: timedelta = MEETING_LENGTH) -> tuple[datetime, datetime]:
    starts_at = datetime.combine(day, start, tzinfo=zone)
    return starts_at, starts_at + length


def _add_members(session: Session, admin: User, board: Board, seats: list[tuple], districts: dict[str, int],
                 start: date, end: date | None = None) -> None:
    for role, account, name, organisation, contact, external, vote, district, listed in seats:
        add_membership(session, admin, board, MembershipDraft(
            role=role, account_email=account, person_name=name, organisation=organisation, contact=contact,
            is_secretary=account == STAFF_EMAIL, is_external=external, has_vote=vote,
            district_id=districts.get(district) if district else None, start_date=start, end_date=end,
            listed_publicly=listed))


def _quarterly_days(today: date) -> tuple[list[tuple[int, int, date]], list[tuple[int, int, date]]]:
    """The eight quarterly meeting days before `today` and the four from `today` on, as (quarter, year, day)."""
    days = [(quarter, year, day) for year in range(today.year - 3, today.year + 3)
            for quarter, day in enumerate(quarterly_dates(year), start=1)]
    return [entry for entry in days if entry[2] < today][-8:], [entry for entry in days if entry[2] >= today][:4]


def _mark_held(session: Session, meeting: Meeting) -> None:
    # The services have no "held" step yet: minutes, and with them the held state, arrive with the agenda. Until
    # then the demo's past meetings are marked held directly (no audit entry, as there is no such action yet).
    meeting.state = MeetingState.HELD.value
    session.add(meeting)


def seed_demo_boards(session: Session, admin_user: User, today: date, timezone_name: str) -> None:
    """The Projektbeirat, its two thematic boards, their members and meetings, created by `admin_user`; flushed,
    not committed. Action areas and districts are found by name; missing ones are skipped (and a thematic board
    left without any action area is not created)."""
    zone = ZoneInfo(timezone_name)
    areas = {area.title: area.id for area in session.exec(select(ActionArea))}
    districts = {district.name: district.id for district in session.exec(select(District))}
    past, future = _quarterly_days(today)
    founded = past[0][2] - timedelta(days=28)

    advisory = create_board(session, admin_user, BoardDraft(
        name=ADVISORY_BOARD, kind=BoardKind.ADVISORY, short_name="PB", purpose=ADVISORY_PURPOSE,
        default_location=TOWN_HALL))
    _add_members(session, admin_user, advisory, ADVISORY_MEMBERS, districts, founded)
    _add_members(session, admin_user, advisory, [FORMER_MEMBER], districts, founded, end=past[3][2])

    for quarter, year, day in past + future:
        starts_at, ends_at = _at(day, MEETING_START, zone)
        meeting = create_meeting(session, admin_user, None, advisory, MeetingDraft(
            name=f"{quarter}. Quartalssitzung {year}", starts_at=starts_at, ends_at=ends_at, location=TOWN_HALL))
        if day < today:
            _mark_held(session, meeting)
    # An extra meeting on the budget, called and then cancelled again.
    starts_at, ends_at = _at(_next_weekday(today + timedelta(days=21), 3), MEETING_START, zone)
    special = create_meeting(session, admin_user, None, advisory, MeetingDraft(
        name=f"Sondersitzung Haushalt {starts_at.year + 1}", starts_at=starts_at, ends_at=ends_at,
        location=TOWN_HALL))
    cancel_meeting(session, admin_user, None, advisory, special, CANCEL_REASON)

    thematic = []
    for name, short_name, purpose, area_titles, seats in THEMATIC_BOARDS:
        area_ids = tuple(areas[title] for title in area_titles if title in areas)
        if not area_ids:
            continue
        board = create_board(session, admin_user, BoardDraft(
            name=name, kind=BoardKind.THEMATIC, short_name=short_name, purpose=purpose, parent_id=advisory.id,
            default_location="Rathaus Beispielstadt, Raum 104", action_area_ids=area_ids))
        _add_members(session, admin_user, board, seats, districts, past[4][2])
        thematic.append(board)
    if thematic:
        # The first thematic board met a few weeks ago, at the Trägerverbund's place.
        starts_at, ends_at = _at(_next_weekday(today - timedelta(days=45), 2), time(17, 30), zone,
                                 timedelta(hours=1, minutes=30))
        meeting = create_meeting(session, admin_user, None, thematic[0], MeetingDraft(
            name="Auftakt: Ehrenamtsbörse in allen Ortsteilen", starts_at=starts_at, ends_at=ends_at,
            location="Begegnungsstätte des Trägerverbunds, Neustadt"))
        _mark_held(session, meeting)
        # The last one prepares a paper in a working session of its members only.
        starts_at, ends_at = _at(_next_weekday(today + timedelta(days=10), 0), time(17, 0), zone)
        create_meeting(session, admin_user, None, thematic[-1], MeetingDraft(
            name="Arbeitssitzung: Informationsangebot in den Ortsteilen", starts_at=starts_at, ends_at=ends_at,
            location="Rathaus Beispielstadt, Raum 104", online_url="https://meet.beispielstadt.example/tb-information",
            is_public=False))
    session.flush()
