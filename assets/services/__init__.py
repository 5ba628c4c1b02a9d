"""Writes to the assets app. Each function is a transaction and returns what it made."""

from .matching import contact_log_add, match_create, match_update, need_create, need_update
from .offers import (
    default_category,
    offer_confirm,
    offer_confirm_token,
    offer_create,
    offer_from_token,
    offer_reminder_queue,
    offer_reminder_send,
    offer_safeguarding_check,
    offer_update,
    offer_view_record,
    offer_withdraw,
    offers_expire,
    offers_sweep,
    subcategory_create,
)
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
    "offer_reminder_queue",
    "offer_reminder_send",
    "offer_safeguarding_check",
    "offer_update",
    "offer_view_record",
    "offer_withdraw",
    "offers_expire",
    "offers_export_csv",
    "offers_import_csv",
    "offers_sweep",
    "subcategory_create",
]
