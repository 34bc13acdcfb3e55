"""The rules about each entity, written once: one module per entity.

Form (``registry/forms``), entity module (``registry/entities/actors.py`` ...), import
(``registry/exchange``) and restore all call these functions, so they cannot
disagree. Rules are pure: values in, a German message (or a normalised value)
out; no I/O, no HTTP.
"""
