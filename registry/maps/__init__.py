"""Network maps: the filtered view of who cooperates with whom, its drawing
with pyvis and vis-network, the server-side layout for large maps, and the
exports (html, svg, png, graphml, gexf, json, csv).

    filters.py  query arguments -> MapFilters (a WTForms form, GET)
    view.py     MapFilters -> MapView (nodes, edges; no Flask)
    layout.py   deterministic server-side layout (physics off in the browser),
                also grouped by Sozialraum
    colours.py  what an actor's colour says: kind, Sozialraum, Träger or carrier
    render.py   MapView -> pyvis Network -> JSON payload for static/js/map.js
    table.py    the same view as sortable tables (the map's text alternative)
    image.py    SVG, PNG and PDF pictures: what is drawn (the scene) ...
    image_process.py  ... drawn by matplotlib in a short-lived process
    exports.py  MapView -> bytes of every export format

The actor page's "kooperiert mit" and ego map live in registry/maps/cooperation.py.
"""
