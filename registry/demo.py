"""Deterministic demo data: the fictional municipality of Lindenau.

``generate()`` builds plain rows (no I/O) for every label and relationship
of docs/data-model.md; ``load()`` writes them in batches through the named
queries of ``cypher/demo.cypher``, whole copies per transaction. The data has deliberate gaps so that the
participation and isolation analyses find something; the constants below
name them.

``scale=N`` repeats the three Bezirke with everything in them N times under
the one Stadt; copy k > 1 carries the suffix " k" in its names. Every copy
draws from a fresh ``Random(SEED)``, so all copies are alike apart from
names, codes, ids and their place on the map.
"""
from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any, Iterable, Iterator, NamedTuple

from tqdm import tqdm

from .db import Database, Tx
from .model import ALWAYS_PUBLIC_KINDS, USER_REPRESENTATION_KIND
from .rules.actors import OPERATOR_KINDS, WITHOUT_OPERATOR_KINDS
from .text import fold

Row = dict[str, Any]

SEED = 1908
BATCH_SIZE = 5000
# Actors per transaction of the demo load (whole copies, so whole units).
GROUP_ACTORS = 2000
# created_at/updated_at of every node. Rows carry it as an ISO string that the
# queries turn into a datetime: the driver packs aware datetimes slowly.
CREATED_AT = "2024-01-15T09:00:00Z"
CITY = "Lindenau"

# -- deliberate gaps (names in copy 1; copy k > 1 appends " k") -------------

# Actors in no agreement and no network.
ISOLATED_ACTORS = [
    "Schachklub Lindenau 1923 e.V.",
    "Logopädiepraxis Sprachinsel",
    "Kinderarztpraxis Dr. Öztürk",
    "Ev.-Freikirchliche Gemeinde Lindenau",
    "Reitverein Birkhausen e.V.",
    "Jugendtreff Birkhausen",
]
# Networks without a user-representation member, participation keine/informiert.
NETWORKS_WITHOUT_PARTICIPATION = [
    "AG nach § 78 SGB VIII – Hilfen zur Erziehung",
    "Netzwerk Frühe Hilfen Lindenau",
    "Arbeitskreis Jugendarbeit Mitte",
    "Arbeitskreis Kinderschutz Wiesengrund",
    "Runder Tisch Häusliche Gewalt",
    "Stadtteilrunde Bahnhofsviertel",
]
# The Sozialraum in which no user-representation body is located.
AREA_WITHOUT_REPRESENTATION = "Bahnhofsviertel"
# A body that is party to an agreement but member of no network; it is the
# only body of its Sozialraum (Eichenfelde), whose bodies thus sit in no network.
BODY_IN_NO_NETWORK = "Bewohnerbeirat Eichenfelde"

_MAX_MEMBERS = 25

_TARGET_GROUPS = (
    "Kinder 0–3 und Eltern",
    "Kinder 3–6",
    "Schulkinder 6–12",
    "Jugendliche 12–17",
    "Junge Erwachsene 18–27",
    "Alleinerziehende",
    "Familien mit Fluchterfahrung",
    "Kinder und Jugendliche mit Behinderung",
    "Careleaver",
    "Eltern",
)


# -- the template -------------------------------------------------------------

class _N(NamedTuple):
    """A named actor of a Sozialraum; ``operator`` names its Träger."""

    kind: str
    name: str
    operator: str | None = None
    public: bool = False


@dataclass(frozen=True)
class _Place:
    """A Sozialraum with its address data and the actors located in it."""

    name: str
    postcode: str
    streets: tuple[str, ...]
    lat: float
    lon: float
    named: tuple[_N, ...]
    pooled: dict[str, int]  # kind -> actors drawn from that kind's name pool
    quartiere: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Bezirk:
    name: str
    setting: str
    short: str  # as in "ASD Regionalteam <short>"
    phone_prefix: str
    places: tuple[_Place, ...]


_JA = "Jugendamt Lindenau"
_EIGENBETRIEB = "Kita-Eigenbetrieb der Stadt Lindenau"
_AWO = "AWO Kreisverband Lindenau e.V."
_CARITAS = "Caritasverband Lindenau e.V."
_DIAKONIE = "Diakonisches Werk Lindenau"
_DRK = "DRK Kreisverband Lindenau e.V."
_SUED = "Jugendhilfe Süd gGmbH"
_MUELLER = "Kinderhaus Müller e.V."
_LEBENSHILFE = "Lebenshilfe Lindenau e.V."
_IB = "Internationaler Bund – Verbund Lindenau"
_DKSB = "Kinderschutzbund Ortsverband Lindenau e.V."
_PROFAMILIA = "pro familia Ortsverband Lindenau e.V."
_EVJH = "Evangelische Jugendhilfe Lindenau gGmbH"
_KJA = "Katholische Jugendagentur Lindenau gGmbH"
_SOS = "SOS-Kinderdorf Lindenau"
_SJR = "Stadtjugendring Lindenau e.V."
_VJF = "Verein für Jugendhilfe und Familie e.V."
_FBW = "Familienbildungswerk Lindenau e.V."
_KJHW = "Kinder- und Jugendhilfe Wiesengrund gGmbH"
_FKSH = "Frauen- und Kinderschutzhaus Lindenau e.V."
_FROEBEL = "Fröbel Lindenau gGmbH"
_SPATZEN = "Elterninitiative Kinderladen Spatzennest e.V."
_ZUKUNFT = "Zukunftswerkstatt Lindenau e.V."
_JOHANNITER = "Johanniter-Unfall-Hilfe Regionalverband Lindenau"
_MALTESER = "Malteser Hilfsdienst Lindenau"
_ASB = "Arbeiter-Samariter-Bund Ortsverband Lindenau e.V."
_JWN = "Jugendwerkstatt Nord gGmbH"
_SPORTJUGEND = "Sportjugend Lindenau im Stadtsportbund e.V."
_KLINIKUM = "Klinikum Lindenau – Klinik für Kinder- und Jugendmedizin"
_GESUNDHEITSAMT = "Gesundheitsamt – Kinder- und Jugendgesundheitsdienst"
_FRUEHE_HILFEN = "Koordinierungsstelle Frühe Hilfen im Jugendamt Lindenau"

_U_AWO = "AWO Bezirksverband Hügelland e.V."
_U_PARI = "Der Paritätische Landesverband – Regionalbüro Lindenau"
_U_DIAKONIE = "Diakonie Landesverband e.V."
_U_CARITAS = "Diözesan-Caritasverband e.V."
_U_DRK = "DRK-Landesverband e.V."

