"""Recommendations delivered from the database: saved with a pending delivery before the ack, posted by workers.

`Deliveries.save` runs in the view_submission listener, before ack() (bot.delivery.submission): the decision and
its delivery row are one transaction, bounded in time (SAVE_SECONDS). Saved means it will be posted; not saved in
time means the user is asked to submit again, the modal still open with the answers.

`Deliveries` then runs worker threads in every `serve` process (bot.delivery.workers). A worker claims one due
delivery (bot.store.deliveries: FOR UPDATE SKIP LOCKED on PostgreSQL), posts its next stage (bot.delivery.stages:
parent message, thread reply, chart), records it, and goes on. Slack failing (429, 5xx, no answer) reschedules the
delivery, after Retry-After or a growing backoff, until its deadline; a final failure is recorded once and told to
the user once. A process that stops gives its claims back; one that dies leaves claims that expire after the lease.
Either way another process (or the next start) posts what is pending.

At most once per stage, with one narrow exception: a worker that dies (or loses the database for longer than its
lease) after Slack accepted a message but before recording it leaves that stage to be posted again.
"""

from bot.delivery.stages import CHART_FILENAME, chart_title
from bot.delivery.submission import SAVE_SECONDS, CannotSave, Submission, clean_text, storable
from bot.delivery.workers import Deliveries
from bot.store.session import DatabaseBusy

__all__ = [
    "CHART_FILENAME",
    "SAVE_SECONDS",
    "CannotSave",
    "DatabaseBusy",
    "Deliveries",
    "Submission",
    "chart_title",
    "clean_text",
    "storable",
]
