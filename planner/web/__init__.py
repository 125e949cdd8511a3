"""`planner serve`: the plan set in a browser, live, to the people allowed to see it.

`app.py` makes the Starlette app; `views/` has one module per kind of page; `templates/` the
page templates (Jinja); `static/` the CSS, the page script and the vendored Chart.js.
"""
