"""Search over the demo municipality: tolerant of case, umlauts, ß and partial
words, over names and addresses, every term must match."""
from __future__ import annotations

from registry.entities import actors, areas
from registry import demo
from registry.text import fold


def test_search_tolerates_case_umlauts_sharp_s_and_partial_words(client, db, login_as):
    demo.load(db)

    def found(q: str, **filters) -> list[dict]:
        page = actors.search(db, actors.Filters(q=q, **filters), per_page=200)
        assert page.total == len(page.items) or page.total > 200
        return page.items

    def names(q: str, **filters) -> list[str]:
        return [a["name"] for a in found(q, **filters)]

    for q in ("jugendhilfe", "JUGENDHILFE", "Jugendhilfe Süd", "jugendhilfe sud", "hilfe sü"):
        assert "Jugendhilfe Süd gGmbH" in names(q), q
    # All terms must match.
    assert "Jugendhilfe Süd gGmbH" not in names("jugendhilfe nord")
    for q in ("muller", "Müller", "MÜLLER", "müll", "kinderhaus mull"):
        assert "Kinderhaus Müller e.V." in names(q), q

    # ß and ss find each other, in the street as well as in the name.
    by_ss = found("hauptstrasse")
    by_sharp = found("Hauptstraße")
    assert by_ss and [a["id"] for a in by_ss] == [a["id"] for a in by_sharp]
    assert all("hauptstrasse" in fold(a["street"]) or "hauptstrasse" in fold(a["name"])
               for a in by_ss)
    assert found("schlossstrasse") and [a["id"] for a in found("schlossstrasse")] == \
        [a["id"] for a in found("Schloßstraße")]
    # Name and address terms combine (AND).
    kitas = found("kita hauptstr")
    assert kitas and all("kita" in fold(a["name"]) and "hauptstr" in fold(a["street"])
                         for a in kitas)
    assert len(kitas) < len(by_ss) + len(found("kita"))

    # Search and filters together; an area filter includes the areas below it.
    quartier = areas.search(db, areas.Filters(q="Marktviertel")).items[0]
    sozialraum = quartier["parent"]
    in_quartier = {a["id"] for a in found("", area=quartier["id"])}
    in_sozialraum = {a["id"] for a in found("", area=sozialraum["id"])}
    assert in_quartier and in_quartier < in_sozialraum
    assert all(a["kind"] == "kita" for a in found("", area=sozialraum["id"], kind="kita"))

    # The same through the page, with the search kept in the form.
    login_as("ausschuss")
    for q in ("muller", "Müller"):
        page = client.get("/akteure/", query_string={"q": q}).get_data(as_text=True)
        assert "Kinderhaus Müller e.V." in page
        assert f'value="{q}"' in page
    page = client.get("/akteure/", query_string={"q": "jugendhilfe"}).get_data(as_text=True)
    assert "Jugendhilfe Süd gGmbH" in page

    # Areas: by folded name and by code.
    page = client.get("/sozialraeume/", query_string={"q": "bahnhof"}).get_data(as_text=True)
    assert "Bahnhofsviertel" in page and "Altstadt" not in page
    page = client.get("/sozialraeume/", query_string={"q": "lin-01-01"}).get_data(as_text=True)
    assert "Altstadt" in page
