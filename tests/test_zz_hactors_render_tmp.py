from factories import GraphBuilder
from conftest import post_form
def test_render(client, db, login_as):
    g = GraphBuilder(db)
    s = g.area("Nord")
    t = g.actor("Träger", kind="freier_traeger", area=s)
    f = g.actor("Kita", kind="kita", area=s, operator=t, website="https://x.example", description="Zeile 1\nZeile 2")
    g.contact(f, "Erika", public=True)
    g.save()
    login_as("koordination")
    open("/tmp/h-actors-form.html","w").write(client.get(f"/akteure/{f}/bearbeiten").get_data(as_text=True))
    open("/tmp/h-actors-detail.html","w").write(client.get(f"/akteure/{f}").get_data(as_text=True))
    open("/tmp/h-actors-delete.html","w").write(client.get(f"/akteure/{t}/loeschen").get_data(as_text=True))
