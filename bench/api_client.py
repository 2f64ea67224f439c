"""A small client of caremap's JSON API for the bench scripts: a session cookie, the CSRF
token, JSON in and out. Standard library only."""

import http.cookiejar
import json
import urllib.error
import urllib.request


class Client:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def call(self, method, path, body=None):
        """(status, decoded JSON body or None)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("content-type", "application/json")
        if self.csrf:
            req.add_header("x-csrf-token", self.csrf)
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, None

    def ok(self, method, path, body=None):
        """The body of a 200/201 answer; anything else stops the script."""
        status, answer = self.call(method, path, body)
        if status not in (200, 201):
            raise SystemExit(f"{method} {path}: {status}")
        return answer

    def login(self, email, password):
        self.csrf = self.ok("POST", "/api/v1/auth/login",
                            {"email": email, "password": password})["csrf_token"]
