from django.conf import settings


def site(request) -> dict:
    return {"SITE_NAME": "Common Ground", "SITE_URL": settings.SITE_URL}