_BEZIRKE = (
    _Bezirk("Lindenau-Mitte", "urban", "Mitte", "05561", (
        _Place(
            "Altstadt", "37401",
            ("Hauptstraße", "Marktplatz", "Schloßstraße", "Kirchgasse", "Große Gasse"),
            51.060, 10.550,
            (
                _N("jugendamt", _JA),
                _N("jugendamt", _FRUEHE_HILFEN, _JA),
                _N("jugendamt", "Pflegekinderdienst Lindenau", _JA),
                _N("freier_traeger", _U_AWO),
                _N("freier_traeger", _U_PARI),
                _N("freier_traeger", _AWO),
                _N("freier_traeger", _CARITAS),
                _N("freier_traeger", _DKSB),
                _N("freier_traeger", _KJA),
                _N("freier_traeger", _SJR),
                _N("freier_traeger", _FBW),
                _N("sonstige", _EIGENBETRIEB, public=True),
                _N("sonstige", "Polizeiinspektion Lindenau – Prävention", public=True),
                _N("sonstige", "Stadtbibliothek Lindenau", public=True),
                _N("sonstige", "Schulverwaltungsamt Lindenau", public=True),
                _N("sonstige", "Volkshochschule Lindenau", public=True),
                _N("sonstige", "Mehrgenerationenhaus Lindenau", _FBW),
                _N("schule", "Grundschule Altstadt"),
                _N("schule", "Grundschule am Markt"),
                _N("schule", "Gymnasium am Schlossberg"),
                _N("schule", "Berufsbildende Schulen Lindenau"),
                _N("familienzentrum", "Familienzentrum Altstadt", _AWO),
                _N("jugendzentrum", "Jugendzentrum Altstadt", _SJR),
                _N("jugendzentrum", "Spielmobil Lindenau", _SJR),
                _N("kirchengemeinde", "Ev. Kirchengemeinde St. Marien"),
                _N("kita", "Ev. Kita St. Marien", "Ev. Kirchengemeinde St. Marien"),
                _N("verein", "Schachklub Lindenau 1923 e.V."),
                _N("beratungsstelle", "Erziehungs- und Familienberatung Lindenau", _CARITAS),
                _N("beratungsstelle", "Schuldnerberatung Lindenau", _AWO),
                _N("beratungsstelle", "Kinderschutz-Zentrum Lindenau", _DKSB),
                _N("beratungsstelle", "Beratungsstelle gegen sexualisierte Gewalt", _FKSH),
                _N("selbstvertretung", "Kinder- und Jugendparlament Lindenau"),
                _N("selbstvertretung", "Ombudsstelle Kinder- und Jugendhilfe"),
                _N("selbstvertretung", "Stadtschülerrat Lindenau"),
                _N("selbstvertretung", "Kinderrat Familienzentrum Altstadt"),
            ),
            {"kita": 10, "verein": 7, "gesundheit": 4},
            ("Marktviertel", "Domviertel"),
        ),
        _Place(
            "Bahnhofsviertel", "37402",
            ("Bahnhofstraße", "Müllerstraße", "Güterweg", "Friedrich-Ebert-Straße",
             "Poststraße"),
            51.054, 10.562,
            (
                _N("freier_traeger", _U_DRK),
                _N("freier_traeger", _DRK),
                _N("freier_traeger", _IB),
                _N("freier_traeger", _PROFAMILIA),
                _N("freier_traeger", _SPATZEN),
                _N("sonstige", "Jobcenter Lindenau", public=True),
                _N("sonstige", "Jugendberufsagentur Lindenau", public=True),
                _N("sonstige", "Integrationsbüro der Stadt Lindenau", public=True),
                _N("sonstige", "Stadtteilbüro Bahnhofsviertel", _ZUKUNFT),
                _N("gesundheit", _GESUNDHEITSAMT, public=True),
                _N("schule", "Grundschule Bahnhofstraße"),
                _N("schule", "Oberschule Mitte"),
                _N("schule", "Förderzentrum Lindenau"),
                _N("familienzentrum", "Familienzentrum am Bahnhof", _DRK),
                _N("jugendzentrum", "Jugendclub Bahnhofsviertel", _IB),
                _N("jugendzentrum", "Mobile Jugendarbeit Mitte", _SUED),
                _N("kirchengemeinde", "Ev. Lutherkirchengemeinde"),
                _N("kita", "Kinderladen Spatzennest", _SPATZEN),
                _N("beratungsstelle", "Schwangerschaftsberatung pro familia", _PROFAMILIA),
                _N("beratungsstelle", "Suchtberatung Lindenau", _DIAKONIE),
                _N("beratungsstelle", "Jugendberufshilfe Lindenau", _JWN),
                _N("verein", "Kulturverein Bahnhofsviertel e.V."),
                _N("verein", "Deutsch-Türkischer Kulturverein Lindenau e.V."),
            ),
            {"kita": 9, "verein": 4, "gesundheit": 4},
        ),
        _Place(
            "Lindenpark", "37403",
            ("Lindenallee", "Parkstraße", "Käthe-Kollwitz-Straße", "Goethestraße",
             "Schillerplatz"),
            51.066, 10.540,
            (
                _N("jugendamt", "ASD Regionalteam Mitte", _JA),
                _N("freier_traeger", _U_DIAKONIE),
                _N("freier_traeger", _U_CARITAS),
                _N("freier_traeger", _DIAKONIE),
                _N("freier_traeger", _SUED),
                _N("freier_traeger", _LEBENSHILFE),
                _N("freier_traeger", _EVJH),
                _N("freier_traeger", _MALTESER),
                _N("freier_traeger", _SPORTJUGEND),
                _N("sonstige", "Musikschule der Stadt Lindenau", public=True),
                _N("sonstige", "Freiwilligenagentur Lindenau"),
                _N("sonstige", "Inobhutnahmestelle Lindenau", _SUED),
                _N("gesundheit", _KLINIKUM, public=True),
                _N("gesundheit", "Sozialpädiatrisches Zentrum Lindenau", _KLINIKUM),
                _N("gesundheit", "Logopädiepraxis Sprachinsel"),
                _N("schule", "Grundschule am Lindenpark"),
                _N("schule", "Grundschule Käthe Kollwitz"),
                _N("schule", "Gesamtschule Lindenpark"),
                _N("schule", "Gymnasium Lindenau"),
                _N("familienzentrum", "Familienzentrum Lindenpark", _EIGENBETRIEB),
                _N("jugendzentrum", "Jugendtreff Lindenpark", _EVJH),
                _N("jugendzentrum", "Offene Tür St. Josef", _KJA),
                _N("kirchengemeinde", "Kath. Pfarrei St. Josef"),
                _N("kirchengemeinde", "Ev. Johanneskirchengemeinde"),
                _N("kita", "Kath. Kita St. Josef", "Kath. Pfarrei St. Josef"),
                _N("kita", "Kita Regenbogen", _EIGENBETRIEB),
                _N("verein", "SV Blau-Weiß Lindenau 1908 e.V."),
                _N("beratungsstelle", "Frühförderstelle Lindenau", _LEBENSHILFE),
                _N("beratungsstelle", "Schulpsychologische Beratungsstelle Lindenau", public=True),
                _N("selbstvertretung", "Jugendamtselternbeirat Lindenau"),
                _N("selbstvertretung", "Careleaver-Selbstvertretung Lindenau"),
                _N("selbstvertretung", "Elternbeirat Kita Regenbogen"),
            ),
            {"kita": 9, "verein": 6, "gesundheit": 3},
        ),
    )),
    _Bezirk("Lindenau-Nord", "urban", "Nord", "05562", (
        _Place(
            "Nordstadt", "37411",
            ("Nordring", "Am Wasserturm", "Schlachthofstraße", "Heinrich-Heine-Straße",
             "Weißdornweg"),
            51.078, 10.552,
            (
                _N("jugendamt", "ASD Regionalteam Nord", _JA),
                _N("jugendamt", "Jugendgerichtshilfe Lindenau", _JA),
                _N("freier_traeger", _VJF),
                _N("freier_traeger", _FKSH),
                _N("freier_traeger", _FROEBEL),
                _N("freier_traeger", _ASB),
                _N("freier_traeger", _JWN),
                _N("sonstige", "Quartiersmanagement Nordstadt", _ZUKUNFT),
                _N("sonstige", "Stadtteilbibliothek Nord", public=True),
                _N("sonstige", "Tagesgruppe Nordstadt", _VJF),
                _N("gesundheit", "Kinderarztpraxis Dr. Öztürk"),
                _N("schule", "Grundschule Nordstadt"),
                _N("schule", "Grundschule am Wasserturm"),
                _N("schule", "Gesamtschule Nord"),
                _N("schule", "Förderschule Nord"),
                _N("familienzentrum", "Familienzentrum Nordstadt", _CARITAS),
                _N("jugendzentrum", "Jugendclub Nordstadt", _AWO),
                _N("jugendzentrum", "Jugendzentrum Schlachthof", _JWN),
                _N("kirchengemeinde", "Kath. Kirchengemeinde Heilig Kreuz"),
                _N("kirchengemeinde", "Ev. Pauluskirchengemeinde"),
                _N("kita", "Kath. Kita Heilig Kreuz", "Kath. Kirchengemeinde Heilig Kreuz"),
                _N("verein", "TSV Nordstadt 1861 e.V."),
                _N("verein", "Boxclub Nordstadt e.V."),
                _N("verein", "Islamische Gemeinde Nordstadt e.V."),
                _N("beratungsstelle", "Erziehungsberatung Nord", _DIAKONIE),
                _N("beratungsstelle", "Jugendmigrationsdienst Lindenau", _IB),
                _N("beratungsstelle", "Migrationsberatung Nordstadt", _CARITAS),
                _N("selbstvertretung", "Jugendrat Nord"),
                _N("selbstvertretung", "Schülervertretung Gesamtschule Nord"),
            ),
            {"kita": 10, "verein": 6, "gesundheit": 4},
            ("Wasserturmsiedlung", "Schlachthofquartier"),
        ),
        _Place(
            "Mühlenviertel", "37412",
            ("Mühlenweg", "Am Mühlbach", "Grüner Weg", "Bäckerstraße", "Ölmühlenstraße"),
            51.084, 10.538,
            (
                _N("freier_traeger", _MUELLER),
                _N("freier_traeger", _ZUKUNFT),
                _N("schule", "Grundschule an der Mühle"),
                _N("schule", "Realschule Nord"),
                _N("familienzentrum", "Familienzentrum Mühlenviertel", _DIAKONIE),
                _N("jugendzentrum", "Abenteuerspielplatz Mühlenviertel", _MUELLER),
                _N("jugendzentrum", "Jugendhaus Mühle", _JA),
                _N("kirchengemeinde", "Kath. Kirchengemeinde St. Michael"),
                _N("kirchengemeinde", "Ev.-Freikirchliche Gemeinde Lindenau"),
                _N("kita", "Kita Sonnenblume", _AWO),
                _N("beratungsstelle", "Familienberatung Mühlenviertel", _AWO),
                _N("selbstvertretung", "Elternbeirat Kita Sonnenblume"),
            ),
            {"kita": 8, "verein": 6, "gesundheit": 2},
        ),
        _Place(
            "Rosenhöhe", "37413",
            ("Rosenstraße", "An der Rosenhöhe", "Tulpenweg", "Fliederweg", "Gartenstraße"),
            51.082, 10.568,
            (
                _N("freier_traeger", _SOS),
                _N("freier_traeger", _JOHANNITER),
                _N("sonstige", "Bürgerhaus Rosenhöhe", public=True),
                _N("sonstige", "Wohngruppe Rosenhöhe", _SOS),
                _N("schule", "Grundschule Rosenhöhe"),
                _N("schule", "Grundschule am Rosengarten"),
                _N("schule", "Oberschule Rosenhöhe"),
                _N("familienzentrum", "Familienzentrum Regenbogenhaus", _DKSB),
                _N("jugendzentrum", "Jugendhaus Rosenhöhe", _JA),
                _N("kirchengemeinde", "Ev. Kirchengemeinde Rosenhöhe"),
                _N("verein", "Nachbarschaftshilfe Rosenhöhe e.V."),
                _N("beratungsstelle", "Mädchen- und Frauenberatung Lindenau", _FKSH),
                _N("selbstvertretung", "Bewohnerbeirat Rosenhöhe"),
                _N("selbstvertretung", "Kinder- und Jugendrat SOS-Kinderdorf Lindenau"),
            ),
            {"kita": 8, "verein": 4, "gesundheit": 2},
        ),
    )),
    _Bezirk("Amt Wiesengrund", "rural", "Wiesengrund", "05563", (
        _Place(
            "Wiesengrund", "37421",
            ("Dorfstraße", "Wiesenweg", "Am Anger", "Lindenauer Straße"),
            51.020, 10.600,
            (
                _N("jugendamt", "ASD Regionalteam Wiesengrund", _JA),
                _N("freier_traeger", _KJHW),
                _N("schule", "Grundschule Wiesengrund"),
                _N("schule", "Oberschule Wiesengrund"),
                _N("familienzentrum", "Familienzentrum Wiesengrund", _FBW),
                _N("jugendzentrum", "Jugendtreff Wiesengrund", _KJHW),
                _N("jugendzentrum", "Kinder- und Jugendbauernhof Wiesengrund", _KJHW),
                _N("kirchengemeinde", "Ev. Kirchengemeinde Wiesengrund"),
                _N("kita", "Ev. Kita Wiesengrund", "Ev. Kirchengemeinde Wiesengrund"),
                _N("verein", "FC Wiesengrund e.V."),
                _N("verein", "Landjugend Wiesengrund e.V."),
                _N("verein", "Jugendfeuerwehr Wiesengrund"),
                _N("beratungsstelle", "Erziehungsberatung Wiesengrund", _CARITAS),
                _N("selbstvertretung", "Jugendforum Wiesengrund"),
            ),
            {"kita": 4, "verein": 2, "gesundheit": 1},
        ),
        _Place(
            "Eichenfelde", "37422",
            ("Eichenallee", "Dorfplatz", "Feldweg"),
            51.005, 10.575,
            (
                _N("schule", "Grundschule Eichenfelde"),
                _N("jugendzentrum", "Jugendtreff Eichenfelde", _KJHW),
                _N("kirchengemeinde", "Ev. Kirchengemeinde Eichenfelde"),
                _N("verein", "SV Eichenfelde 1921 e.V."),
                _N("verein", "Jugendfeuerwehr Eichenfelde"),
                _N("verein", "Schützenverein Eichenfelde e.V."),
                _N("selbstvertretung", BODY_IN_NO_NETWORK),
            ),
            {"kita": 3, "verein": 1, "gesundheit": 1},
        ),
        _Place(
            "Birkhausen", "37423",
            ("Birkenweg", "Alte Schulstraße", "Zur Mühle"),
            51.030, 10.640,
            (
                _N("schule", "Grundschule Birkhausen"),
                _N("jugendzentrum", "Jugendtreff Birkhausen", _KJHW),
                _N("kirchengemeinde", "Kath. Kapellengemeinde Birkhausen"),
                _N("verein", "Turnverein Birkhausen 1892 e.V."),
                _N("verein", "Reitverein Birkhausen e.V."),
                _N("verein", "Heimatverein Birkhausen e.V."),
                _N("selbstvertretung", "Schulelternbeirat Grundschule Birkhausen"),
            ),
            {"kita": 3, "verein": 1, "gesundheit": 1},
        ),
    )),
)

