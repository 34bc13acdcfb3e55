"""One blueprint per area of the UI. Views are thin: parse the request, call
one capability module, render."""
