"""UK phone numbers as people type them ("07700 900123", "+44 7700 900123", "01522 555 000"),
read with Google's libphonenumber (the ``phonenumbers`` package): valid or not, a mobile (can
get text messages) or not, and one stored form (E.164, "+447700900123")."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

# Mobiles that take texts; "personal" numbers (070) are forwarded and may not.
_TEXTABLE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
# The UK and the Crown Dependencies share +44.
_UK_REGIONS = {"GB", "GG", "JE", "IM"}
# Mobile ranges (07 but not 070 personal numbers or 076 pagers). libphonenumber holds Ofcom's
# drama range (07700 900000 to 900999, used by Notify's test numbers and ours) invalid, but a
# number in these ranges with the right length is a mobile for our purposes.
_MOBILE_PREFIXES = ("71", "72", "73", "74", "75", "77", "78", "79")


@dataclass(frozen=True)
class UkPhone:
    e164: str
    national: str
    is_mobile: bool


def uk_phone_parse(text: str) -> UkPhone | None:
    """The UK number ``text`` spells, or None when it is not a valid UK number (or empty)."""
    try:
        number = phonenumbers.parse(text, "GB")
    except NumberParseException:
        return None
    if number.country_code != 44:
        return None
    if phonenumbers.is_valid_number(number):
        if phonenumbers.region_code_for_number(number) not in _UK_REGIONS:
            return None
        is_mobile = phonenumbers.number_type(number) in _TEXTABLE
    elif phonenumbers.is_possible_number(number) and _mobile_range(number):
        is_mobile = True
    else:
        return None
    return UkPhone(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        national=phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
        is_mobile=is_mobile,
    )


def _mobile_range(number: phonenumbers.PhoneNumber) -> bool:
    national = str(number.national_number)
    return len(national) == 10 and national.startswith(_MOBILE_PREFIXES)


def uk_phone_display(stored: str) -> str:
    """A stored number as people write it ("07700 900123"); anything else as it was typed."""
    phone = uk_phone_parse(stored)
    return phone.national if phone else stored


def is_uk_mobile(text: str) -> bool:
    """Whether ``text`` is a UK mobile number, which can take text messages."""
    phone = uk_phone_parse(text)
    return phone is not None and phone.is_mobile
