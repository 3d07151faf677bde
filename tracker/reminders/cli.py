"""`flask send-reminders`: the scan and the sending in one process, no worker needed."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError
from tqdm import tqdm

from tracker.reminders import delivery, services
from tracker.text import hkdate

# Show a progress bar from this many e-mails on (a handful needs none).
PROGRESS_FROM = 20


def summary_table(counts: dict[str, int]) -> str:
    """claimed / sent / failed / skipped as a two-line table with aligned columns."""
    names = ("claimed", "sent", "failed", "skipped")
    widths = [max(len(n), len(str(counts.get(n, 0)))) for n in names]
    header = "  ".join(n.rjust(w) for n, w in zip(names, widths, strict=True))
    values = "  ".join(str(counts.get(n, 0)).rjust(w) for n, w in zip(names, widths, strict=True))
    return f"{header}\n{values}"


def claims_table(result: services.ScanResult) -> str:
    """What a dry run would claim, one line per ledger row."""
    lines = [f"{'kind':<16} {'object':>7} {'due':<10} {'offset':>6}  status"]
    for c in result.claims:
        status = "send" if c.status == "pending" else "skip (a more urgent one is due)"
        lines.append(f"{c.kind:<16} {c.object_id:>7} {hkdate(c.due_on):<10} "
                     f"{c.offset_days:>6}  {status}")
    return "\n".join(lines)


def send_claimed(result: services.ScanResult) -> Counter:
    """Send every row the scan claimed, one attempt each (failures stay for the retry)."""
    outcomes: Counter = Counter()
    ids = result.to_send
    for ledger_id in tqdm(ids, disable=len(ids) < PROGRESS_FROM, unit="e-mail",
                          desc="Sending", file=sys.stderr):
        try:
            outcomes[delivery.deliver(ledger_id, result.today, final=True)] += 1
        except Exception as error:  # noqa: BLE001 - recorded on the row; keep sending the rest
            click.echo(f"Reminder {ledger_id} failed: {error!r}", err=True)
            outcomes["failed"] += 1
    return outcomes


@click.command("send-reminders")
@click.option("--today", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Act as if today were this date (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Show what would be claimed; write and send nothing.")
@with_appcontext
def send_reminders_command(day: datetime | None, dry_run: bool) -> None:
    """Claim the reminders due today and send them from this process."""
    try:
        result = services.scan(day.date() if day else None, dry_run=dry_run, trigger="cli")
    except SQLAlchemyError as error:
        click.echo(f"Error: could not run the scan: {str(error).splitlines()[0]}", err=True)
        sys.exit(1)
    click.echo(f"Reminders for {hkdate(result.today)}{' (dry run)' if dry_run else ''}")
    counts = {"claimed": len(result.to_send), "skipped": result.skipped}
    if dry_run:
        if result.claims:
            click.echo(claims_table(result))
        click.echo(summary_table(counts))
        click.echo("Dry run: nothing was written or sent.")
        return
    outcomes = send_claimed(result)
    counts.update(sent=outcomes["sent"], failed=outcomes["failed"],
                  skipped=result.skipped + outcomes["skipped"])
    click.echo(summary_table(counts))
    if outcomes["busy"]:
        click.echo(f"{outcomes['busy']} were taken by a worker at the same time.")
    if outcomes["failed"]:
        click.echo("Failed reminders are listed on the Notifications page; the hourly retry "
                   "sends them once the mail server answers.")


def register(app: Flask) -> None:
    app.cli.add_command(send_reminders_command)
