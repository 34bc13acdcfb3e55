"""Network maps: the filtered view of who cooperates with whom, its drawing
with pyvis and vis-network, the server-side layout for large maps, and the
exports (html, svg, png, graphml, gexf, json, csv).

    filters.py  query arguments -> MapFilters (a WTForms form, GET)
    view.py     MapFilters -> MapView (nodes, edges; no Flask)
    layout.py   deterministic server-side layout (physics off in the browser)
    render.py   MapView -> pyvis Network -> JSON payload for static/js/map.js
    exports.py  MapView -> bytes of every export format
"""
