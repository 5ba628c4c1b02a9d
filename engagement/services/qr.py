"""QR codes for registration codes (segno). The QR holds only the short code."""

from __future__ import annotations

import io

import segno

from ..models import Registration


def code_qr_svg(code: str) -> bytes:
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind="svg", scale=6, border=2)
    return out.getvalue()


def registration_qr_png(registration: Registration) -> bytes:
    out = io.BytesIO()
    segno.make(registration.code, error="m", micro=False).save(out, kind="png", scale=8, border=2)
    return out.getvalue()