# Names drawn, in order, for the pooled actors of each Sozialraum.
_POOLS: dict[str, tuple[str, ...]] = {
    "kita": (
        "Kita Pusteblume", "Kita Löwenzahn", "Kita Marienkäfer", "Kita Wirbelwind",
        "Kita Zwergenland", "Kita Schatzkiste", "Kita Kunterbunt", "Kita Sternschnuppe",
        "Kita Kleine Strolche", "Kita Abenteuerland", "Kita Am Mühlbach", "Kita Wiesenzwerge",
        "Kita Grashüpfer", "Kita Rappelkiste", "Kita Purzelbaum", "Kita Entdeckerland",
        "Kita Hummelnest", "Kita Sonnenschein", "Kita Waldwichtel", "Kita Arche Noah",
        "Kita Lummerland", "Kita Mäuseburg", "Kita Blumenwiese", "Kita Krümelkiste",
        "Kita Farbenfroh", "Kita Weltentdecker", "Kita Seepferdchen", "Kita Glühwürmchen",
        "Kita Traumland", "Kita Zauberwald", "Kita Bärenhöhle", "Kita Fröbelhaus",
        "Kita Kinderinsel", "Kita Pfiffikus", "Kita Springmaus", "Kita Sausewind",
        "Kita Flohkiste", "Kita Apfelbäumchen", "Kita Buntstift", "Kita Frechdachs",
        "Kita Pippi Langstrumpf", "Kita Schneckenhaus", "Kita Tausendfüßler", "Kita Rasselbande",
        "Kita Wolkenschloss", "Kita Igelnest", "Kita Lindenblüte", "Kita Spielkiste",
        "Kita Kastanienhof", "Kita Nesthäkchen", "Kita Wichtelhaus", "Kita Eulennest",
        "Kita Kinderstube", "Kita Froschkönig", "Kita Mühlenzwerge", "Kita Heckenrose",
        "Kita Dorfspatzen", "Kita Storchennest", "Kita Kleeblatt", "Kita Windrad",
        "Kita Bullerbü", "Kita Regenwurm", "Kita Sonnenhügel", "Kita Morgenstern",
        "Kita Flinke Füße", "Kita Weidenkörbchen",
    ),
    "verein": (
        "Turnerschaft Lindenau 1848 e.V.", "Schwimmverein Lindenau e.V.",
        "Handballclub Lindenau e.V.", "Tanzsportclub Grün-Gold Lindenau e.V.",
        "Pfadfinderstamm Löwenherz", "Tafel Lindenau e.V.",
        "Basketballclub Lindenau e.V.", "Migrantenverein Brücke e.V.",
        "Theaterwerkstatt Lindenau e.V.", "Fanprojekt Lindenau e.V.",
        "Judo-Club Lindenau e.V.", "Leichtathletik-Gemeinschaft Lindenau e.V.",
        "Jugendkunstschule Lindenau e.V.", "Zirkus Tausendtraum e.V.",
        "Lesepaten Lindenau e.V.", "Fußballclub Grün-Weiß Lindenau e.V.",
        "Kletterverein Steinbock e.V.", "Skateboard-Initiative Lindenau e.V.",
        "Mädchentreff Lila e.V.", "Freundeskreis Asyl Lindenau e.V.",
        "Volleyballverein Lindenau e.V.", "Ruderverein Lindenau 1888 e.V.",
        "Tennisclub Rot-Weiß Lindenau e.V.", "Chorgemeinschaft Lindenau e.V.",
        "Evangelische Jugend Lindenau", "Kolpingjugend Lindenau",
        "Verkehrswacht Lindenau e.V.", "Naturschutzjugend Lindenau",
        "Radsportverein Lindenau e.V.", "Fechtclub Lindenau e.V.",
        "DLRG Ortsgruppe Lindenau e.V.", "Jugendblasorchester Lindenau e.V.",
        "Kinderzirkus Rübezahl e.V.", "Jugendchor Klangfänger e.V.",
        # the rural Sozialräume come last
        "Landfrauenverein Wiesengrund e.V.", "Posaunenchor Wiesengrund",
        "Angelsportverein Eichenfelde e.V.", "Dorfjugend Birkhausen e.V.",
    ),
    "gesundheit": (
        "Kinderarztpraxis Dr. Weiß", "Hebammenpraxis Storchennest", "Ergotherapie am Markt",
        "Apotheke am Rathaus", "Kinderarztpraxis Dr. Demir", "Zahnarztpraxis Dr. Kühn",
        "Kinder- und Jugendpsychotherapie Dr. Groß", "Physiotherapie Lindenpark",
        "Kinderarztpraxis Dr. Schäfer", "Praxis für Kinder- und Jugendpsychiatrie Dr. Köhler",
        "Logopädie Nordstadt", "Kinderarztpraxis Dr. Nguyen", "Hebammenzentrum Lindenau",
        "Kinderarztpraxis Dr. Krüger", "Praxis für Ergotherapie Sonnenweg",
        "Kinder- und Jugendarztpraxis Dr. Hoffmann", "Hebammenpraxis Wiegenlied",
        "Hausarztpraxis Dr. Jäger", "Landarztpraxis Dr. Brückner", "Hebammenpraxis Birkenhain",
        "Kinderarztpraxis Dr. Baumgärtner", "Praxis für Kinderchirurgie Dr. Voß",
    ),
}

# Who runs the pooled Kitas (None: an independent Kita), with weights.
_KITA_OPERATORS: dict[str | None, int] = {
    _EIGENBETRIEB: 30, _AWO: 12, _CARITAS: 8, _DIAKONIE: 8, _DRK: 10, _FROEBEL: 8,
    _MUELLER: 6, _JOHANNITER: 6, _LEBENSHILFE: 4, None: 8,
}

_AFFILIATIONS = {
    _AWO: _U_AWO, _JWN: _U_AWO,
    _CARITAS: _U_CARITAS, _KJA: _U_CARITAS, _MALTESER: _U_CARITAS,
    _DIAKONIE: _U_DIAKONIE, _EVJH: _U_DIAKONIE, _FBW: _U_DIAKONIE, _JOHANNITER: _U_DIAKONIE,
    _DRK: _U_DRK,
    _SUED: _U_PARI, _MUELLER: _U_PARI, _LEBENSHILFE: _U_PARI, _DKSB: _U_PARI,
    _PROFAMILIA: _U_PARI, _VJF: _U_PARI, _KJHW: _U_PARI, _FKSH: _U_PARI, _SPATZEN: _U_PARI,
}
_UMBRELLAS = frozenset(_AFFILIATIONS.values())

# Providers of Hilfen zur Erziehung (§§ 77, 78b agreements, AG nach § 78).
_HZE_PROVIDERS = (
    _SUED, _MUELLER, _SOS, _EVJH, _KJA, _VJF, _KJHW, _FKSH, _IB, _LEBENSHILFE, _CARITAS,
)
_SCHOOL_SOCIAL_WORK = (_SUED, _AWO, _IB, _EVJH, _VJF)

