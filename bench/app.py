"""The app as the benchmark serves it: `gunicorn bench.app:app`.

The product's own app (wsgi.py) with two additions that exist only here: the
Server-Timing header (bench/timing.py) and the ceiling pages (bench/ceilings.py).
"""

from bench import ceilings, timing
from tracker import create_app

app = create_app()
timing.register(app)
ceilings.register(app)
