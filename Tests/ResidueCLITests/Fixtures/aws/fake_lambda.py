"""A tiny fake Lambda API on loopback for the `residue aws` failure tests: throttling and 5xx
answers that succeed on a later try, paginated listings, a code package that answers 403, one
whose location is unreachable, and a layer. Every credential here is FAKE.

Prints its port on the first line, then serves until killed. GET /stats answers the requests seen.
"""
import io
import json
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

ACCOUNT = "123456789012"
REGION = "us-east-1"


def arn(name):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


LAYER = f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:deps:3"


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


PACKAGES = {
    "alpha.zip": zipped({"handler.py": "import os\n\nTOKEN = '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'\n"}),
    "layer.zip": zipped({"python/config.py": "# layer\n\n\nKEY = 'AKIAOC7M362Q72OZCPZV'\n"}),
}

lock = threading.Lock()
stats = {"requests": [], "failures_left": {}}


def fail_first(key, times):
    """True for the first `times` calls with this key."""
    with lock:
        left = stats["failures_left"].setdefault(key, times)
        if left > 0:
            stats["failures_left"][key] = left - 1
            return True
        return False


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json", headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def configuration(self, name):
        port = self.server.server_address[1]
        base = {"FunctionName": name, "FunctionArn": arn(name), "Runtime": "python3.12", "Handler": "handler.main", "PackageType": "Zip"}
        if name == "alpha":
            base["Environment"] = {"Variables": {"STRIPE_API_KEY": "sk_live_fq483XZZLT2trKieN4QrCIu1"}}
            base["Layers"] = [{"Arn": LAYER, "CodeSize": 1}]
            location = f"http://127.0.0.1:{port}/code/alpha.zip?X-Amz-Signature=fake"
        elif name == "locked":
            base["Environment"] = {"Variables": {"DATABASE_URL": "postgres://orders:oaybhHitbwJuQ5gK@orders-db.internal:5432/orders"}}
            location = f"http://127.0.0.1:{port}/code/locked.zip"
        else:
            base["Description"] = "token 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"
            location = "http://127.0.0.1:9/unreachable.zip"
        return base, location

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        with lock:
            stats["requests"].append({"path": url.path, "query": url.query, "authorization": self.headers.get("Authorization", "")})
        if url.path == "/stats":
            with lock:
                return self.answer(200, stats["requests"])
        if url.path == "/2015-03-31/functions/":
            # Throttled twice (429, then a 400 ThrottlingException), then two pages.
            if fail_first("list-429", 1):
                return self.answer(429, {"__type": "TooManyRequestsException", "message": "Rate exceeded"})
            if fail_first("list-400", 1):
                return self.answer(400, {"__type": "ThrottlingException", "message": "Rate exceeded"})
            if "Marker" not in query:
                return self.answer(200, {"Functions": [self.configuration("alpha")[0]], "NextMarker": "page-2"})
            return self.answer(200, {"Functions": [self.configuration("locked")[0], self.configuration("gone")[0]]})
        if url.path.startswith("/2015-03-31/functions/"):
            name = unquote(url.path.rsplit("/", 1)[1]).split(":")[-1]
            if name not in ("alpha", "locked", "gone"):
                return self.answer(404, {"__type": "ResourceNotFoundException", "message": "Function not found"}, headers={"x-amzn-ErrorType": "ResourceNotFoundException"})
            if name == "alpha" and fail_first("get-alpha-503", 2):
                return self.answer(503, {"message": "Service Unavailable"})
            configuration, location = self.configuration(name)
            tags = {"owner": "jane.doe@acme-payments.io"} if name == "locked" else {}
            return self.answer(200, {"Configuration": configuration, "Code": {"RepositoryType": "S3", "Location": location}, "Tags": tags})
        if url.path == "/2018-10-31/layers":
            if fail_first("layer-500", 1):
                return self.answer(500, {"message": "Internal"})
            port = self.server.server_address[1]
            return self.answer(200, {"LayerVersionArn": LAYER, "Content": {"Location": f"http://127.0.0.1:{port}/code/layer.zip"}})
        if url.path == "/code/locked.zip":
            return self.answer(403, b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", "application/xml")
        if url.path.startswith("/code/"):
            if url.path == "/code/alpha.zip" and fail_first("code-alpha-500", 1):
                return self.answer(500, b"<Error><Code>InternalError</Code></Error>", "application/xml")
            return self.answer(200, PACKAGES[url.path.rsplit("/", 1)[1]], "application/zip")
        return self.answer(404, {"message": "no route"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
