"""Writes to the assets app. Each function is a transaction and returns what it made."""

from .matching import contact_log_add, match_create, match_update, need_create, need_update
from .offers import (
    default_category,
    offer_confirm,
    offer_confirm_token,
    offer_create,
    offer_from_token,
    offer_organisation_check,
    offer_pause,
    offer_reminder_queue,
    offer_reminder_send,
    offer_safeguarding_check,
    offer_update,
    offer_view_record,
    offer_withdraw,
    offers_expire,
    offers_sweep,
    safeguarding_digest,
    subcategory_create,
)
from .renewal import offer_link_send, offer_next_reminder_on, renewal_outlook
from .taxonomy import subcategory_rename, subcategory_retire
from .transfer import ImportResult, RowError, offers_export_csv, offers_import_csv

__all__ = [
    "ImportResult",
    "RowError",
    "contact_log_add",
    "default_category",
    "match_create",
    "match_update",
    "need_create",
    "need_update",
    "offer_confirm",
    "offer_confirm_token",
    "offer_create",
    "offer_from_token",
    "offer_link_send",
    "offer_next_reminder_on",
    "offer_reminder_queue",
    "offer_reminder_send",
    "offer_organisation_check",
    "offer_pause",
    "offer_safeguarding_check",
    "safeguarding_digest",
    "offer_update",
    "offer_view_record",
    "offer_withdraw",
    "offers_expire",
    "offers_export_csv",
    "offers_import_csv",
    "offers_sweep",
    "renewal_outlook",
    "subcategory_create",
    "subcategory_rename",
    "subcategory_retire",
]