# Areas served besides the own one, for the actors whose service area is known.
_SERVES_NAMED: dict[str, tuple[str, ...]] = {
    _JA: (CITY,),
    _FRUEHE_HILFEN: (CITY,),
    "Pflegekinderdienst Lindenau": (CITY,),
    "Jugendgerichtshilfe Lindenau": (CITY,),
    _GESUNDHEITSAMT: (CITY,),
    _KLINIKUM: (CITY,),
    "Jobcenter Lindenau": (CITY,),
    "ASD Regionalteam Mitte": ("Lindenau-Mitte",),
    "ASD Regionalteam Nord": ("Lindenau-Nord",),
    "ASD Regionalteam Wiesengrund": ("Amt Wiesengrund",),
    "Mobile Jugendarbeit Mitte": ("Altstadt", "Lindenpark"),
    "Spielmobil Lindenau": ("Lindenau-Mitte", "Lindenau-Nord"),
    "Jugendrat Nord": ("Lindenau-Nord",),
}

_GROUPS_BY_KIND: dict[str, tuple[str, ...]] = {
    "kita": ("Kinder 3–6", "Kinder 0–3 und Eltern", "Eltern"),
    "familienzentrum": ("Eltern", "Kinder 0–3 und Eltern", "Alleinerziehende",
                        "Familien mit Fluchterfahrung"),
    "jugendzentrum": ("Jugendliche 12–17", "Schulkinder 6–12", "Junge Erwachsene 18–27"),
    "verein": ("Schulkinder 6–12", "Jugendliche 12–17"),
    "kirchengemeinde": ("Eltern", "Schulkinder 6–12"),
    "beratungsstelle": ("Eltern", "Alleinerziehende", "Jugendliche 12–17",
                        "Familien mit Fluchterfahrung"),
    "gesundheit": ("Kinder 0–3 und Eltern", "Kinder 3–6",
                   "Kinder und Jugendliche mit Behinderung"),
}
# The groups a user-representation body speaks for.
_BODY_GROUPS: dict[str, tuple[str, ...]] = {
    "Kinder- und Jugendparlament Lindenau": ("Schulkinder 6–12", "Jugendliche 12–17"),
    "Ombudsstelle Kinder- und Jugendhilfe": ("Jugendliche 12–17", "Careleaver"),
    "Stadtschülerrat Lindenau": ("Jugendliche 12–17",),
    "Kinderrat Familienzentrum Altstadt": ("Schulkinder 6–12", "Kinder 3–6"),
    "Jugendamtselternbeirat Lindenau": ("Eltern", "Kinder 3–6"),
    "Careleaver-Selbstvertretung Lindenau": ("Careleaver", "Junge Erwachsene 18–27"),
    "Elternbeirat Kita Regenbogen": ("Eltern", "Kinder 3–6"),
    "Jugendrat Nord": ("Jugendliche 12–17", "Junge Erwachsene 18–27"),
    "Schülervertretung Gesamtschule Nord": ("Jugendliche 12–17",),
    "Elternbeirat Kita Sonnenblume": ("Eltern", "Kinder 3–6"),
    "Bewohnerbeirat Rosenhöhe": ("Familien mit Fluchterfahrung", "Eltern"),
    "Kinder- und Jugendrat SOS-Kinderdorf Lindenau": ("Jugendliche 12–17", "Schulkinder 6–12"),
    "Jugendforum Wiesengrund": ("Jugendliche 12–17",),
    BODY_IN_NO_NETWORK: ("Eltern", "Alleinerziehende"),
    "Schulelternbeirat Grundschule Birkhausen": ("Eltern", "Schulkinder 6–12"),
}

_DESCRIPTIONS = {
    "jugendamt": "Öffentlicher Träger der Kinder- und Jugendhilfe",
    "freier_traeger": "Träger der freien Kinder- und Jugendhilfe",
    "schule": "Schule",
    "kita": "Kindertageseinrichtung",
    "familienzentrum": "Familienzentrum mit Beratung, Bildung und Begegnung",
    "jugendzentrum": "Offene Kinder- und Jugendarbeit",
    "verein": "Verein mit Angeboten für Kinder und Jugendliche",
    "kirchengemeinde": "Kirchengemeinde mit Kinder-, Jugend- und Familienarbeit",
    "beratungsstelle": "Beratung für Kinder, Jugendliche und Familien",
    "gesundheit": "Gesundheitsversorgung für Kinder und Familien",
    "selbstvertretung": "Vertretung der Nutzerinnen und Nutzer",
    "sonstige": "Weitere Einrichtung im Sozialraum",
}
_FUNCTIONS = {
    "jugendamt": "Teamleitung", "freier_traeger": "Geschäftsführung", "schule": "Schulleitung",
    "kita": "Kita-Leitung", "familienzentrum": "Koordination",
    "jugendzentrum": "Einrichtungsleitung",
    "verein": "Jugendleitung", "kirchengemeinde": "Gemeindepädagogik",
    "beratungsstelle": "Leitung der Beratungsstelle", "gesundheit": "Praxisleitung",
    "selbstvertretung": "Sprecherin oder Sprecher", "sonstige": "Ansprechperson",
}
_FIRST_NAMES = (
    "Anna", "Jörg", "Özlem", "Björn", "Katharina", "Mehmet", "Sophie", "Jürgen", "Lena",
    "Thomas", "Agnieszka", "Hanna", "Kai", "Miriam", "Dimitri", "Sabine", "Lukas", "Fatma",
)
_LAST_NAMES = (
    "Müller", "Schmidt", "Schäfer", "Weiß", "Groß", "Krüger", "Böhm", "Becker", "Köhler",
    "Jäger", "Schröder", "Nowak", "Nguyen", "Haddad", "Yilmaz", "Hoffmann", "Lange", "Popescu",
)

_SUBJECTS = {
    "kooperation": "Zusammenarbeit im Sozialraum, gegenseitige Information "
                   "und abgestimmte Angebote",
    "kinderschutz_8a": "Verfahren bei gewichtigen Anhaltspunkten für eine Kindeswohlgefährdung "
                       "und Hinzuziehung einer insoweit erfahrenen Fachkraft",
    "ausschluss_72a": "Einsichtnahme in erweiterte Führungszeugnisse "
                      "neben- und ehrenamtlich Tätiger",
    "entgelt_77_78b": "Leistungsangebot, Qualitätsentwicklung und Entgelte "
                      "der Hilfen zur Erziehung",
    "jugendhilfe_schule": "Schulsozialarbeit, Übergänge und gemeinsame Fallberatung",
    "fruehe_hilfen": "Verbindliche Zusammenarbeit im Netzwerk Frühe Hilfen nach § 3 KKG",
    "informell": "Mündliche Absprache, in einer Notiz festgehalten",
    "sonstige": "Weitere Vereinbarung",
}

# Agreements that involve user-representation bodies or public partners:
# (type, title, participation, parties with their roles).
_SPECIAL_AGREEMENTS: tuple[tuple[str, str, str, tuple[tuple[str, str | None], ...]], ...] = (
    ("sonstige", "Beteiligungsvereinbarung Kinder- und Jugendparlament Lindenau", "mitbestimmend",
     ((_JA, "öffentlicher Träger"), ("Kinder- und Jugendparlament Lindenau", "Selbstvertretung"),
      (_SJR, "Begleitung"))),
    ("kooperation", "Rahmenvereinbarung Ombudschaft in der Kinder- und Jugendhilfe", "angehoert",
     ((_JA, "öffentlicher Träger"), ("Ombudsstelle Kinder- und Jugendhilfe", "Ombudsstelle"),
      ("Careleaver-Selbstvertretung Lindenau", "Selbstvertretung"))),
    ("sonstige", "Zusammenarbeit mit dem Jugendamtselternbeirat", "mitbestimmend",
     ((_JA, "öffentlicher Träger"), ("Jugendamtselternbeirat Lindenau", "Selbstvertretung"),
      (_EIGENBETRIEB, "Träger"))),
    ("kooperation", "Elternbeteiligung in der Kita Sonnenblume", "mitbestimmend",
     (("Kita Sonnenblume", "Einrichtung"), ("Elternbeirat Kita Sonnenblume", "Selbstvertretung"),
      (_AWO, "Träger"))),
    ("informell", "Selbstverwalteter Jugendraum Nordstadt", "selbstorganisiert",
     (("Jugendrat Nord", "Selbstvertretung"), ("Jugendclub Nordstadt", "Einrichtung"))),
    ("sonstige", "Nutzung des Dorfgemeinschaftshauses Eichenfelde", "angehoert",
     ((BODY_IN_NO_NETWORK, "Selbstvertretung"), ("Jugendtreff Eichenfelde", "Einrichtung"),
      ("Ev. Kirchengemeinde Eichenfelde", "Eigentümerin"))),
    ("kooperation", "Beteiligung von Careleavern in der Hilfeplanung", "mitbestimmend",
     (("Careleaver-Selbstvertretung Lindenau", "Selbstvertretung"), (_JA, "öffentlicher Träger"),
      ("ASD Regionalteam Mitte", None), ("ASD Regionalteam Nord", None),
      ("ASD Regionalteam Wiesengrund", None))),
    ("jugendhilfe_schule", "Schülerbeteiligung an der Gesamtschule Nord", "angehoert",
     (("Gesamtschule Nord", "Schule"), ("Schülervertretung Gesamtschule Nord", "Selbstvertretung"),
      ("Jugendclub Nordstadt", "Kooperationspartner"))),
    ("kooperation", "Quartiersentwicklung Rosenhöhe", "mitbestimmend",
     (("Bürgerhaus Rosenhöhe", None), ("Bewohnerbeirat Rosenhöhe", "Selbstvertretung"),
      ("Familienzentrum Regenbogenhaus", None), ("Ev. Kirchengemeinde Rosenhöhe", None))),
    ("sonstige", "Datenaustausch im Kinderschutz", "keine",
     ((_JA, "öffentlicher Träger"), (_GESUNDHEITSAMT, None),
      (_KLINIKUM, None))),
    ("sonstige", "Zusammenarbeit von Jugendamt und Polizei", "keine",
     ((_JA, "öffentlicher Träger"), ("Polizeiinspektion Lindenau – Prävention", None),
      ("Jugendgerichtshilfe Lindenau", None))),
    ("kooperation", "Jugendberufsagentur Lindenau", "informiert",
     (("Jobcenter Lindenau", None), (_JA, None),
      ("Jugendberufsagentur Lindenau", "Geschäftsstelle"),
      ("Berufsbildende Schulen Lindenau", "Schule"), ("Jugendberufshilfe Lindenau", None))),
)


