"""Feature settings (``config/settings/features.py``): each comes from the environment, every
one reaches ``django.conf.settings``, and code reads them when it runs, not at import."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from config.settings import features
from engagement.models import Programme, Role
from tests.factories import user_with_role

# name -> (what the environment says, what settings must then hold): never the default, so a
# setting that ignores the environment fails.
FROM_ENVIRONMENT = {
    "EVENTS_UNDER_REPRESENTED_RATIO": ("0.5", 0.5),
    "EVENTS_MIN_RESPONSES_TO_COMPARE": ("25", 25),
    "DEFAULT_RETENTION_DAYS": ("400", 400),
    "EQUALITY_RELEASE_BATCH": ("12", 12),
    "REQUEST_MAX_BYTES": ("5000000", 5000000),
    "CAFE_PHOTO_MAX_BYTES": ("1000", 1000),
    "CAFE_PHOTO_MAX_PIXELS": ("2000", 2000),
    "BUDGETING_MAX_UPLOAD_BYTES": ("3000", 3000),
    "BUDGETING_ABSURD_AMOUNT_PENCE": ("4000", 4000),
    "VOTING_CODE_SECRET": ("a-voting-secret", "a-voting-secret"),
    "VOTING_GUESS_LIMIT": ("7", 7),
    "VOTING_GUESS_WINDOW_SECONDS": ("60", 60),
    "TRUSTED_PROXIES": ("10.0.0.1,172.16.0.0/12", ["10.0.0.1", "172.16.0.0/12"]),
    "MAP_TILE_URL": ("https://tiles.example.org/{z}/{x}/{y}.png",) * 2,
    "MAP_TILE_ATTRIBUTION": ("© Example maps",) * 2,
    "MAP_TILE_HOSTS": (
        "https://tiles.example.org,https://b.example.org",
        ["https://tiles.example.org", "https://b.example.org"],
    ),
    "ASSET_OFFER_VALID_DAYS": ("90", 90),
    "ASSET_REMINDER_DAYS": ("7", 7),
    "ASSET_CONSENT_MAX_DAYS": ("365", 365),
    "ASSET_LAPSED_CONSENT_GRACE_DAYS": ("45", 45),
    "REPORTS_360G_PREFIX": ("360G-safershires",) * 2,
    "REPORTS_360G_FUNDER_ID": ("GB-GOR-PC000",) * 2,
    "MESSAGE_CHANNEL": ("notify",) * 2,
    "NOTIFY_API_KEY": ("k-" + "a" * 36 + "-" + "b" * 36,) * 2,
    "NOTIFY_BASE_URL": ("http://127.0.0.1:9/",) * 2,
    "NOTIFY_EMAIL_TEMPLATE_EN": ("email-en",) * 2,
    "NOTIFY_EMAIL_TEMPLATE_CY": ("email-cy",) * 2,
    "NOTIFY_SMS_TEMPLATE_EN": ("sms-en",) * 2,
    "NOTIFY_SMS_TEMPLATE_CY": ("sms-cy",) * 2,
    "NOTIFY_SMS_SENDER_ID": ("sender-1",) * 2,
    "NOTIFY_RATE_LIMIT": ("10/s",) * 2,
}


def _feature_names() -> set[str]:
    return {name for name in vars(features) if name.isupper()}


def test_every_feature_setting_is_tested_here():
    assert set(FROM_ENVIRONMENT) == _feature_names()


def test_every_feature_setting_reaches_django_settings_with_its_default():
    for name in _feature_names():
        assert getattr(django_settings, name) == getattr(features, name), name


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.test"])
def test_every_feature_setting_comes_from_the_environment(module):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({name: raw for name, (raw, _value) in FROM_ENVIRONMENT.items()})
    env["DJANGO_SETTINGS_MODULE"] = module
    names = sorted(FROM_ENVIRONMENT)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, ensure_ascii=False))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == {name: v for name, (_raw, v) in FROM_ENVIRONMENT.items()}


def test_the_map_tile_hosts_setting_is_what_the_content_security_policy_allows():
    img_src = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    assert img_src[-len(django_settings.MAP_TILE_HOSTS) :] == django_settings.MAP_TILE_HOSTS


@pytest.mark.django_db
def test_a_new_programme_keeps_data_for_the_setting_at_the_time(settings, client):
    settings.DEFAULT_RETENTION_DAYS = 400
    assert Programme().retention_days == 400
    client.force_login(user_with_role(Role.COORDINATOR))
    page = client.get(reverse("engagement:programme_create"))
    assert page.context["form"]["retention_days"].value() == 400
    # The same form as before the default became the setting: no hidden "initial-" copy.
    assert 'name="retention_days" value="400"' in page.content.decode()
    assert "initial-retention_days" not in page.content.decode()
