"""The apps' own settings, one block per app, each read from the environment with its default
stated here and nowhere else (the README's configuration table lists them).

Code reads them as ``settings.NAME`` when it needs the value, never into a module constant at
import, so an override (a test's ``settings`` fixture, ``override_settings``) takes effect.
``base`` imports every name below; a test checks none is left out.
"""

from .environment import env

# engagement: reach. A group is flagged under-represented when its share of the equality answers
# is below this fraction of its share of the population, and only once there are enough answers
# for the comparison to mean something.
EVENTS_UNDER_REPRESENTED_RATIO = env.float("EVENTS_UNDER_REPRESENTED_RATIO", default=0.75)
EVENTS_MIN_RESPONSES_TO_COMPARE = env.int("EVENTS_MIN_RESPONSES_TO_COMPARE", default=10)
# engagement: equality answers are counted in shuffled batches of at least this many (and every
# night whatever is waiting), so neither order nor timing links an answer to a booking.
EQUALITY_RELEASE_BATCH = env.int("EQUALITY_RELEASE_BATCH", default=5)
# engagement: how long a new programme keeps registrations and contact details (days).
DEFAULT_RETENTION_DAYS = env.int("DEFAULT_RETENTION_DAYS", default=365)

# The most one request may send (uploads included), refused before it is read: above the
# largest upload any form allows, so those forms can still say what is wrong in their own words.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=12 * 1024 * 1024)

# cafes: tablecloth photos, checked before they are decoded and re-encoded.
CAFE_PHOTO_MAX_BYTES = env.int("CAFE_PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
CAFE_PHOTO_MAX_PIXELS = env.int("CAFE_PHOTO_MAX_PIXELS", default=40_000_000)

# budgeting: bid attachments; and the amount past which a typed sum is taken for a typing mistake
# (nothing in a community pot is ever this large: £1,000,000).
BUDGETING_MAX_UPLOAD_BYTES = env.int("BUDGETING_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
BUDGETING_ABSURD_AMOUNT_PENCE = env.int("BUDGETING_ABSURD_AMOUNT_PENCE", default=100_000_000)

# PB voting: the HMAC key for voting codes (empty: the site's SECRET_KEY; changing it invalidates
# printed cards). Code guessing: wrong codes allowed per address per window. Generous, because
# every phone in a hall on the venue's Wi-Fi shares one address and people mistype; a hundred
# guesses against 65-bit codes is still nothing. Counted per vote and per client address.
VOTING_CODE_SECRET = env("VOTING_CODE_SECRET", default="")
VOTING_GUESS_LIMIT = env.int("VOTING_GUESS_LIMIT", default=100)
VOTING_GUESS_WINDOW_SECONDS = env.int("VOTING_GUESS_WINDOW_SECONDS", default=600)

# The proxies in front of the site (addresses or CIDR ranges, comma-separated): X-Forwarded-For
# is believed only from them (engagement.network.client_address). Empty: never believed.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# assets: map tiles (the content security policy allows images from MAP_TILE_HOSTS, so the
# tile URL's host must be among them); how long an offer lasts, when the re-confirm reminder
# goes, and the furthest ahead an offerer's consent may run (days).
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="© OpenStreetMap contributors")
MAP_TILE_HOSTS = env.list("MAP_TILE_HOSTS", default=["https://tile.openstreetmap.org"])
ASSET_OFFER_VALID_DAYS = env.int("ASSET_OFFER_VALID_DAYS", default=180)
ASSET_REMINDER_DAYS = env.int("ASSET_REMINDER_DAYS", default=14)
ASSET_CONSENT_MAX_DAYS = env.int("ASSET_CONSENT_MAX_DAYS", default=730)
# An individual's offer whose consent has ended is anonymised this many days later.
ASSET_LAPSED_CONSENT_GRACE_DAYS = env.int("ASSET_LAPSED_CONSENT_GRACE_DAYS", default=30)

# reports: 360Giving identifiers. The prefix is the publisher's, registered with 360Giving; the
# funder id is the funding organisation's org-id (e.g. GB-GOR-...), derived when empty.
REPORTS_360G_PREFIX = env("REPORTS_360G_PREFIX", default="360G-commonground")
REPORTS_360G_FUNDER_ID = env("REPORTS_360G_FUNDER_ID", default="")

# engagement: how messages to people go out. "email" sends email through Django's email backend
# (DJANGO_EMAIL_BACKEND); "notify" sends email and text messages through GOV.UK Notify, with one
# template per channel and language whose whole content is the personalisation the product
# sends (README: "Text messages and GOV.UK Notify"). NOTIFY_BASE_URL changes only for the test
# double. NOTIFY_RATE_LIMIT is each worker's cap on Notify calls (Celery's rate_limit syntax),
# kept under Notify's limit of 3,000 messages a minute.
MESSAGE_CHANNEL = env.str("MESSAGE_CHANNEL", default="email")
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_EN = env.str("NOTIFY_EMAIL_TEMPLATE_EN", default="")
NOTIFY_EMAIL_TEMPLATE_CY = env.str("NOTIFY_EMAIL_TEMPLATE_CY", default="")
NOTIFY_SMS_TEMPLATE_EN = env.str("NOTIFY_SMS_TEMPLATE_EN", default="")
NOTIFY_SMS_TEMPLATE_CY = env.str("NOTIFY_SMS_TEMPLATE_CY", default="")
NOTIFY_SMS_SENDER_ID = env.str("NOTIFY_SMS_SENDER_ID", default="")
NOTIFY_RATE_LIMIT = env.str("NOTIFY_RATE_LIMIT", default="2400/m")
