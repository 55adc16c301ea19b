"""The people and projects of the seeded agency, with names that test careless escaping."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.workspace.models import Role

TEAMS = ("Design", "Engineering", "Marketing", "Operations")


@dataclass(frozen=True)
class Person:
    email: str
    first: str
    last: str
    role: Role
    team: str = ""
    title: str = ""
    status: str = "active"
    tracks: bool = True
    archived: bool = False
    steady: bool = False  # tracks every weekday and takes no leave, so sizes on request are exact


@dataclass(frozen=True)
class ProjectSpec:
    name: str
    notes: str = ""
    billable: bool = True
    rate: float = 80.0
    currency: str = "USD"
    archived: bool = False
    tags: list[dict[str, object]] = field(default_factory=list)


ACME_PEOPLE = [
    Person("owner@acme.test", "Amelia", "Stone", Role.OWNER, "Operations", "Founder", tracks=False),
    Person("exec@acme.test", "Marcus", "Webb", Role.EXECUTIVE_MANAGER, "Operations", "COO"),
    Person("lead@acme.test", "Priya", "Raman", Role.TEAM_MANAGER, "Design", "Design Lead"),
    Person("tm.engineering@acme.test", "Jonas", "Berg", Role.TEAM_MANAGER, "Engineering", "CTO"),
    Person("pm.web@acme.test", "Renée", "O'Connor", Role.PROJECT_MANAGER, "Marketing", "PM"),
    Person("pm.apps@acme.test", "Kwame", "Mensah", Role.PROJECT_MANAGER, "Engineering", "PM"),
    Person("taro@acme.test", "太郎", "山田", Role.REGULAR_USER, "Engineering", "Backend Developer"),
    Person("alexei@acme.test", "Алексей", "Смирнов", Role.REGULAR_USER, "Engineering", "DevOps"),
    Person("layla@acme.test", "ليلى", "الأحمد", Role.REGULAR_USER, "Design", "Illustrator"),
    Person("sam@acme.test", "Sam 🚀", "Lee", Role.REGULAR_USER, "Marketing", "Growth"),
    Person(
        "script@acme.test",
        "<script>alert('x')</script>",
        "Tester",
        Role.REGULAR_USER,
        "Engineering",
        "QA <b>Engineer</b>",
    ),
    Person("quotes@acme.test", 'Jean-Luc "JL"', "D'Arcy & Sons", Role.REGULAR_USER, "Design"),
    Person("formula@acme.test", '=HYPERLINK("x")', "+Formula", Role.REGULAR_USER, "Operations"),
    Person("zoe@acme.test", "Zoë", "Müller", Role.REGULAR_USER, "Design", "UX Designer"),
    Person("mateo@acme.test", "Mateo", "García", Role.REGULAR_USER, "Engineering", "iOS Developer"),
    Person("aisha@acme.test", "Aisha", "Khan", Role.REGULAR_USER, "Engineering", "Android Dev"),
    Person("liam@acme.test", "Liam", "Novak", Role.REGULAR_USER, "Marketing", "Copywriter"),
    Person("sofia@acme.test", "Sofia", "Rossi", Role.REGULAR_USER, "Design", "Designer"),
    Person("noah@acme.test", "Noah", "Fischer", Role.REGULAR_USER, "Operations", "Office Manager"),
    Person("freelancer@example.test", "Freya", "Lance", Role.REGULAR_USER, "Engineering"),
    Person(
        "invited@acme.test", "Ivy", "Invite", Role.REGULAR_USER, status="inactive", tracks=False
    ),
    Person("former@acme.test", "Felix", "Former", Role.REGULAR_USER, status="left", tracks=False),
    Person("client.one@brand.test", "Clara", "Client", Role.PROJECT_VIEWER, tracks=False),
    Person("client.two@brand.test", "Bob", "Büyer & Co", Role.PROJECT_VIEWER, tracks=False),
    Person("auditor@brand.test", "Ann", "Auditor", Role.PROJECT_VIEWER, tracks=False),
    Person(
        "old.client@brand.test",
        "Oscar",
        "Oldclient",
        Role.PROJECT_VIEWER,
        tracks=False,
        archived=True,
    ),
]

GLOBEX_PEOPLE = [
    Person("owner@globex.test", "Hank", "Scorpio", Role.OWNER, "Operations", "CEO", tracks=False),
    Person("exec@globex.test", "Frank", "Grimes", Role.EXECUTIVE_MANAGER, "Operations"),
    Person("dev1@globex.test", "Mindy", "Simmons", Role.REGULAR_USER, "Engineering"),
    Person("dev2@globex.test", "Homer", "Simpson", Role.REGULAR_USER, "Engineering"),
    Person("ops@globex.test", "Lenny", "Leonard", Role.TEAM_MANAGER, "Operations"),
    Person("freelancer@example.test", "Freya", "Lance", Role.REGULAR_USER, "Engineering"),
    Person("viewer@globex.test", "Patty", "Bouvier", Role.PROJECT_VIEWER, tracks=False),
]

ACME_PROJECTS = [
    ProjectSpec("Website Redesign", "Homepage & pricing pages", rate=95.0),
    ProjectSpec("Mobile App (iOS & Android)", "Native apps, release 2.0", rate=110.0),
    ProjectSpec(
        "<script>alert('xss')</script> Landing Page",
        'Notes with <b>markup</b>, "quotes" & ampersands',
        rate=85.0,
    ),
    ProjectSpec("=Budget Forecast 2026", "=1+2 should stay text in CSV exports", rate=70.0),
    ProjectSpec("Café Menu Redesign 🍰", "Client: Café Crème", rate=75.0, currency="EUR"),
    ProjectSpec("Brand Guidelines", "", rate=90.0),
    ProjectSpec('R&D "Skunkworks"', "Internal research", billable=False),
    ProjectSpec("Internal Tools", "Non-billable upkeep", billable=False),
    ProjectSpec("東京 Launch Campaign", "日本語のメモ", rate=100.0),
    ProjectSpec("Legacy Intranet", "Archived after migration", archived=True),
]

GLOBEX_PROJECTS = [
    ProjectSpec("Globex Platform", "Doomsday-device-free edition", rate=150.0),
    ProjectSpec("Hank's Hammocks", "E-commerce", rate=120.0),
    ProjectSpec("Data Warehouse", "", billable=False),
]

TASK_TITLES = (
    "Discovery workshop",
    "Wireframes",
    "Implementation",
    "QA & fixes",
    "Client review <v2>",
    "Deploy",
)

DESCRIPTIONS = (
    "Standup and planning",
    "Implemented feature",
    "Code review",
    "Client call",
    "Design iteration",
    "Bug fixing",
    "Docs & handover",
    "Reviewed <PR #42>",
    '"Quick" fix',
    "=SUM(A1:A9) sheet cleanup",
    "Réunion avec le client",
    "資料作成",
    "Shipping it 🚢",
)

REJECT_REASONS = (
    "Hours do not match project requirements",
    "Missing task descriptions on Friday",
    'Please split time between "Website" & "App"',
)