@dataclass(frozen=True)
class _NetworkSpec:
    """A network of the template. Bodies join only through ``include`` or
    ``guests``; further members are sampled from ``kinds`` (empty: any kind)
    within the scope (a Sozialraum or Bezirk; None: the whole city) until
    the network has ``size`` members."""

    name: str
    type: str
    rhythm: str
    participation: str
    coordinator: str
    scope: str | None
    description: str
    include: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
    size: int = 0
    # Sozialräume whose actors without any other tie join this network.
    home_for: tuple[str, ...] = ()


_ASD_TEAMS = ("ASD Regionalteam Mitte", "ASD Regionalteam Nord", "ASD Regionalteam Wiesengrund")

# Topical networks first: the Sozialraum networks at the end take in the
# actors that nothing else connects.
_NETWORKS = (
    _NetworkSpec(
        "AG nach § 78 SGB VIII – Hilfen zur Erziehung", "arbeitskreis", "quartalsweise", "keine",
        _JA, None,
        "Arbeitsgemeinschaft der öffentlichen und freien Träger der Hilfen zur Erziehung",
        include=(*_ASD_TEAMS, "Pflegekinderdienst Lindenau", "Jugendgerichtshilfe Lindenau",
                 *_HZE_PROVIDERS, _U_PARI, _U_DIAKONIE, _U_CARITAS),
        guests=("Erziehungs- und Familienberatung Lindenau",),
    ),
    _NetworkSpec(
        "AG nach § 78 SGB VIII – Kindertagesbetreuung", "arbeitskreis", "quartalsweise",
        "angehoert",
        _JA, None, "Planung und Qualitätsentwicklung der Kindertagesbetreuung",
        include=(_EIGENBETRIEB, "Jugendamtselternbeirat Lindenau", _AWO, _CARITAS, _DIAKONIE,
                 _DRK, _FROEBEL, _MUELLER, _JOHANNITER, _LEBENSHILFE, _SPATZEN,
                 "Ev. Kirchengemeinde St. Marien", "Kath. Pfarrei St. Josef", _U_AWO, _U_PARI),
    ),
    _NetworkSpec(
        "AG nach § 78 SGB VIII – Jugendarbeit", "arbeitskreis", "quartalsweise", "mitbestimmend",
        _SJR, None, "Offene und verbandliche Jugendarbeit, Jugendförderplan",
        include=("Kinder- und Jugendparlament Lindenau", _JA, _SPORTJUGEND, _KJA, _EVJH, _IB, _JWN),
        kinds=frozenset({"jugendzentrum"}), size=14,
    ),
    _NetworkSpec(
        "Netzwerk Frühe Hilfen Lindenau", "netzwerk", "quartalsweise", "informiert",
        _FRUEHE_HILFEN, None,
        "Netzwerk nach § 3 KKG für werdende Eltern und Familien mit Kindern bis drei Jahre",
        include=(_GESUNDHEITSAMT, _KLINIKUM,
                 "Sozialpädiatrisches Zentrum Lindenau", "Schwangerschaftsberatung pro familia",
                 "Erziehungs- und Familienberatung Lindenau", "Frühförderstelle Lindenau",
                 "Kinderschutz-Zentrum Lindenau", "Jobcenter Lindenau"),
        kinds=frozenset({"familienzentrum", "gesundheit"}), size=22,
    ),
    _NetworkSpec(
        "Arbeitskreis Jugendarbeit Mitte", "arbeitskreis", "monatlich", "informiert",
        "Jugendzentrum Altstadt", "Lindenau-Mitte", "Austausch der Jugendarbeit im Bezirk Mitte",
        include=("Polizeiinspektion Lindenau – Prävention", "ASD Regionalteam Mitte"),
        kinds=frozenset({"jugendzentrum", "verein", "schule"}), size=15,
    ),
    _NetworkSpec(
        "Arbeitskreis Kinderschutz Wiesengrund", "arbeitskreis", "halbjaehrlich", "keine",
        "ASD Regionalteam Wiesengrund", "Amt Wiesengrund",
        "Fallunabhängige Zusammenarbeit im Kinderschutz im ländlichen Raum",
        kinds=frozenset({"kita", "schule", "familienzentrum", "gesundheit", "beratungsstelle"}),
        size=11,
    ),
    _NetworkSpec(
        "Runder Tisch Häusliche Gewalt", "gremium", "halbjaehrlich", "keine",
        _FKSH, None, "Schutz von Kindern und Frauen bei häuslicher Gewalt",
        include=("Polizeiinspektion Lindenau – Prävention", _JA, *_ASD_TEAMS,
                 "Beratungsstelle gegen sexualisierte Gewalt",
                 "Mädchen- und Frauenberatung Lindenau",
                 "Kinderschutz-Zentrum Lindenau", _KLINIKUM,
                 _GESUNDHEITSAMT, "Suchtberatung Lindenau"),
    ),
    _NetworkSpec(
        "Beteiligungsnetzwerk Kinderrechte Lindenau", "netzwerk", "monatlich", "selbstorganisiert",
        "Kinder- und Jugendparlament Lindenau", None,
        "Selbstorganisiertes Netzwerk der Kinder-, Jugend- und Elternvertretungen",
        include=("Jugendrat Nord", "Careleaver-Selbstvertretung Lindenau",
                 "Ombudsstelle Kinder- und Jugendhilfe", "Stadtschülerrat Lindenau",
                 "Jugendamtselternbeirat Lindenau", "Jugendforum Wiesengrund",
                 "Kinder- und Jugendrat SOS-Kinderdorf Lindenau", _SJR),
        guests=(_JA,),
    ),
    _NetworkSpec(
        "Fachkreis Schulsozialarbeit", "arbeitskreis", "monatlich", "informiert",
        "Schulverwaltungsamt Lindenau", None,
        "Fachaustausch der Schulsozialarbeit aller Schulformen",
        include=("Schulpsychologische Beratungsstelle Lindenau", *_SCHOOL_SOCIAL_WORK, _KJHW),
        guests=("Stadtschülerrat Lindenau",),
        kinds=frozenset({"schule"}), size=17,
    ),
    _NetworkSpec(
        "Stadtteilkonferenz Altstadt", "gremium", "quartalsweise", "angehoert",
        "Familienzentrum Altstadt", "Altstadt", "Alle Einrichtungen und Initiativen der Altstadt",
        include=("Kinderrat Familienzentrum Altstadt", "ASD Regionalteam Mitte"),
        size=18, home_for=("Altstadt",),
    ),
    _NetworkSpec(
        "Stadtteilrunde Bahnhofsviertel", "gremium", "quartalsweise", "keine",
        "Stadtteilbüro Bahnhofsviertel", "Bahnhofsviertel",
        "Runde der Fachkräfte im Bahnhofsviertel",
        include=("ASD Regionalteam Mitte",),
        size=14, home_for=("Bahnhofsviertel",),
    ),
    _NetworkSpec(
        "Stadtteilkonferenz Lindenpark", "gremium", "quartalsweise", "informiert",
        "Familienzentrum Lindenpark", "Lindenpark",
        "Alle Einrichtungen und Initiativen am Lindenpark",
        include=("Elternbeirat Kita Regenbogen", "ASD Regionalteam Mitte"),
        size=14, home_for=("Lindenpark",),
    ),
    _NetworkSpec(
        "Stadtteilkonferenz Nordstadt", "gremium", "monatlich", "angehoert",
        "Quartiersmanagement Nordstadt", "Nordstadt",
        "Alle Einrichtungen und Initiativen der Nordstadt",
        include=("Jugendrat Nord", "Schülervertretung Gesamtschule Nord", "ASD Regionalteam Nord"),
        size=18, home_for=("Nordstadt",),
    ),
    _NetworkSpec(
        "Präventionskette Lindenau-Nord", "netzwerk", "quartalsweise", "mitbestimmend",
        "ASD Regionalteam Nord", "Lindenau-Nord",
        "Abgestimmte Angebote von der Geburt bis zum Berufseinstieg im Bezirk Nord",
        include=("Bewohnerbeirat Rosenhöhe", "Elternbeirat Kita Sonnenblume",
                 "Familienzentrum Nordstadt", "Familienzentrum Mühlenviertel",
                 "Familienzentrum Regenbogenhaus"),
        size=20, home_for=("Mühlenviertel", "Rosenhöhe"),
    ),
    _NetworkSpec(
        "Sozialraumkonferenz Amt Wiesengrund", "gremium", "halbjaehrlich", "angehoert",
        "ASD Regionalteam Wiesengrund", "Amt Wiesengrund", "Sozialraumkonferenz der drei Gemeinden",
        include=("Jugendforum Wiesengrund", "Schulelternbeirat Grundschule Birkhausen"),
        size=16, home_for=("Wiesengrund", "Eichenfelde", "Birkhausen"),
    ),
)


