"""The entities a coordinator maintains: actors (with contacts), areas
(Sozialräume), target groups, agreements (with parties) and networks (with
members). Each module lists, reads and saves its entity; the rules they keep
live in registry.rules."""
