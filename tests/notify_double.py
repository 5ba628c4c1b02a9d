"""A test double for GOV.UK Notify: a small local HTTP server that speaks the parts of Notify's
REST API (v2) that the official client calls for us, since no network is reachable here.

It checks what Notify checks and answers as Notify answers (shapes from Notify's API
documentation): the JSON Web Token in the Authorization header (HS256, ``iss`` the service
id, ``iat`` within 30 seconds), the template id and its type, UK mobile numbers; it keeps every
message it took, answers delivery-status lookups, and can be told to answer the next requests
with an error (429 rate limit, 500, 400...) to exercise retries.

    with NotifyDouble() as notify:
        settings.NOTIFY_BASE_URL = notify.url
        settings.NOTIFY_API_KEY = notify.api_key
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"commonground_test-{SERVICE_ID}-{SECRET}"

TEMPLATES = {
    "email-en": "email",
    "email-cy": "email",
    "sms-en": "sms",
    "sms-cy": "sms",
}

ERRORS = {
    400: ("BadRequestError", "Can’t send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: ("RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 s"),
    500: ("Exception", "Internal server error"),
}


@dataclass
class Sent:
    id: str
    type: str
    to: str
    template_id: str
    personalisation: dict
    reference: str | None
    status: str = "sending"


@dataclass
class NotifyDouble:
    api_key: str = API_KEY
    sent: list[Sent] = field(default_factory=list)
    requests: int = 0
    _failures: deque = field(default_factory=deque)

    def __enter__(self) -> NotifyDouble:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                double._handle(self, "POST")

            def do_GET(self):
                double._handle(self, "GET")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next ``times`` requests with HTTP ``status`` and Notify's error body."""
        self._failures.extend([status] * times)

    def deliver(self, notification_id: str, status: str = "delivered") -> None:
        """What Notify will say about the message from now on (a delivery receipt arrived)."""
        next(s for s in self.sent if s.id == notification_id).status = status

    # The API.

    def _handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        self.requests += 1
        auth_error = self._auth_error(request.headers.get("Authorization", ""))
        if auth_error:
            return self._answer(request, 403, _errors(403, "AuthError", auth_error))
        if self._failures:
            status = self._failures.popleft()
            return self._answer(request, status, _errors(status, *ERRORS[status]))
        length = int(request.headers.get("Content-Length") or 0)
        body = json.loads(request.rfile.read(length) or b"{}") if method == "POST" else {}
        path = request.path.split("?")[0]
        if method == "POST" and path == "/v2/notifications/sms":
            return self._send(request, "sms", body.get("phone_number", ""), body)
        if method == "POST" and path == "/v2/notifications/email":
            return self._send(request, "email", body.get("email_address", ""), body)
        if method == "GET" and path.startswith("/v2/notifications/"):
            return self._status(request, path.rsplit("/", 1)[-1])
        return self._answer(request, 404, _errors(404, "BadRequestError", "Not found"))

    def _auth_error(self, header: str) -> str:
        scheme, _space, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            return "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidTokenError:
            return "Invalid token: signature, api token not found"
        if claims.get("iss") != SERVICE_ID:
            return "Invalid token: service not found"
        if abs(time.time() - int(claims.get("iat", 0))) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return ""

    def _send(self, request, kind: str, to: str, body: dict) -> None:
        template_id = body.get("template_id", "")
        if TEMPLATES.get(template_id) != kind:
            return self._answer(request, 400, _errors(400, "BadRequestError", "Template not found"))
        if kind == "sms" and not to.replace(" ", "").lstrip("+").startswith(("447", "07")):
            return self._answer(
                request, 400, _errors(400, "ValidationError", "phone_number Not a UK mobile number")
            )
        if kind == "email" and "@" not in to:
            return self._answer(
                request, 400, _errors(400, "ValidationError", "email_address Not a valid email")
            )
        sent = Sent(
            id=str(uuid.uuid4()),
            type=kind,
            to=to,
            template_id=template_id,
            personalisation=body.get("personalisation") or {},
            reference=body.get("reference"),
        )
        self.sent.append(sent)
        content = {"body": sent.personalisation.get("body", "")}
        if kind == "email":
            content.update(subject=sent.personalisation.get("subject", ""), from_email="x@y")
        else:
            content["from_number"] = "CommonGrnd"
        self._answer(
            request,
            201,
            {
                "id": sent.id,
                "reference": sent.reference,
                "content": content,
                "uri": f"{self.url}/v2/notifications/{sent.id}",
                "template": {"id": template_id, "version": 1, "uri": ""},
            },
        )

    def _status(self, request, notification_id: str) -> None:
        found = next((s for s in self.sent if s.id == notification_id), None)
        if found is None:
            return self._answer(request, 404, _errors(404, "NoResultFound", "No result found"))
        self._answer(
            request,
            200,
            {"id": found.id, "type": found.type, "status": found.status, "ref": found.reference},
        )

    @staticmethod
    def _answer(request, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)


def _errors(status: int, error: str, message: str) -> dict:
    return {"status_code": status, "errors": [{"error": error, "message": message}]}


@pytest.fixture
def notify(settings):
    """GOV.UK Notify as the message channel, answered by a fresh double."""
    with NotifyDouble() as double:
        settings.MESSAGE_CHANNEL = "notify"
        settings.EMAIL_BACKEND = "engagement.mail.NotifyEmailBackend"
        settings.NOTIFY_API_KEY = double.api_key
        settings.NOTIFY_BASE_URL = double.url
        settings.NOTIFY_EMAIL_TEMPLATE_EN = "email-en"
        settings.NOTIFY_EMAIL_TEMPLATE_CY = "email-cy"
        settings.NOTIFY_SMS_TEMPLATE_EN = "sms-en"
        settings.NOTIFY_SMS_TEMPLATE_CY = "sms-cy"
        yield double