# -- output -------------------------------------------------------------------

@dataclass
class DemoData:
    """Rows for every label and relationship type, fields in load order.

    A node row holds exactly the node's properties (dates as ``date``,
    timestamps as ISO strings); a relationship row holds the ``source``
    and ``target`` node ids plus the relationship's properties. Field ``x``
    is written by the query ``demo_x`` of cypher/demo.cypher.
    """

    areas: list[Row] = field(default_factory=list)
    target_groups: list[Row] = field(default_factory=list)
    actors: list[Row] = field(default_factory=list)
    contacts: list[Row] = field(default_factory=list)
    agreements: list[Row] = field(default_factory=list)
    networks: list[Row] = field(default_factory=list)
    part_of: list[Row] = field(default_factory=list)
    located_in: list[Row] = field(default_factory=list)
    serves: list[Row] = field(default_factory=list)
    operated_by: list[Row] = field(default_factory=list)
    affiliated_with: list[Row] = field(default_factory=list)
    serves_group: list[Row] = field(default_factory=list)
    has_contact: list[Row] = field(default_factory=list)
    party_to: list[Row] = field(default_factory=list)
    member_of: list[Row] = field(default_factory=list)
    coordinated_by: list[Row] = field(default_factory=list)
    scope: list[Row] = field(default_factory=list)

    def extend(self, other: DemoData) -> None:
        for f in fields(self):
            getattr(self, f.name).extend(getattr(other, f.name))

    def size(self) -> int:
        """All rows, nodes and relationships."""
        return sum(len(getattr(self, f.name)) for f in fields(self))

    def counts(self) -> dict[str, int]:
        return {
            "areas": len(self.areas),
            "actors": len(self.actors),
            "agreements": len(self.agreements),
            "networks": len(self.networks),
            "target_groups": len(self.target_groups),
            "contacts": len(self.contacts),
            "memberships": len(self.member_of),
            "parties": len(self.party_to),
        }


def generate(scale: int = 1, today: date | None = None) -> DemoData:
    """All demo rows for ``scale`` copies; dates are relative to ``today``.

    Pure and deterministic: the same arguments give the same rows, and the
    ids do not depend on ``today``.
    """
    data = DemoData()
    for part in _parts(scale, today or date.today()):
        data.extend(part)
    return data


class DemoLoadError(RuntimeError):
    """The demo data cannot be loaded as asked (German message for the CLI)."""


def state(db: Database) -> dict[str, Any] | None:
    """The last demo load's progress: scale, groups written, groups in all."""
    return db.read_one("demo_load_state")


def interrupted(db: Database) -> bool:
    row = state(db)
    return bool(row) and row["done"] < row["groups"]


