"""Requests through ``cms.wsgi.application`` as an application server makes them: the page cache in front
of Django included, which Django's test client (it calls Django's handler directly) never reaches."""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http.response import ResponseHeaders
from django.test.client import RequestFactory


class WSGIResponse:
    def __init__(self, status: str, headers: list[tuple[str, str]], content: bytes):
        self.status_code = int(status.split(" ", 1)[0])
        self.headers = ResponseHeaders(dict(headers))
        self.header_list = headers
        self.content = content

    def __getitem__(self, name: str) -> str:
        return self.headers[name]

    def __contains__(self, name: str) -> bool:
        return name in self.headers

    def get(self, name: str, default=None):
        return self.headers.get(name, default)


class WSGIClient:
    def __init__(self):
        from cms.wsgi import application

        self.application = application
        self.factory = RequestFactory()

    @property
    def cookies(self):
        return self.factory.cookies

    def get(self, path: str, data=None, **extra) -> WSGIResponse:
        return self._call(self.factory.get(path, data, **extra).environ)

    def head(self, path: str, **extra) -> WSGIResponse:
        return self._call(self.factory.head(path, **extra).environ)

    def _call(self, environ) -> WSGIResponse:
        started = {}

        def start_response(status, headers, exc_info=None):
            started.update(status=status, headers=headers)

        # As Django's test client does: the test's transaction must survive the request's start and end.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = self.application(environ, start_response)
            try:
                content = b"".join(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return WSGIResponse(started["status"], started["headers"], content)
