"""``adfontes serve``: the workbench, a web interface over the store.

Each page is a view function in ``serve.pages`` that returns data; the same data is rendered as
HTML at ``/x``, as JSON at ``/x.json`` and, for lists, as CSV at ``/x.csv``.
"""