def load(
    db: Database, scale: int = 1, progress: bool = False, today: date | None = None
) -> dict[str, int]:
    """Write the demo data a group of whole copies at a time; return counts.

    Each group (about ``GROUP_ACTORS`` actors, every agreement with its
    parties, every actor with its location and contacts) is one
    transaction that also records how many groups are written. A load that
    is interrupted (a crash, a killed Neo4j) therefore leaves only whole
    groups, and the next call with the same scale continues after the last
    one. Copies are generated a group at a time, so memory stays bounded.
    """
    before = state(db)
    if before and before["done"] >= before["groups"]:
        raise DemoLoadError(
            f"Die Demodaten (--scale {before['scale']}) sind bereits vollständig geladen. "
            "Für andere Demodaten bitte zuerst die Datenbank leeren.")
    if before and before["scale"] != scale:
        raise DemoLoadError(
            f"Ein unterbrochenes Laden der Demodaten mit --scale {before['scale']} ist "
            f"unvollständig ({before['done']} von {before['groups']} Teilen geschrieben). "
            f"Bitte mit --scale {before['scale']} erneut aufrufen, um es fortzusetzen, "
            "oder die Datenbank leeren.")
    skip = before["done"] if before else 0
    parts = _parts(scale, today or date.today())
    shared, first = next(parts), next(parts)
    per_group = max(1, GROUP_ACTORS // max(1, len(first.actors)))
    groups = -(-scale // per_group)
    totals = dict.fromkeys(first.counts(), 0)
    # Every copy has the same number of rows, so the total is known upfront.
    total_rows = shared.size() + first.size() * scale
    copies = itertools.chain([first], parts)
    with tqdm(total=total_rows, unit="row", desc="Demo data", disable=not progress) as bar:
        for number in range(groups):
            group = DemoData()
            if number == 0:
                group.extend(shared)
            for part in itertools.islice(copies, per_group):
                group.extend(part)
            if number >= skip:
                db.transaction(lambda tx, g=group, n=number: _write_group(tx, g, n + 1, groups,
                                                                          scale))
            bar.update(group.size())
            for key, value in group.counts().items():
                totals[key] += value
    return totals


def _write_group(tx: Tx, group: DemoData, done: int, groups: int, scale: int) -> None:
    for f in fields(group):
        rows = getattr(group, f.name)
        for start in range(0, len(rows), BATCH_SIZE):
            tx.run(f"demo_{f.name}", rows=rows[start:start + BATCH_SIZE])
    tx.run("demo_load_progress", scale=scale, done=done, groups=groups)


def copy_name(name: str, copy: int) -> str:
    """The name (or title) a template area, actor, network or agreement
    carries in copy ``copy``."""
    return name if copy == 1 else f"{name} {copy}"


def _parts(scale: int, today: date) -> Iterator[DemoData]:
    """The nodes shared by all copies (Stadt, target groups), then each copy."""
    if not 1 <= scale < _Ids.LIMIT:
        raise ValueError(f"scale must be between 1 and {_Ids.LIMIT - 1}")
    shared = _Shared()
    yield shared.data
    for copy in range(1, scale + 1):
        yield _Copy(copy, today, shared).build()


# -- ids ----------------------------------------------------------------------

_MASK = (1 << 48) - 1
_ROUND_KEYS = tuple(random.Random(SEED).getrandbits(48) | 1 for _ in range(3))


def _scramble(n: int) -> int:
    """A keyed bijection on 48-bit integers (odd multiply, xor-shift rounds)."""
    for key in _ROUND_KEYS:
        n = (n * key) & _MASK
        n ^= n >> 24
    return n


class _Ids:
    """Node ids of one copy (0: the shared nodes): the scrambled pair
    (copy, counter). Random-looking, unique by construction across copies,
    and independent of ``today``."""

    LIMIT = 1 << 24

    def __init__(self, copy: int):
        self._next = copy * self.LIMIT

    def __call__(self) -> str:
        self._next += 1
        return f"{_scramble(self._next):012x}"


def _node(node_id: str, **props: Any) -> Row:
    return {"id": node_id, **props,
            "version": 1, "created_at": CREATED_AT, "updated_at": CREATED_AT}


def _slug(name: str) -> str:
    """"AWO Kreisverband Lindenau e.V." -> "awo-kreisverband-lindenau"."""
    text = re.sub(r"\b(e\.v\.|ggmbh)", "", fold(name))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# -- building -----------------------------------------------------------------

class _Shared:
    """The Stadt and the target groups: one of each for all copies."""

    def __init__(self) -> None:
        new_id = _Ids(0)
        self.stadt_id = new_id()
        self.group_ids = {name: new_id() for name in _TARGET_GROUPS}
        self.data = DemoData(
            areas=[_node(self.stadt_id, name=CITY, code="LIN", level="stadt", setting="urban")],
            target_groups=[_node(i, name=name) for name, i in self.group_ids.items()],
        )


@dataclass(eq=False)
class _Actor:
    id: str
    name: str  # template name, without the copy suffix
    kind: str
    sector: str
    place: str  # the Sozialraum (also for actors located in one of its Quartiere)
    bezirk: str
    operator: _Actor | None
    isolated: bool

    @property
    def is_body(self) -> bool:
        return self.kind == USER_REPRESENTATION_KIND


@dataclass
class _Agreement:
    type: str
    title: str  # final, with the copy's names
    subject: str
    participation: str
    parties: list[tuple[_Actor, str | None]]  # actor and role


@dataclass
class _Member:
    actor: _Actor
    role: str
    since: date | None
    until: date | None = None


@dataclass
class _Network:
    id: str
    spec: _NetworkSpec
    members: dict[str, _Member] = field(default_factory=dict)  # by actor name


class _Copy:
    """Builds one copy of the three Bezirke and everything in them."""

    def __init__(self, copy: int, today: date, shared: _Shared):
        self.copy = copy
        self.today = today
        self.shared = shared
        self.rng = random.Random(SEED)  # the same draws in every copy
        self.new_id = _Ids(copy)
        self.data = DemoData()
        # Copies sit side by side on the map, 32 to a row.
        self.lat_shift = -0.12 * ((copy - 1) // 32 % 32)
        self.lon_shift = 0.2 * ((copy - 1) % 32)
        self.area_ids: dict[str, str] = {CITY: shared.stadt_id}
        self.actors: dict[str, _Actor] = {}
        self.linked: set[str] = set()  # actors in some agreement or network
        self.agreements: list[_Agreement] = []
        self.networks: list[_Network] = []

    def build(self) -> DemoData:
        self._areas()
        self._actors()
        self._agreements()
        self._networks()
        self._emit_agreements()
        self._emit_networks()
        return self.data

    def _name(self, name: str) -> str:
        return copy_name(name, self.copy)

    def _day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    # areas

    def _areas(self) -> None:
        for b, bezirk in enumerate(_BEZIRKE, start=1):
            setting = bezirk.setting
            code = f"LIN-{(self.copy - 1) * len(_BEZIRKE) + b:02d}"
            bezirk_id = self._area(bezirk.name, code, "bezirk", setting, self.shared.stadt_id)
            for s, place in enumerate(bezirk.places, start=1):
                place_code = f"{code}-{s:02d}"
                place_id = self._area(place.name, place_code, "sozialraum", setting, bezirk_id)
                for q, quartier in enumerate(place.quartiere, start=1):
                    self._area(quartier, f"{place_code}-{q:02d}", "quartier", setting, place_id)

    def _area(self, name: str, code: str, level: str, setting: str, parent_id: str) -> str:
        area_id = self.new_id()
        self.area_ids[name] = area_id
        self.data.areas.append(
            _node(area_id, name=self._name(name), code=code, level=level, setting=setting))
        self.data.part_of.append({"source": area_id, "target": parent_id})
        return area_id

    # actors

    def _actors(self) -> None:
        carriers = {n.operator for b in _BEZIRKE for p in b.places for n in p.named if n.operator}
        carriers |= {name for name in _KITA_OPERATORS if name}
        pools = {kind: iter(names) for kind, names in _POOLS.items()}
        # Carriers first, so that a facility can take its Träger's sector.
        for carriers_pass in (True, False):
            for bezirk in _BEZIRKE:
                for place in bezirk.places:
                    for entry in place.named:
                        if (entry.name in carriers) == carriers_pass:
                            self._actor(entry, bezirk, place)
                    if carriers_pass:
                        continue
                    for kind, count in place.pooled.items():
                        for _ in range(count):
                            operator = (self._weighted(_KITA_OPERATORS) if kind == "kita" else None)
                            self._actor(_N(kind, next(pools[kind]), operator), bezirk, place)
        for traeger, umbrella in _AFFILIATIONS.items():
            self.data.affiliated_with.append(
                {"source": self.actors[traeger].id, "target": self.actors[umbrella].id})

    def _weighted(self, weights: dict[str | None, int]) -> str | None:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _actor(self, entry: _N, bezirk: _Bezirk, place: _Place) -> None:
        rng = self.rng
        operator = self.actors[entry.operator] if entry.operator else None
        if operator:
            sector = operator.sector
        elif entry.public or entry.kind in ALWAYS_PUBLIC_KINDS or entry.kind == "schule":
            sector = "oeffentlich"
        else:
            sector = "frei"
        actor = _Actor(self.new_id(), entry.name, entry.kind, sector, place.name, bezirk.name,
                       operator, entry.name in ISOLATED_ACTORS)
        self.actors[entry.name] = actor

        name = self._name(entry.name)
        slug = _slug(name)
        domain = f"{_slug(self._name(operator.name))}.de" if operator else f"{slug}.de"
        website = f"https://www.{domain}" + (f"/{slug}" if operator else "")
        located = place.name
        if place.quartiere and rng.random() < 0.4:
            located = rng.choice(place.quartiere)
        has_position = rng.random() < 0.7
        lat = round(place.lat + rng.uniform(-0.004, 0.004) + self.lat_shift, 6)
        lon = round(place.lon + rng.uniform(-0.006, 0.006) + self.lon_shift, 6)
        phone = f"{bezirk.phone_prefix} {rng.randint(100000, 999999)}"
        description = _DESCRIPTIONS[entry.kind]
        if entry.kind == "kita":
            description += f" mit {rng.choice((45, 60, 75, 90, 120))} Plätzen"
        self.data.actors.append(_node(
            actor.id,
            name=name,
            kind=entry.kind,
            sector=sector,
            description=description,
            street=f"{rng.choice(place.streets)} {rng.randint(1, 120)}",
            postcode=place.postcode,
            city=CITY,
            lat=lat if has_position else None,
            lon=lon if has_position else None,
            website=website if rng.random() < 0.7 else None,
            email=f"{slug if operator else 'info'}@{domain}" if rng.random() < 0.85 else None,
            phone=phone if rng.random() < 0.9 else None,
            external_id=None,
            search_name=fold(name),
        ))
        self.data.located_in.append({"source": actor.id, "target": self.area_ids[located]})
        # Only links the rules allow (rules/actors.py: a Jugendamt has no Träger,
        # a Klinikum is none), so the forms and the import can build the demo too.
        if operator and entry.kind not in WITHOUT_OPERATOR_KINDS \
                and operator.kind in OPERATOR_KINDS:
            self.data.operated_by.append({"source": actor.id, "target": operator.id})
        for area in self._served(actor, bezirk):
            self.data.serves.append({"source": actor.id, "target": self.area_ids[area]})
        for group in self._groups_of(actor):
            self.data.serves_group.append(
                {"source": actor.id, "target": self.shared.group_ids[group]})
        self._contacts(actor, domain if rng.random() < 0.85 else None)

    def _served(self, actor: _Actor, bezirk: _Bezirk) -> tuple[str, ...]:
        """Areas served besides the own one. Bodies serve only where named,
        and never the Sozialraum kept free of representation."""
        if actor.name in _SERVES_NAMED:
            return _SERVES_NAMED[actor.name]
        rng = self.rng
        if actor.kind == "freier_traeger":
            if actor.name in _UMBRELLAS or rng.random() < 0.5:
                return (CITY,)
            return (bezirk.name,)
        if actor.kind == "beratungsstelle" and rng.random() < 0.6:
            return (bezirk.name,)
        if actor.kind in {"jugendzentrum", "verein", "familienzentrum"} and rng.random() < 0.25:
            neighbours = [p.name for p in bezirk.places if p.name != actor.place]
            return (rng.choice(neighbours),)
        return ()

    def _groups_of(self, actor: _Actor) -> list[str]:
        if actor.is_body:
            return list(_BODY_GROUPS[actor.name])
        if actor.kind == "schule":
            if actor.name.startswith("Grundschule"):
                return ["Schulkinder 6–12"]
            if actor.name.startswith("Förder"):
                return ["Kinder und Jugendliche mit Behinderung", "Schulkinder 6–12"]
            if actor.name.startswith("Berufsbildende"):
                return ["Junge Erwachsene 18–27", "Jugendliche 12–17"]
            return ["Jugendliche 12–17"]
        options = _GROUPS_BY_KIND.get(actor.kind, ())
        groups = [g for i, g in enumerate(options) if i == 0 or self.rng.random() < 0.4]
        if actor.operator and actor.operator.name == _LEBENSHILFE:
            groups.append("Kinder und Jugendliche mit Behinderung")
        return groups

    def _contacts(self, actor: _Actor, domain: str | None) -> None:
        """Business contacts for most actors; a few are public."""
        rng = self.rng
        count = rng.choices((0, 1, 2), weights=(40, 48, 12))[0]
        taken: set[str] = set()
        for _ in range(count):
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
            # The import tells an actor's contacts apart by name: never two of
            # one name (the next surname; no random draw, the rest stays as it was).
            while f"{first} {last}" in taken:
                last = _LAST_NAMES[(_LAST_NAMES.index(last) + 1) % len(_LAST_NAMES)]
            taken.add(f"{first} {last}")
            contact_id = self.new_id()
            self.data.contacts.append(_node(
                contact_id,
                name=f"{first} {last}",
                function=_FUNCTIONS[actor.kind],
                email=f"{_slug(first)}.{_slug(last)}@{domain}" if domain else None,
                phone=f"0{rng.randint(5561, 5563)} {rng.randint(100000, 999999)}",
                public=rng.random() < 0.2,
            ))
            self.data.has_contact.append({"source": actor.id, "target": contact_id})

    # agreements

    def _pick(self, kind: str | None = None, place: str | None = None,
              bezirk: str | None = None) -> list[_Actor]:
        """Actors that may take part in cooperation, in template order."""
        return [
            a for a in self.actors.values()
            if not a.isolated
            and (kind is None or a.kind == kind)
            and (place is None or a.place == place)
            and (bezirk is None or a.bezirk == bezirk)
        ]

    def _agree(self, type_: str, title: str, parties: Iterable[tuple[_Actor | str, str | None]],
               participation: str | None = None, subject: str | None = None) -> None:
        """Record an agreement; parties are actors or template names, each
        taken once. Without a given level, participation is drawn: higher
        when a user-representation body is a party."""
        resolved: dict[str, tuple[_Actor, str | None]] = {}
        for party, role in parties:
            actor = self.actors[party] if isinstance(party, str) else party
            resolved.setdefault(actor.name, (actor, role))
        if participation is None:
            if any(actor.is_body for actor, _ in resolved.values()):
                participation = self.rng.choice(("angehoert", "mitbestimmend"))
            else:
                participation = self._weighted({"keine": 55, "informiert": 30, "angehoert": 15})
        self.linked.update(resolved)
        self.agreements.append(_Agreement(
            type_, title, subject or _SUBJECTS[type_], participation, list(resolved.values())))

    def _agreements(self) -> None:
        rng = self.rng
        youth_office = self.actors[_JA]
        public_role = "öffentlicher Träger"

        # Child protection (§ 8a) with every free carrier that runs facilities.
        carriers = list({a.operator.name: a.operator for a in self.actors.values()
                         if a.operator and a.operator.sector == "frei"}.values())
        for carrier in carriers:
            facilities = [a for a in self._pick() if a.operator is carrier]
            picked = rng.sample(facilities, min(2, len(facilities)))
            title = ("Vereinbarung zum Schutzauftrag nach § 8a SGB VIII – "
                     + self._name(carrier.name))
            self._agree("kinderschutz_8a", title,
                        [(youth_office, public_role), (carrier, "Träger"),
                         *((f, "Einrichtung") for f in picked)])

        # Exclusion of convicted persons (§ 72a) with some of the clubs.
        clubs = self._pick(kind="verein")
        for club in rng.sample(clubs, len(clubs) * 3 // 10):
            title = f"Vereinbarung nach § 72a SGB VIII – {self._name(club.name)}"
            self._agree("ausschluss_72a", title, [(youth_office, public_role), (club, "Verein")])

        for provider in _HZE_PROVIDERS:
            title = ("Leistungs- und Entgeltvereinbarung Hilfen zur Erziehung – "
                     + self._name(provider))
            self._agree("entgelt_77_78b", title,
                        [(youth_office, public_role), (provider, "Leistungserbringer")])

        for bezirk in _BEZIRKE:
            asd = self.actors[f"ASD Regionalteam {bezirk.short}"]
            for school in self._pick(kind="schule", bezirk=bezirk.name):
                if rng.random() >= 0.7:
                    continue
                provider = _KJHW if bezirk.setting == "rural" else rng.choice(_SCHOOL_SOCIAL_WORK)
                parties = [(school, "Schule"), (asd, public_role),
                           (provider, "Träger der Schulsozialarbeit")]
                centres = self._pick(kind="jugendzentrum", place=school.place)
                if centres and rng.random() < 0.5:
                    parties.append((rng.choice(centres), "Kooperationspartner"))
                title = f"Kooperationsvereinbarung Schulsozialarbeit {self._name(school.name)}"
                self._agree("jugendhilfe_schule", title, parties)

            partners = [a for a in self._pick(bezirk=bezirk.name)
                        if a.kind in {"gesundheit", "familienzentrum"}]
            title = f"Netzwerkvereinbarung Frühe Hilfen {self._name(bezirk.name)}"
            self._agree("fruehe_hilfen", title,
                        [(_FRUEHE_HILFEN, "Koordination"),
                         (_GESUNDHEITSAMT, None),
                         *((p, None) for p in rng.sample(partners, 3))])

            for place in bezirk.places:
                self._place_agreements(place)

        for centre in self._pick(kind="familienzentrum"):
            counselling = self._pick(kind="beratungsstelle", bezirk=centre.bezirk)
            kitas = self._pick(kind="kita", place=centre.place)
            self._agree("kooperation", f"Kooperationsvereinbarung {self._name(centre.name)}",
                        [(centre, "Familienzentrum"), (rng.choice(counselling), None),
                         *((k, None) for k in rng.sample(kitas, rng.randint(1, 2)))])

        for type_, title, participation, parties in _SPECIAL_AGREEMENTS:
            self._agree(type_, self._name(title), parties, participation)

    def _place_agreements(self, place: _Place) -> None:
        """Kita-to-school transition for every Kita; holiday and gym deals."""
        rng = self.rng
        schools = [s for s in self._pick(kind="schule", place=place.name)
                   if s.name.startswith("Grundschule")]
        kitas = self._pick(kind="kita", place=place.name)
        chunks = [kitas[i:i + 4] for i in range(0, len(kitas), 4)]
        for i, chunk in enumerate(chunks):
            title = f"Kooperation Übergang Kita–Grundschule {self._name(place.name)}"
            if len(chunks) > 1:
                title += f", Verbund {i + 1}"
            self._agree("kooperation", title,
                        [(schools[i % len(schools)], "Grundschule"), *((k, "Kita") for k in chunk)],
                        subject="Gestaltung des Übergangs von der Kita in die Grundschule")

        # Clubs without a tie yet come first, so that the holidays reach them.
        clubs = sorted(self._pick(kind="verein", place=place.name),
                       key=lambda c: c.name in self.linked)
        hosts = (self._pick(kind="jugendzentrum", place=place.name)[:1]
                 + self._pick(kind="kirchengemeinde", place=place.name)[:1])
        self._agree("informell", f"Absprache Ferienprogramm {self._name(place.name)}",
                    [*((h, None) for h in hosts), *((c, None) for c in clubs[:3])])
        if rng.random() < 0.6:
            school = rng.choice(self._pick(kind="schule", place=place.name))
            self._agree("informell", f"Absprache Hallennutzung {self._name(school.name)}",
                        [(school, "Schule"), (rng.choice(clubs), "Verein")],
                        subject="Nutzung der Schulturnhalle an Nachmittagen und in den Ferien")

    def _emit_agreements(self) -> None:
        rng = self.rng
        # Fixed numbers of each date situation, shuffled over the agreements.
        profiles = ["expiring"] * 10 + ["expired"] * 18 + ["draft"] * 8 + ["terminated"] * 4
        rest = len(self.agreements) - len(profiles)
        profiles += [rng.choice(("open", "running")) for _ in range(rest)]
        rng.shuffle(profiles)
        for number, (agreement, profile) in enumerate(zip(self.agreements, profiles), start=1):
            status, valid_from, valid_until, review = self._dates(profile)
            agreement_id = self.new_id()
            self.data.agreements.append(_node(
                agreement_id,
                title=agreement.title,
                search_name=fold(agreement.title),
                type=agreement.type,
                subject=agreement.subject,
                valid_from=valid_from,
                valid_until=valid_until,
                status=status,
                review_date=review,
                document_ref=None if agreement.type == "informell" else f"Az. 51-{number:03d}",
                participation=agreement.participation,
            ))
            for actor, role in agreement.parties:
                self.data.party_to.append(
                    {"source": actor.id, "target": agreement_id, "role": role})

    def _dates(self, profile: str) -> tuple[str, date | None, date | None, date | None]:
        """Status, valid_from, valid_until and review_date for a profile;
        the status always agrees with the dates."""
        rng, day = self.rng, self._day
        if profile == "expired":
            end = -rng.randint(1, 900)
            return "ausgelaufen", day(end - rng.randint(365, 1460)), day(end), None
        if profile == "draft":
            start = rng.randint(14, 200)
            end = day(start + rng.randint(365, 1460)) if rng.random() < 0.5 else None
            return "entwurf", day(start), end, None
        if profile == "terminated":
            return "gekuendigt", day(-rng.randint(400, 2000)), day(-rng.randint(1, 300)), None
        start = day(-rng.randint(60, 2000))
        review_roll = rng.random()
        if review_roll < 0.2:
            review = day(-rng.randint(1, 240))  # review overdue
        elif review_roll < 0.8:
            review = day(rng.randint(30, 540))
        else:
            review = None
        if profile == "expiring":
            return "aktiv", start, day(rng.randint(3, 88)), review
        if profile == "running":
            return "aktiv", start, day(rng.randint(91, 1500)), review
        return "aktiv", start, None, review

    # networks

    def _networks(self) -> None:
        for spec in _NETWORKS:
            network = _Network(self.new_id(), spec)
            self.networks.append(network)
            self._join(network, self.actors[spec.coordinator], "koordination")
            for name in spec.include:
                self._join(network, self.actors[name], "mitglied")
            for name in spec.guests:
                self._join(network, self.actors[name], "gast")
            candidates = [
                a for a in self._pick()
                if not a.is_body and a.name not in network.members
                and (not spec.kinds or a.kind in spec.kinds)
                and spec.scope in (None, a.place, a.bezirk)
            ]
            for actor in candidates:
                if actor.place in spec.home_for and actor.name not in self.linked:
                    self._join(network, actor, "mitglied")
            candidates = [a for a in candidates if a.name not in network.members]
            wanted = max(0, spec.size - len(network.members))
            for actor in self.rng.sample(candidates, min(wanted, len(candidates))):
                self._join(network, actor, "gast" if self.rng.random() < 0.1 else "mitglied")
        self._former_and_future_members()

    def _join(self, network: _Network, actor: _Actor, role: str,
              since: date | None = None, until: date | None = None) -> None:
        if actor.name in network.members:
            return
        if since is None and self.rng.random() < 0.8:
            since = self._day(-self.rng.randint(30, 3650))
        network.members[actor.name] = _Member(actor, role, since, until)
        self.linked.add(actor.name)

    def _former_and_future_members(self) -> None:
        """A few memberships that ended, and two that start soon; never of
        bodies, so that the participation picture stays as designed."""
        rng = self.rng
        for ended in (True, True, True, True, False, False):
            network = rng.choice([n for n in self.networks if len(n.members) < _MAX_MEMBERS])
            scope = network.spec.scope
            actor = rng.choice([
                a for a in self._pick()
                if a.name in self.linked and not a.is_body and a.name not in network.members
                and scope in (None, a.place, a.bezirk)
            ])
            if ended:
                until = self._day(-rng.randint(10, 400))
                since = until - timedelta(days=rng.randint(180, 1800))
                self._join(network, actor, "mitglied", since, until)
            else:
                self._join(network, actor, "mitglied", self._day(rng.randint(7, 60)))

    def _emit_networks(self) -> None:
        for network in self.networks:
            spec = network.spec
            self.data.networks.append(_node(
                network.id,
                name=self._name(spec.name),
                search_name=fold(self._name(spec.name)),
                type=spec.type,
                description=spec.description,
                rhythm=spec.rhythm,
                participation=spec.participation,
            ))
            self.data.coordinated_by.append(
                {"source": network.id, "target": self.actors[spec.coordinator].id})
            if spec.scope:
                self.data.scope.append({"source": network.id, "target": self.area_ids[spec.scope]})
            for member in network.members.values():
                self.data.member_of.append({
                    "source": member.actor.id, "target": network.id, "role": member.role,
                    "since": member.since, "until": member.until,
                })
