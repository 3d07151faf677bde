"""Celery, the way the Flask documentation sets it up.

`celery_init_app(app)` builds a Celery app whose tasks run inside the Flask
app context, from the nested CELERY settings, and stores it in
`app.extensions["celery"]` (wsgi.py exposes it as `wsgi.celery_app`, so
`celery -A wsgi.celery_app worker` and `… beat` work).
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task, bootsteps
from flask import Flask

FILESYSTEM_BROKER = "filesystem://"


class FlaskCelery(Celery):
    """A Celery app that knows its Flask app (the consumer step below needs it)."""

    flask_app: Flask


def celery_settings(app: Flask) -> dict[str, Any]:
    """The app's CELERY settings, with folders filled in for the embedded broker.

    With `filesystem://` (used by `make run` when no Redis answers) messages
    are files in instance/celery/; results are not kept (nothing reads them).
    """
    settings = dict(app.config["CELERY"])
    if settings.get("broker_url", "").startswith(FILESYSTEM_BROKER):
        folder = app.config.get("CELERY_FS_FOLDER") or os.path.join(app.instance_path, "celery")
        queue, processed = os.path.join(folder, "queue"), os.path.join(folder, "processed")
        # kombu keeps its exchange tables in ./control unless told otherwise.
        control = os.path.join(folder, "control")
        for path in (queue, processed, control):
            os.makedirs(path, exist_ok=True)
        settings["broker_transport_options"] = {
            "data_folder_in": queue, "data_folder_out": queue, "processed_folder": processed,
            "control_folder": control, "store_processed": False, "polling_interval": 0.5,
        }
        settings["result_backend"] = None
    return settings


def celery_init_app(app: Flask) -> FlaskCelery:
    """Create the Celery app bound to *app*; every task runs in an app context."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = FlaskCelery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(celery_settings(app))
    celery_app.steps["consumer"].add(ResumeOnConnect)
    celery_app.set_default()
    celery_app.flask_app = app  # for the consumer step below
    app.extensions["celery"] = celery_app
    import tracker.auth.tasks  # noqa: F401 - register the tasks with this app
    import tracker.imports.tasks  # noqa: F401
    import tracker.portal.tasks  # noqa: F401
    import tracker.reminders.tasks  # noqa: F401

    return celery_app


class ResumeOnConnect(bootsteps.StartStopStep):
    """Each time the worker connects to the broker, first start and every reconnection:
    re-queue reminders left unfinished, and run today's scan if it was missed.

    A broker that restarted empty has lost the queued send tasks; their ledger rows
    stay `pending` and are sent from here at once, instead of at the next hourly
    retry. Run by this worker (with its settings) rather than queued. Celery starts
    a consumer step again on every reconnection; a worker_ready hook runs only once.
    """

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def start(self, parent: Any) -> None:
        from tracker.reminders.tasks import resume

        with parent.app.flask_app.app_context():
            resume.run()
