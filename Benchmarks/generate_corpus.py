#!/usr/bin/env python3
"""Writes a deterministic, realistic source tree for Residue's throughput benchmark.

    generate_corpus.py OUT_DIR --size-mb N [--seed S] [--manifest FILE]
    generate_corpus.py OUT_DIR --tiny-files N [--seed S] [--manifest FILE]

The tree looks like a monorepo of serverless services: code in Python, JavaScript/TypeScript, Go,
Java, C#, Ruby, Swift and Rust; JSON/YAML/TOML configs, .env files, Terraform, serverless.yml and
SAM templates; package-lock.json, yarn.lock, Cargo.lock and go.sum lock files full of integrity
hashes; minified bundles whose single line runs to megabytes; markdown docs; a few 20-50 MB log and
data files; and binary files (PNG, JPEG, ZIP, fonts, an ELF executable without extension) that a
scanner should skip. Fake credentials are planted about once per few hundred KB of text, among many
more decoys (placeholders, environment lookups, template references, UUIDs, git SHAs, AWS's
documentation keys, integrity hashes).

Everything comes from random.Random(seed): the same arguments give byte-identical trees. The
planted secrets are fake (random bodies; GitHub/npm tokens carry a valid CRC32 so that checksum
validators accept them). Standard library only.
"""

import argparse
import base64
import json
import os
import random
import string
import sys
import zlib

MB = 1_000_000

# --------------------------------------------------------------------------------------------------
# Vocabulary

NOUNS = (
    "user order account payment invoice customer session request response item product cart event "
    "message queue bucket table record config client handler service repository cache value id name "
    "status result error context logger metrics retry timeout batch job task worker stream payload "
    "schema field index query filter page limit offset count total price amount currency address email "
    "phone region endpoint url path file data buffer state flag option setting profile role permission "
    "group team tenant resource policy notification subscription webhook signature hash digest header "
    "body key bucket object upload download report summary entry node tree graph edge vertex match rule "
    "pipeline stage step workflow trigger schedule lambda function table partition shard replica lease "
    "lock snapshot backup archive image thumbnail video asset template layout widget component view "
    "model controller router middleware plugin adapter provider factory builder parser encoder decoder "
    "serializer validator mapper converter formatter renderer scheduler dispatcher listener observer"
).split()
VERBS = (
    "get set create update delete fetch load save parse build validate process handle send publish emit "
    "compute resolve render format serialize deserialize encode decode normalize transform merge apply "
    "check ensure register dispatch schedule retry flush open close read write find list map reduce sort "
    "filter init reset sync upload download authorize refresh sign verify enqueue dequeue acquire release "
    "prepare commit rollback migrate seed collect aggregate notify subscribe unsubscribe track record"
).split()
ADJECTIVES = (
    "new old default current pending active raw parsed cached remote local max min next prev total base "
    "internal external primary secondary async batch partial full last first stale fresh valid invalid"
).split()
# Words that make the generic rules' keywords appear in code as they do in real repositories.
SENSITIVE_NOUNS = "token secret password credential apiKey accessKey authToken csrfToken refreshToken".split()
LOG_WORDS = (
    "starting finished processing received sending retrying failed succeeded skipping loaded saved "
    "connected disconnected timed out rejected accepted queued dropped expired refreshed created updated"
).split()
ENGLISH = (
    "the a an of to in for on with by from at as is are was be this that it its which when where how "
    "service function request handler returns value values configuration deployment environment stage "
    "table queue event events data should must can may will not only each every all any more less new "
    "used uses using call calls called run runs running build builds file files path paths user users "
    "error errors retry retries time timeout limit limits cache cached key keys region account accounts "
    "bucket buckets object objects message messages payload schema version versions release api client "
    "permission permissions role roles policy access"
).split()
# Prose mentions credentials now and then, as real comments and docs do (a few per 10,000 words).
SENSITIVE_WORDS = "token tokens secret password credentials key keys auth".split()
HOSTS = "api.internal example.com db.internal cache.internal queue.internal svc.cluster.local".split()
TLDS = "com io net org dev cloud".split()
LANGS = ("python", "javascript", "typescript", "go", "java", "csharp", "ruby", "swift", "rust")
EXT = {"python": "py", "javascript": "js", "typescript": "ts", "go": "go", "java": "java",
       "csharp": "cs", "ruby": "rb", "swift": "swift", "rust": "rs"}
ALNUM = string.ascii_letters + string.digits
UPPER_B32 = string.ascii_uppercase + "234567"
HEXD = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def base62(number, width):
    out = []
    for _ in range(width):
        number, digit = divmod(number, 62)
        out.append(BASE62[digit])
    return "".join(reversed(out))


class Corpus:
    def __init__(self, out_dir, seed, secret_every=250_000, decoy_every=12_000):
        self.out = out_dir
        self.rng = random.Random(seed)
        self.secret_every = secret_every
        self.decoy_every = decoy_every
        self.bytes_written = 0
        self.text_bytes = 0
        self.files = 0
        self.binary_files = 0
        self.planted = []  # (path, kind)
        self._secret_credit = 0.0
        self._decoy_credit = 0.0
        self._made_dirs = set()
        self._paths = set()
        self._pending = []  # (kind, value) planted since the last file was written

    # ----------------------------------------------------------------------------------------------
    # Small helpers

    def chars(self, alphabet, n):
        return "".join(self.rng.choices(alphabet, k=n))

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def words(self, n, pool=ENGLISH):
        chosen = self.rng.choices(pool, k=n)
        if self.rng.random() < n * 0.0025:
            chosen[self.rng.randrange(n)] = self.pick(SENSITIVE_WORDS)
        return " ".join(chosen)

    def sentence(self, lo=6, hi=18):
        text = self.words(self.rng.randint(lo, hi))
        return text[0].upper() + text[1:] + "."

    def parts(self, lo=1, hi=3):
        n = self.rng.randint(lo, hi)
        out = []
        if n >= 2 and self.rng.random() < 0.5:
            out.append(self.pick(VERBS))
            n -= 1
        if n >= 2 and self.rng.random() < 0.3:
            out.append(self.pick(ADJECTIVES))
            n -= 1
        for _ in range(n):
            out.append(self.pick(SENSITIVE_NOUNS).lower() if self.rng.random() < 0.004 else self.pick(NOUNS))
        return out

    def snake(self, lo=1, hi=3):
        return "_".join(self.parts(lo, hi))

    def camel(self, lo=1, hi=3):
        p = self.parts(lo, hi)
        return p[0] + "".join(w.capitalize() for w in p[1:])

    def pascal(self, lo=1, hi=3):
        return "".join(w.capitalize() for w in self.parts(lo, hi))

    def const(self, lo=1, hi=3):
        return "_".join(self.parts(lo, hi)).upper()

    def uuid(self):
        h = self.chars(HEXD, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.pick('89ab')}{h[17:20]}-{h[20:]}"

    def sha1(self):
        return self.chars(HEXD, 40)

    def ip(self):
        r = self.rng
        return f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"

    def host(self):
        return f"{self.snake(1, 2).replace('_', '-')}.{self.pick(HOSTS)}"

    def url(self):
        return f"https://{self.host()}/{'/'.join(self.snake(1, 2) for _ in range(self.rng.randint(1, 3)))}"

    def timestamp(self, base=None):
        r = self.rng
        return (f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randrange(24):02d}:"
                f"{r.randrange(60):02d}:{r.randrange(60):02d}.{r.randrange(1000):03d}Z")

    def semver(self):
        r = self.rng
        return f"{r.randint(0, 9)}.{r.randint(0, 30)}.{r.randint(0, 40)}"

    # ----------------------------------------------------------------------------------------------
    # Fake credentials (planted, meant to be found) and decoys (meant to stay quiet)

    def fake_secret(self, kind=None):
        """Returns (kind, name-hint, value)."""
        r = self.rng
        kinds = ("aws", "aws-secret", "github", "slack", "stripe", "postgres", "password", "pem",
                 "google", "npm", "sendgrid", "jwt", "slack-webhook")
        weights = (14, 8, 12, 9, 8, 10, 16, 4, 5, 3, 3, 4, 4)
        kind = kind or r.choices(kinds, weights)[0]
        if kind == "aws":
            body = self.chars(UPPER_B32, 16)
            while "EXAMPLE" in body:
                body = self.chars(UPPER_B32, 16)
            return kind, "aws_access_key_id", "AKIA" + body
        if kind == "aws-secret":
            return kind, "aws_secret_access_key", self.chars(ALNUM + "/+", 40)
        if kind == "github":
            body = self.chars(ALNUM, 30)
            return kind, "github_token", "ghp_" + body + base62(zlib.crc32(body.encode()), 6)
        if kind == "npm":
            body = self.chars(ALNUM, 30)
            return kind, "npm_token", "npm_" + body + base62(zlib.crc32(body.encode()), 6)
        if kind == "slack":
            return kind, "slack_bot_token", (f"xoxb-{r.randint(10**10, 10**12)}-{r.randint(10**10, 10**12)}-"
                                             + self.chars(ALNUM, 24))
        if kind == "slack-webhook":
            return kind, "slack_webhook_url", ("https://hooks.slack.com/services/T" + self.chars(UPPER_B32, 8)
                                               + "/B" + self.chars(UPPER_B32, 8) + "/" + self.chars(ALNUM, 24))
        if kind == "stripe":
            return kind, "stripe_secret_key", "sk_live_" + self.chars(ALNUM, r.choice((24, 34, 99)))
        if kind == "google":
            return kind, "google_api_key", "AIza" + self.chars(ALNUM + "-_", 35)
        if kind == "sendgrid":
            return kind, "sendgrid_api_key", "SG." + self.chars(B64URL, 22) + "." + self.chars(B64URL, 43)
        if kind == "postgres":
            user = self.pick(("app", "svc_orders", "reporting", "admin_ro", "billing"))
            pw = self.chars(ALNUM, r.randint(14, 28))
            host = f"{self.snake(1, 2).replace('_', '-')}.{self.chars(HEXD, 12)}.eu-west-1.rds.amazonaws.com"
            return kind, "database_url", f"postgres://{user}:{pw}@{host}:5432/{self.snake(1, 2)}"
        if kind == "password":
            pw = self.chars(ALNUM + "!#%&+-=?@^~", r.randint(12, 24))
            return kind, self.pick(("db_password", "password", "smtp_password", "admin_password", "redis_password")), pw
        if kind == "jwt":
            header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
            payload = base64.urlsafe_b64encode(json.dumps(
                {"sub": self.uuid(), "iat": r.randint(1_600_000_000, 1_700_000_000), "role": "service"},
                separators=(",", ":")).encode()).decode().rstrip("=")
            return kind, "service_token", f"{header}.{payload}.{self.chars(B64URL, 43)}"
        if kind == "pem":
            lines = [self.chars(B64, 64) for _ in range(r.randint(12, 25))]
            return kind, "private_key", ("-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines)
                                         + "\n-----END RSA PRIVATE KEY-----")
        raise ValueError(kind)

    def decoy_value(self):
        """(name, value, quoted) that must not be reported."""
        r = self.rng
        choice = r.randrange(16)
        if choice == 0:
            return "aws_access_key_id", "AKIAIOSFODNN7EXAMPLE", True
        if choice == 1:
            return "aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", True
        if choice == 2:
            return "api_key", self.pick(("YOUR_API_KEY", "<your-api-key>", "changeme", "REPLACE_ME", "xxxxxxxxxxxxxxxx")), True
        if choice == 3:
            return "password", self.pick(("${DB_PASSWORD}", "{{ db_password }}", "$(DB_PASSWORD)", "********")), True
        if choice == 4:
            return "request_id", self.uuid(), True
        if choice == 5:
            return "commit_sha", self.sha1(), True
        if choice == 6:
            return "github_token", "ghp_" + "x" * 36, True
        if choice == 7:
            return "stripe_publishable_key", "pk_live_" + self.chars(ALNUM, 24), True
        if choice == 8:
            return "token_url", self.url(), True
        if choice == 9:
            return "secret_arn", f"arn:aws:secretsmanager:eu-west-1:{r.randint(10**11, 10**12 - 1)}:secret:{self.snake()}", True
        if choice == 10:
            return "password_min_length", str(r.randint(8, 16)), False
        if choice == 11:
            return "integrity", "sha512-" + self.chars(B64, 86) + "==", True
        if choice == 12:
            return "database_url", "postgres://user:password@localhost:5432/dev", True
        if choice == 13:
            return "secret_name", f"{self.snake(1, 2)}/{self.snake(1, 2)}", True
        if choice == 14:
            return "token_header", "Authorization", True
        return "client_secret", "{{resolve:secretsmanager:" + self.snake(1, 2) + ":SecretString:client_secret}}", True

    def due(self, size):
        """How many secrets and decoys a text of `size` bytes should carry, by a running budget."""
        self._secret_credit += size / self.secret_every
        self._decoy_credit += size / self.decoy_every
        secrets = int(self._secret_credit)
        decoys = int(self._decoy_credit)
        self._secret_credit -= secrets
        self._decoy_credit -= decoys
        return secrets, decoys

    # ----------------------------------------------------------------------------------------------
    # Code: a tiny statement model rendered per language

    def expr(self, lang, depth=0, call=False):
        """An expression: names, literals and calls; calls nest at most two deep."""
        r = self.rng
        c = 0.6 if call else r.random()
        ident = self.snake if lang in ("python", "ruby", "rust") else self.camel
        if c < 0.3 or (depth >= 2 and c < 0.6):
            if r.random() < 0.25:
                recv = {"python": "self", "ruby": "@", "go": "s", "rust": "self"}.get(lang, "this")
                return f"{recv}{'' if recv == '@' else '.'}{ident(1, 2)}"
            return ident()
        if c < 0.45 or depth >= 2:
            return self.string_lit(lang) if r.random() < 0.75 else str(
                r.choice((0, 1, 2, 3, 10, 30, 60, 100, 256, 500, 1000, 1024, 3600, 8080, r.randrange(100000))))
        if c < 0.88 or depth >= 1:
            recv = self.pick(("self", "client", "repo", "db", "cache", "http", "queue", "s3", "svc", "ctx", "response", "event"))
            if recv == "self":
                recv = {"python": "self", "ruby": "self", "go": "s", "rust": "self"}.get(lang, "this")
            method = self.pascal(1, 3) if lang in ("csharp", "go") else ident(1, 3)
            args = ", ".join(self.expr(lang, depth + 1) for _ in range(r.randint(0, 3)))
            prefix = ""
            if lang in ("javascript", "typescript", "csharp") and depth == 0 and r.random() < 0.3:
                prefix = "await "
                if lang == "csharp":
                    method += "Async"
            if lang == "swift" and depth == 0 and r.random() < 0.2:
                prefix = "try await "
            if lang == "rust":
                return f"{recv}.{method}({args}){'?' if depth == 0 and r.random() < 0.3 else ''}"
            return f"{prefix}{recv}.{method}({args})"
        op = self.pick(("+", "-", "*", "==", "!=", "<", ">=", "&&" if lang not in ("python", "ruby") else "and"))
        return f"{self.expr(lang, 2)} {op} {self.expr(lang, 1)}"

    def string_lit(self, lang):
        r = self.rng
        c = r.random()
        if c < 0.35:
            s = self.words(r.randint(2, 7))
        elif c < 0.5:
            s = self.url()
        elif c < 0.6:
            s = f"SELECT {', '.join(self.snake(1, 1) for _ in range(r.randint(1, 4)))} FROM {self.snake(1, 2)} WHERE {self.snake(1, 1)} = ?"
        elif c < 0.7:
            s = self.const(1, 3)
        elif c < 0.78:
            s = f"{self.snake(1, 2)}/{self.snake(1, 2)}.json"
        elif c < 0.84:
            s = self.uuid()
        elif c < 0.9:
            s = f"{self.snake(1, 1)}:{self.snake(1, 2)}"
        else:
            s = self.pick(("application/json", "utf-8", "Content-Type", "X-Request-Id", "us-east-1", "eu-west-1", "GET", "POST"))
        if lang == "rust" and r.random() < 0.3:
            return f'"{s}".to_string()'
        q = "'" if lang in ("python", "ruby", "javascript") and r.random() < 0.5 else '"'
        return f"{q}{s}{q}"

    def condition(self, lang):
        r = self.rng
        ident = self.snake if lang in ("python", "ruby", "rust") else self.camel
        c = r.random()
        if c < 0.3:
            nil = {"python": "None", "ruby": "nil", "go": "nil", "swift": "nil", "rust": "None"}.get(lang, "null")
            neg = {"python": "is not", "rust": "!="}.get(lang, "!=")
            return f"{ident()} {neg} {nil}"
        if c < 0.5:
            return f"{ident()} {self.pick(('<', '>', '>=', '=='))} {r.choice((0, 1, 3, 10, 100, 1000))}"
        if c < 0.7:
            return self.expr(lang, 1, call=True)
        return ident()

    def statements(self, lang, n, depth=0):
        out = []
        r = self.rng
        for _ in range(n):
            c = r.random()
            if c < 0.34:
                out.append(("assign", self.snake() if lang in ("python", "ruby", "rust") else self.camel(), self.expr(lang)))
            elif c < 0.50:
                out.append(("call", self.expr(lang, 0, call=True)))
            elif c < 0.60:
                out.append(("log", self.pick(("info", "debug", "warn", "error")), " ".join([self.pick(LOG_WORDS)] + self.parts(1, 3)),
                            self.snake() if lang in ("python", "ruby", "rust") else self.camel()))
            elif c < 0.68:
                out.append(("comment", self.sentence(4, 14)))
            elif c < 0.78 and depth < 2:
                out.append(("if", self.condition(lang), self.statements(lang, r.randint(1, 3), depth + 1),
                            self.statements(lang, r.randint(1, 2), depth + 1) if r.random() < 0.3 else []))
            elif c < 0.86 and depth < 2:
                out.append(("for", self.snake(1, 1) if lang in ("python", "ruby", "rust") else self.camel(1, 1),
                            self.snake(1, 2) + "s" if lang in ("python", "ruby", "rust") else self.camel(1, 2) + "s",
                            self.statements(lang, r.randint(1, 3), depth + 1)))
            elif c < 0.91 and depth < 1:
                out.append(("try", self.statements(lang, r.randint(1, 3), depth + 1), self.statements(lang, 1, depth + 1)))
            else:
                out.append(("assign", self.snake() if lang in ("python", "ruby", "rust") else self.camel(),
                            self.string_lit(lang)))
        return out

    def render(self, lang, stmts, indent):
        pad = " " * indent
        step = 2 if lang in ("ruby", "javascript", "typescript") else (1 if lang == "go" else 4)
        if lang == "go":
            pad = "\t" * indent
        lines = []
        semi = ";" if lang in ("javascript", "typescript", "java", "csharp", "rust") else ""
        for s in stmts:
            kind = s[0]
            if kind == "assign":
                name, value = s[1], s[2]
                decl = {"python": "", "ruby": "", "javascript": "const ", "typescript": "const ", "go": "",
                        "java": "final var ", "csharp": "var ", "swift": "let ", "rust": "let "}[lang]
                op = ":=" if lang == "go" else "="
                lines.append(f"{pad}{decl}{name} {op} {value}{semi}")
            elif kind == "call":
                lines.append(f"{pad}{s[1]}{semi}")
            elif kind == "log":
                level, msg, var = s[1], s[2], s[3]
                if lang == "python":
                    lines.append(f'{pad}logger.{level}("{msg} %s", {var})')
                elif lang == "ruby":
                    lines.append(f'{pad}logger.{level}("{msg} #{{{var}}}")')
                elif lang in ("javascript", "typescript"):
                    lines.append(f"{pad}logger.{level}(`{msg} ${{{var}}}`, {{ {var} }});")
                elif lang == "go":
                    lines.append(f'{pad}log.{level.capitalize()}f("{msg} %v", {var})')
                elif lang == "java":
                    lines.append(f'{pad}log.{level}("{msg} {{}}", {var});')
                elif lang == "csharp":
                    lvl = {"info": "Information", "debug": "Debug", "warn": "Warning", "error": "Error"}[level]
                    lines.append(f'{pad}_logger.Log{lvl}("{msg} {{Value}}", {var});')
                elif lang == "swift":
                    lines.append(f'{pad}logger.{level}("{msg} \\({var})")')
                else:
                    lines.append(f'{pad}{level}!("{msg} {{}}", {var});')
            elif kind == "comment":
                lines.append(f"{pad}{'#' if lang in ('python', 'ruby') else '//'} {s[1]}")
            elif kind == "raw":
                lines.append(pad + s[1])
            elif kind == "if":
                cond, body, orelse = s[1], s[2], s[3]
                if lang == "python":
                    lines.append(f"{pad}if {cond}:")
                    lines.extend(self.render(lang, body, indent + 4))
                    if orelse:
                        lines.append(f"{pad}else:")
                        lines.extend(self.render(lang, orelse, indent + 4))
                elif lang == "ruby":
                    lines.append(f"{pad}if {cond}")
                    lines.extend(self.render(lang, body, indent + 2))
                    if orelse:
                        lines.append(f"{pad}else")
                        lines.extend(self.render(lang, orelse, indent + 2))
                    lines.append(f"{pad}end")
                else:
                    paren = lang not in ("go", "swift", "rust")
                    head = f"if ({cond})" if paren else f"if {cond}"
                    lines.append(f"{pad}{head} {{")
                    lines.extend(self.render(lang, body, indent + step))
                    if orelse:
                        lines.append(f"{pad}}} else {{")
                        lines.extend(self.render(lang, orelse, indent + step))
                    lines.append(f"{pad}}}")
            elif kind == "for":
                var, seq, body = s[1], s[2], s[3]
                head = {"python": f"for {var} in {seq}:", "ruby": f"{seq}.each do |{var}|",
                        "javascript": f"for (const {var} of {seq}) {{", "typescript": f"for (const {var} of {seq}) {{",
                        "go": f"for _, {var} := range {seq} {{", "java": f"for (var {var} : {seq}) {{",
                        "csharp": f"foreach (var {var} in {seq}) {{", "swift": f"for {var} in {seq} {{",
                        "rust": f"for {var} in {seq}.iter() {{"}[lang]
                lines.append(pad + head)
                lines.extend(self.render(lang, body, indent + (4 if lang == "python" else step)))
                if lang == "ruby":
                    lines.append(f"{pad}end")
                elif lang != "python":
                    lines.append(f"{pad}}}")
            elif kind == "try":
                body, handler = s[1], s[2]
                if lang == "python":
                    lines.append(f"{pad}try:")
                    lines.extend(self.render(lang, body, indent + 4))
                    lines.append(f"{pad}except {self.pick(('ValueError', 'KeyError', 'ClientError', 'Exception'))} as exc:")
                    lines.extend(self.render(lang, handler, indent + 4))
                    lines.append(f"{pad}    raise")
                elif lang == "ruby":
                    lines.append(f"{pad}begin")
                    lines.extend(self.render(lang, body, indent + 2))
                    lines.append(f"{pad}rescue StandardError => e")
                    lines.extend(self.render(lang, handler, indent + 2))
                    lines.append(f"{pad}end")
                elif lang == "go":
                    lines.append(f"{pad}if err := {self.expr(lang, 1, call=True)}; err != nil {{")
                    lines.extend(self.render(lang, handler, indent + 1))
                    lines.append(f'{pad}\treturn fmt.Errorf("{self.pick(VERBS)} {self.pick(NOUNS)}: %w", err)')
                    lines.append(f"{pad}}}")
                elif lang == "rust":
                    lines.append(f"{pad}match {self.expr(lang, 1, call=True)} {{")
                    lines.append(f"{pad}    Ok(v) => v,")
                    lines.append(f'{pad}    Err(e) => return Err(Error::new(format!("{self.pick(VERBS)} failed: {{}}", e))),')
                    lines.append(f"{pad}}};")
                elif lang == "swift":
                    lines.append(f"{pad}do {{")
                    lines.extend(self.render(lang, body, indent + 4))
                    lines.append(f"{pad}}} catch {{")
                    lines.extend(self.render(lang, handler, indent + 4))
                    lines.append(f"{pad}    throw error")
                    lines.append(f"{pad}}}")
                else:
                    catch = {"javascript": "catch (err)", "typescript": "catch (err: unknown)",
                             "java": "catch (IOException e)", "csharp": "catch (Exception ex)"}[lang]
                    lines.append(f"{pad}try {{")
                    lines.extend(self.render(lang, body, indent + step))
                    lines.append(f"{pad}}} {catch} {{")
                    lines.extend(self.render(lang, handler, indent + step))
                    rethrow = {"javascript": "throw err;", "typescript": "throw err;", "java": "throw e;", "csharp": "throw;"}[lang]
                    lines.append(pad + " " * step + rethrow)
                    lines.append(f"{pad}}}")
        return lines

    def secret_stmt(self, lang, secret=None, decoy=None):
        """A statement assigning a planted secret or a decoy, in the language's own idiom."""
        r = self.rng
        if secret is not None:
            _, name, value = secret
            quoted = True
        else:
            name, value, quoted = decoy
            if r.random() < 0.35:
                # Environment lookups: the decoy every scanner must leave alone.
                env = name.upper()
                ref = {"python": f'os.environ["{env}"]', "ruby": f'ENV.fetch("{env}")',
                       "javascript": f"process.env.{env}", "typescript": f"process.env.{env} ?? ''",
                       "go": f'os.Getenv("{env}")', "java": f'System.getenv("{env}")',
                       "csharp": f'Environment.GetEnvironmentVariable("{env}")',
                       "swift": f'ProcessInfo.processInfo.environment["{env}"] ?? ""',
                       "rust": f'std::env::var("{env}").unwrap_or_default()'}[lang]
                value, quoted = ref, False
        if "\n" in value:
            if lang == "python":
                lit = f'"""{value}\n"""'
            elif lang in ("javascript", "typescript"):
                lit = f"`{value}\n`"
            elif lang == "go":
                lit = f"`{value}\n`"
            elif lang == "rust":
                lit = f'r#"{value}\n"#'
            elif lang == "swift":
                lit = f'"""\n{value}\n"""'
            else:
                lit = '"' + value.replace("\n", "\\n") + '"'
        else:
            lit = f'"{value}"' if quoted else value
        if lang in ("python", "ruby"):
            return ("raw", f"{name.upper() if r.random() < 0.6 else name} = {lit}")
        camel = name.split("_")[0] + "".join(w.capitalize() for w in name.split("_")[1:])
        if lang in ("javascript", "typescript"):
            return ("raw", f"const {camel} = {lit};")
        if lang == "go":
            return ("raw", f"{camel} := {lit}")
        if lang == "java":
            return ("raw", f"final String {camel} = {lit};")
        if lang == "csharp":
            return ("raw", f"var {camel} = {lit};")
        if lang == "swift":
            return ("raw", f"let {camel} = {lit}")
        return ("raw", f"let {name} = {lit};")

    def function(self, lang, plants=()):
        """One function or method, with `plants` (statements) spliced in at random places."""
        r = self.rng
        body = self.statements(lang, r.randint(3, 14))
        for stmt in plants:
            body.insert(r.randrange(len(body) + 1), stmt)
        nparams = r.randint(0, 3)
        if lang == "python":
            params = ", ".join(["self"] + [self.snake(1, 2) for _ in range(nparams)])
            head = [f"    {'async ' if r.random() < 0.2 else ''}def {self.snake(2, 3)}({params}):"]
            if r.random() < 0.5:
                head.append(f'        """{self.sentence(5, 14)}"""')
            return "\n".join(head + self.render(lang, body, 8) + [f"        return {self.expr(lang, 1)}", ""])
        if lang == "ruby":
            params = ", ".join(self.snake(1, 2) for _ in range(nparams))
            return "\n".join([f"  # {self.sentence(4, 12)}", f"  def {self.snake(2, 3)}({params})"]
                             + self.render(lang, body, 4) + [f"    {self.expr(lang, 1)}", "  end", ""])
        if lang in ("javascript", "typescript"):
            ts = lang == "typescript"
            params = ", ".join(self.camel(1, 2) + (f": {self.pick(('string', 'number', 'boolean', self.pascal(1, 2)))}" if ts else "")
                               for _ in range(nparams))
            ret = f": Promise<{self.pascal(1, 2)}>" if ts else ""
            head = f"  async {self.camel(2, 3)}({params}){ret} {{"
            doc = [f"  /** {self.sentence(5, 14)} */"] if r.random() < 0.5 else []
            return "\n".join(doc + [head] + self.render(lang, body, 4) + [f"    return {self.expr(lang, 1)};", "  }", ""])
        if lang == "go":
            params = ", ".join(f"{self.camel(1, 2)} {self.pick(('string', 'int', 'bool', '[]byte', '*' + self.pascal(1, 2)))}"
                               for _ in range(nparams))
            recv = self.pascal(1, 2)
            return "\n".join([f"// {self.pascal(2, 3)} {self.sentence(4, 12).lower()}",
                              f"func (s *{recv}) {self.pascal(2, 3)}(ctx context.Context, {params}) ({self.pick(('string', '*' + recv, '[]' + recv, 'int'))}, error) {{"]
                             + self.render(lang, body, 1) + ["\treturn nil, nil", "}", ""])
        if lang == "java":
            params = ", ".join(f"{self.pick(('String', 'int', 'long', 'boolean', self.pascal(1, 2)))} {self.camel(1, 2)}" for _ in range(nparams))
            return "\n".join([f"    /** {self.sentence(5, 14)} */",
                              f"    public {self.pick(('void', 'String', 'Optional<' + self.pascal(1, 2) + '>', 'List<' + self.pascal(1, 2) + '>'))} {self.camel(2, 3)}({params}) throws IOException {{"]
                             + self.render(lang, body, 8) + ["    }", ""])
        if lang == "csharp":
            params = ", ".join(f"{self.pick(('string', 'int', 'bool', self.pascal(1, 2)))} {self.camel(1, 2)}" for _ in range(nparams))
            return "\n".join([f"        /// <summary>{self.sentence(5, 14)}</summary>",
                              f"        public async Task<{self.pascal(1, 2)}> {self.pascal(2, 3)}Async({params})", "        {"]
                             + self.render(lang, body, 12) + ["            return default;", "        }", ""])
        if lang == "swift":
            params = ", ".join(f"{self.camel(1, 2)}: {self.pick(('String', 'Int', 'Bool', 'Data', self.pascal(1, 2)))}" for _ in range(nparams))
            return "\n".join([f"    /// {self.sentence(5, 14)}",
                              f"    func {self.camel(2, 3)}({params}) async throws -> {self.pascal(1, 2)} {{"]
                             + self.render(lang, body, 8) + [f"        return {self.expr(lang, 1)}", "    }", ""])
        params = ", ".join(f"{self.snake(1, 2)}: {self.pick(('&str', 'u64', 'bool', '&[u8]', '&' + self.pascal(1, 2)))}" for _ in range(nparams))
        return "\n".join([f"    /// {self.sentence(5, 14)}",
                          f"    pub fn {self.snake(2, 3)}(&self, {params}) -> Result<{self.pascal(1, 2)}, Error> {{"]
                         + self.render(lang, body, 8) + [f"        Ok({self.pascal(1, 2)}::default())", "    }", ""])

    def file_header(self, lang):
        r = self.rng
        if lang == "python":
            imps = ["import json", "import logging", "import os", "from typing import Any, Optional"]
            imps += [f"from {self.snake(1, 2)}.{self.snake(1, 1)} import {self.pascal(1, 2)}" for _ in range(r.randint(1, 5))]
            return "\n".join([f'"""{self.sentence()}"""', ""] + imps + ["", "logger = logging.getLogger(__name__)", "", "",
                                                                        f"class {self.pascal(1, 3)}:"]) + "\n"
        if lang == "ruby":
            return "\n".join(["# frozen_string_literal: true", "", "require 'json'", f"require_relative '{self.snake(1, 2)}'", "",
                              f"class {self.pascal(1, 3)}"]) + "\n"
        if lang in ("javascript", "typescript"):
            imps = [f"import {{ {self.pascal(1, 2)} }} from '{self.pick(('./', '../', '@aws-sdk/'))}{self.camel(1, 2)}';" for _ in range(r.randint(1, 6))]
            return "\n".join(["'use strict';", ""] + imps + ["", f"export class {self.pascal(1, 3)} {{"]) + "\n"
        if lang == "go":
            return "\n".join([f"package {self.snake(1, 1)}", "", "import (", '\t"context"', '\t"fmt"', '\t"os"', "",
                              f'\t"github.com/{self.snake(1, 1)}/{self.snake(1, 2)}/internal/{self.snake(1, 1)}"', ")", ""]) + "\n"
        if lang == "java":
            pkg = f"com.{self.snake(1, 1)}.{self.snake(1, 1)}"
            return "\n".join([f"package {pkg};", "", "import java.io.IOException;", "import java.util.*;",
                              f"import {pkg}.model.{self.pascal(1, 2)};", "", f"public class {self.pascal(1, 3)} {{",
                              f"    private static final Logger log = LoggerFactory.getLogger({self.pascal(1, 2)}.class);", ""]) + "\n"
        if lang == "csharp":
            return "\n".join(["using System;", "using System.Threading.Tasks;", "using Microsoft.Extensions.Logging;", "",
                              f"namespace {self.pascal(1, 1)}.{self.pascal(1, 1)}", "{",
                              f"    public class {self.pascal(1, 3)}", "    {", ""]) + "\n"
        if lang == "swift":
            return "\n".join(["import Foundation", f"import {self.pascal(1, 1)}Kit", "", f"final class {self.pascal(1, 3)} {{", ""]) + "\n"
        return "\n".join(["use std::collections::HashMap;", f"use crate::{self.snake(1, 1)}::{{{self.pascal(1, 2)}, Error}};", "",
                          f"pub struct {self.pascal(1, 3)} {{", f"    {self.snake(1, 2)}: HashMap<String, String>,", "}", "",
                          f"impl {self.pascal(1, 3)} {{"]) + "\n"

    FOOTER = {"python": "", "ruby": "end\n", "javascript": "}\n", "typescript": "}\n", "go": "",
              "java": "}\n", "csharp": "    }\n}\n", "swift": "}\n", "rust": "}\n"}

    def code_file(self, lang, target):
        """Source text of about `target` bytes."""
        parts = [self.file_header(lang)]
        size = len(parts[0])
        last = len(parts[0])
        while size < target:
            # What the previous block's size earned is planted in this one.
            secrets, decoys = self.due(last)
            plants = [self.secret_stmt(lang, secret=self.plant_secret()) for _ in range(secrets)]
            plants += [self.secret_stmt(lang, decoy=self.decoy_value()) for _ in range(decoys)]
            block = self.function(lang, plants)
            parts.append(block + "\n")
            last = len(block) + 1
            size += last
        parts.append(self.FOOTER[lang])
        return "".join(parts)

    def plant_secret(self, kind=None):
        secret = self.fake_secret(kind)
        self._pending.append((secret[0], secret[2]))
        return secret

    # ----------------------------------------------------------------------------------------------
    # Configuration, infrastructure, docs

    def kv_lines(self, style, n):
        """Config entries (key, value) with the due secrets and decoys mixed in."""
        r = self.rng
        items = []
        for _ in range(n):
            c = r.random()
            key = self.snake(1, 3)
            if c < 0.3:
                items.append((key, self.words(r.randint(1, 3)).replace(" ", "-")))
            elif c < 0.5:
                items.append((key, r.choice((0, 1, 5, 30, 60, 128, 300, 512, 1024, 3600, 86400))))
            elif c < 0.6:
                items.append((key, r.random() < 0.5))
            elif c < 0.75:
                items.append((key + "_url", self.url()))
            elif c < 0.85:
                items.append((key, self.pick(("us-east-1", "eu-west-1", "ap-southeast-2", "nodejs20.x", "python3.12", "java21", "provided.al2023"))))
            else:
                items.append((key + "_arn", f"arn:aws:{self.pick(('sqs', 'sns', 'dynamodb', 'lambda', 's3'))}:eu-west-1:{r.randint(10**11, 10**12 - 1)}:{self.snake(1, 2)}"))
        return items

    def plants_for(self, size):
        secrets, decoys = self.due(size)
        out = [self.plant_secret() for _ in range(secrets)]
        dec = [self.decoy_value() for _ in range(decoys)]
        return out, dec

    def json_config(self, target):
        r = self.rng
        obj = {}
        size = 2
        while size < target:
            section = {}
            for k, v in self.kv_lines("json", r.randint(3, 12)):
                section[k] = v
            secrets, decoys = self.plants_for(300)
            for kind, name, value in secrets:
                section[name] = value
            for name, value, _ in decoys:
                section[name] = value
            obj[self.camel(1, 2)] = section
            size += sum(len(str(k)) + len(str(v)) + 8 for k, v in section.items())
        return json.dumps(obj, indent=2) + "\n"

    def yaml_map(self, items, indent):
        pad = " " * indent
        out = []
        for k, v in items:
            if isinstance(v, bool):
                v = "true" if v else "false"
            elif isinstance(v, str) and "\n" in v:
                out.append(f"{pad}{k}: |")
                out.extend(f"{pad}  {line}" for line in v.split("\n"))
                continue
            elif isinstance(v, str) and (":" in v or v.startswith(("{", "*", "$", "!", "<"))):
                v = f'"{v}"'
            out.append(f"{pad}{k}: {v}")
        return out

    def serverless_yml(self, service):
        r = self.rng
        lines = [f"service: {service}", "frameworkVersion: '3'", "", "provider:", "  name: aws",
                 f"  runtime: {self.pick(('nodejs20.x', 'python3.12', 'java21', 'provided.al2023'))}",
                 "  region: ${opt:region, 'eu-west-1'}", "  stage: ${opt:stage, 'dev'}", "  environment:"]
        env = self.kv_lines("yaml", r.randint(4, 12))
        secrets, decoys = self.plants_for(2500)
        env += [(name.upper(), value) for _, name, value in secrets]
        env += [(name.upper(), value) for name, value, _ in decoys]
        env.append(("DB_PASSWORD", "${ssm:/" + service + "/db-password}"))
        env.append(("API_TOKEN", "${env:API_TOKEN}"))
        lines += self.yaml_map([(k.upper(), v) for k, v in env], 4)
        lines += ["", "functions:"]
        for _ in range(r.randint(2, 8)):
            fn = self.camel(1, 2)
            lines += [f"  {fn}:", f"    handler: src/handlers/{fn}.handler", f"    timeout: {r.choice((6, 10, 30, 60, 900))}",
                      f"    memorySize: {r.choice((128, 256, 512, 1024, 2048))}", "    events:"]
            if r.random() < 0.5:
                lines += ["      - http:", f"          path: /{self.snake(1, 2).replace('_', '-')}",
                          f"          method: {self.pick(('get', 'post', 'put', 'delete'))}", "          cors: true"]
            else:
                lines += ["      - sqs:", f"          arn: !GetAtt {self.pascal(1, 2)}Queue.Arn", f"          batchSize: {r.choice((1, 10, 25))}"]
        lines += ["", "resources:", "  Resources:"]
        for _ in range(r.randint(1, 4)):
            lines += [f"    {self.pascal(1, 2)}Table:", "      Type: AWS::DynamoDB::Table", "      Properties:",
                      f"        TableName: {service}-${{sls:stage}}-{self.snake(1, 1)}", "        BillingMode: PAY_PER_REQUEST"]
        return "\n".join(lines) + "\n"

    def sam_template(self, service):
        r = self.rng
        lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Transform: AWS::Serverless-2016-10-31",
                 f"Description: {self.sentence()}", "", "Globals:", "  Function:", f"    Timeout: {r.choice((3, 10, 30))}",
                 f"    Runtime: {self.pick(('python3.12', 'nodejs20.x', 'java21', 'dotnet8'))}", "", "Parameters:",
                 "  DbPassword:", "    Type: String", "    NoEcho: true", "", "Resources:"]
        for _ in range(r.randint(2, 7)):
            name = self.pascal(1, 3) + "Function"
            env = self.kv_lines("yaml", r.randint(2, 6))
            secrets, decoys = self.plants_for(1500)
            env += [(n.upper(), v) for _, n, v in secrets] + [(n.upper(), v) for n, v, _ in decoys]
            env.append(("DB_PASSWORD", "!Ref DbPassword"))
            env.append(("API_SECRET", "'{{resolve:secretsmanager:" + service + "/api:SecretString:secret}}'"))
            lines += [f"  {name}:", "    Type: AWS::Serverless::Function", "    Properties:",
                      f"      CodeUri: {self.snake(1, 2)}/", f"      Handler: app.{self.snake(1, 2)}", "      Environment:", "        Variables:"]
            lines += [f"          {k.upper()}: {v if not isinstance(v, bool) else str(v).lower()}" for k, v in env]
            lines += ["      Events:", f"        {self.pascal(1, 2)}:", "          Type: Api", "          Properties:",
                      f"            Path: /{self.snake(1, 2)}", "            Method: get"]
        return "\n".join(lines) + "\n"

    def yaml_config(self, target):
        lines = []
        size = 0
        while size < target:
            lines.append(f"{self.snake(1, 2)}:")
            items = self.kv_lines("yaml", self.rng.randint(3, 10))
            secrets, decoys = self.plants_for(400)
            items += [(n, v) for _, n, v in secrets] + [(n, v) for n, v, _ in decoys]
            block = self.yaml_map(items, 2)
            lines += block
            size += sum(len(x) + 1 for x in block) + 20
        return "\n".join(lines) + "\n"

    def toml_config(self, target):
        lines = []
        size = 0
        while size < target:
            lines.append(f"\n[{self.snake(1, 2)}]")
            items = self.kv_lines("toml", self.rng.randint(3, 10))
            secrets, decoys = self.plants_for(400)
            items += [(n, v) for _, n, v in secrets if "\n" not in v] + [(n, v) for n, v, _ in decoys]
            for k, v in items:
                if isinstance(v, bool):
                    v = str(v).lower()
                elif isinstance(v, str):
                    v = f'"{v}"'
                lines.append(f"{k} = {v}")
            size += sum(len(x) + 1 for x in lines[-len(items):]) + 20
        return "\n".join(lines).lstrip() + "\n"

    def dotenv(self):
        r = self.rng
        lines = [f"# {self.sentence(4, 10)}"]
        for k, v in self.kv_lines("env", r.randint(4, 15)):
            lines.append(f"{k.upper()}={str(v).lower() if isinstance(v, bool) else v}")
        # .env files are where real leaks live: a little more often than elsewhere.
        secrets, decoys = self.plants_for(6000)
        for _, n, v in secrets:
            lines.append(f'{n.upper()}="{v}"' if "\n" in v else f"{n.upper()}={v}")
        for n, v, _ in decoys:
            lines.append(f"{n.upper()}={v}")
        return "\n".join(lines) + "\n"

    def terraform(self, target):
        r = self.rng
        out = [f'terraform {{\n  required_providers {{\n    aws = {{\n      source  = "hashicorp/aws"\n      version = "~> 5.{r.randint(0, 60)}"\n    }}\n  }}\n}}\n']
        size = len(out[0])
        while size < target:
            kind = self.pick(("aws_lambda_function", "aws_s3_bucket", "aws_sqs_queue", "aws_iam_role", "aws_dynamodb_table",
                              "aws_db_instance", "aws_security_group", "aws_cloudwatch_log_group"))
            name = self.snake(1, 2)
            attrs = self.kv_lines("tf", r.randint(3, 9))
            secrets, decoys = self.plants_for(600)
            body = [f'resource "{kind}" "{name}" {{']
            for k, v in attrs:
                v = str(v).lower() if isinstance(v, bool) else (f'"{v}"' if isinstance(v, str) else v)
                body.append(f"  {k} = {v}")
            for _, n, v in secrets:
                body.append(f'  {n} = "{v}"' if "\n" not in v else f"  {n} = <<EOT\n{v}\nEOT")
            for n, v, _ in decoys:
                body.append(f'  {n} = "{v}"' if r.random() < 0.6 else f"  {n} = var.{n}")
            body.append(f"  tags = {{\n    Service = \"{name}\"\n    Owner   = \"{self.snake(1, 1)}\"\n  }}")
            body.append("}\n")
            block = "\n".join(body)
            out.append(block)
            size += len(block)
        return "\n".join(out)

    def markdown(self, target):
        r = self.rng
        out = [f"# {self.pascal(1, 3)}\n\n{self.sentence(10, 30)} {self.sentence(10, 30)}\n"]
        size = len(out[0])
        while size < target:
            c = r.random()
            if c < 0.2:
                block = f"\n## {self.sentence(2, 6)[:-1]}\n"
            elif c < 0.55:
                block = "\n" + " ".join(self.sentence(8, 24) for _ in range(r.randint(2, 6))) + "\n"
            elif c < 0.75:
                block = "\n" + "\n".join(f"- {self.sentence(4, 14)}" for _ in range(r.randint(2, 6))) + "\n"
            else:
                lang = self.pick(LANGS)
                secrets, decoys = self.plants_for(1200)
                stmts = self.statements(lang, r.randint(2, 8))
                stmts += [self.secret_stmt(lang, secret=s) for s in secrets]
                stmts += [self.secret_stmt(lang, decoy=d) for d in decoys]
                if r.random() < 0.3:
                    stmts.append(("raw", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"))
                block = f"\n```{lang}\n" + "\n".join(self.render(lang, stmts, 0)) + "\n```\n"
            out.append(block)
            size += len(block)
        return "".join(out)

    # ----------------------------------------------------------------------------------------------
    # Lock files: checksums and integrity hashes, the classic false-positive trap

    def pkg_name(self):
        name = self.snake(1, 2).replace("_", "-")
        return f"@{self.snake(1, 1)}/{name}" if self.rng.random() < 0.25 else name

    def package_lock(self, target):
        r = self.rng
        packages = {"": {"name": self.snake(1, 2).replace("_", "-"), "version": self.semver(), "lockfileVersion": 3}}
        size = 200
        while size < target:
            name = self.pkg_name()
            entry = {"version": self.semver(),
                     "resolved": f"https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-{self.semver()}.tgz",
                     "integrity": "sha512-" + self.chars(B64, 86) + "==",
                     "license": self.pick(("MIT", "ISC", "Apache-2.0", "BSD-3-Clause"))}
            if r.random() < 0.5:
                entry["dependencies"] = {self.pkg_name(): "^" + self.semver() for _ in range(r.randint(1, 5))}
            if r.random() < 0.2:
                entry["dev"] = True
            if r.random() < 0.1:
                entry["engines"] = {"node": ">=" + str(r.randint(12, 20))}
            packages[f"node_modules/{name}"] = entry
            size += 330 + 40 * len(entry.get("dependencies", {}))
        return json.dumps({"name": packages[""]["name"], "version": packages[""]["version"], "lockfileVersion": 3,
                           "requires": True, "packages": packages}, indent=2) + "\n"

    def yarn_lock(self, target):
        r = self.rng
        out = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n"]
        size = len(out[0])
        while size < target:
            name = self.pkg_name()
            ver = self.semver()
            block = (f'"{name}@^{ver}":\n  version "{ver}"\n  resolved "https://registry.yarnpkg.com/{name}/-/'
                     f'{name.split("/")[-1]}-{ver}.tgz#{self.sha1()}"\n  integrity sha512-{self.chars(B64, 86)}==\n')
            if r.random() < 0.5:
                block += "  dependencies:\n" + "".join(f'    {self.pkg_name()} "^{self.semver()}"\n' for _ in range(r.randint(1, 4)))
            block += "\n"
            out.append(block)
            size += len(block)
        return "".join(out)

    def cargo_lock(self, target):
        r = self.rng
        out = ["# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n"]
        size = len(out[0])
        while size < target:
            block = (f'\n[[package]]\nname = "{self.snake(1, 2).replace("_", "-")}"\nversion = "{self.semver()}"\n'
                     f'source = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{self.chars(HEXD, 64)}"\n')
            if r.random() < 0.6:
                block += "dependencies = [\n" + "".join(f' "{self.snake(1, 2).replace("_", "-")}",\n' for _ in range(r.randint(1, 6))) + "]\n"
            out.append(block)
            size += len(block)
        return "".join(out)

    def go_sum(self, target):
        out = []
        size = 0
        while size < target:
            mod = f"github.com/{self.snake(1, 1)}/{self.snake(1, 2).replace('_', '-')}"
            ver = "v" + self.semver()
            block = (f"{mod} {ver} h1:{self.chars(B64, 43)}=\n{mod} {ver}/go.mod h1:{self.chars(B64, 43)}=\n")
            out.append(block)
            size += len(block)
        return "".join(out)

    # ----------------------------------------------------------------------------------------------
    # Minified bundles: multi-megabyte single lines

    def minified_bundle(self, target):
        r = self.rng
        out = ["!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};"
               "return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.m=e,n.c=t,n(n.s=0)}(["]
        size = len(out[0])
        letters = string.ascii_letters
        module = 0
        while size < target:
            v = [self.pick(letters) + (self.pick(letters) if r.random() < 0.3 else "") for _ in range(6)]
            pieces = [f"function(e,t,n){{\"use strict\";Object.defineProperty(t,\"__esModule\",{{value:!0}});"]
            for _ in range(r.randint(4, 30)):
                c = r.random()
                if c < 0.3:
                    pieces.append(f'var {v[0]}=n({r.randrange(900)}),{v[1]}=n.n({v[0]});')
                elif c < 0.55:
                    pieces.append(f'function {v[2]}({v[3]},{v[4]}){{return {v[3]}.{self.camel(1, 2)}({v[4]},"{self.words(r.randint(1, 4))}")}}')
                elif c < 0.7:
                    pieces.append(f'{v[5]}.{self.camel(1, 2)}={{{self.camel(1, 1)}:"{self.url()}",{self.camel(1, 1)}:{r.randrange(1000)},{self.camel(1, 1)}:!{r.randrange(2)}}};')
                elif c < 0.8:
                    pieces.append(f'if({v[0]}&&{v[0]}.{self.camel(1, 1)}){{throw new Error("{self.sentence(3, 8)}")}}')
                elif c < 0.9:
                    pieces.append(f'const {v[1]}=async({v[2]})=>{{const {v[3]}=await fetch("{self.url()}",{{method:"POST",headers:{{"Content-Type":"application/json"}},body:JSON.stringify({v[2]})}});return {v[3]}.json()}};')
                else:
                    pieces.append(f't.{self.camel(1, 2)}=[{",".join(str(r.randrange(10**6)) for _ in range(r.randint(4, 20)))}];')
            secrets, decoys = self.due(sum(len(p) for p in pieces))
            for _ in range(secrets):
                kind, name, value = self.plant_secret(self.pick(("google", "stripe", "github", "slack", "jwt")))
                pieces.append(f'var {self.camel(1, 1)}={{{name}:"{value}"}};')
            for name, value, _ in [self.decoy_value() for _ in range(decoys)]:
                pieces.append(f'{v[0]}.{name}="{value}";')
            pieces.append("}")
            chunk = "".join(pieces) + ","
            out.append(chunk)
            size += len(chunk)
            module += 1
        out.append("function(e,t){}]);\n//# sourceMappingURL=bundle.min.js.map\n")
        return "".join(out)

    # ----------------------------------------------------------------------------------------------
    # Large log and data files, written in pieces

    def write_log(self, path, target):
        r = self.rng
        services = [self.snake(1, 2).replace("_", "-") for _ in range(12)]
        messages = [" ".join([self.pick(LOG_WORDS)] + self.parts(1, 3)) for _ in range(300)]
        level_names = ("INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "ERROR")
        written = 0
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            while written < target:
                lines = []
                for _ in range(2000):
                    c = r.random()
                    ts = self.timestamp()
                    if c < 0.55:
                        line = (f"{ts} {self.pick(level_names)} [{self.pick(services)}] {self.pick(messages)} "
                                f"request_id={self.uuid()} duration_ms={r.randrange(2000)} status={self.pick(('200', '200', '201', '204', '400', '404', '500'))}")
                    elif c < 0.8:
                        line = json.dumps({"ts": ts, "level": self.pick(level_names).lower(), "svc": self.pick(services),
                                           "msg": self.pick(messages), "traceId": self.chars(HEXD, 32), "ip": self.ip(),
                                           "path": "/" + self.snake(1, 2), "userId": r.randrange(10**7)}, separators=(",", ":"))
                    elif c < 0.92:
                        line = (f'{self.ip()} - - [{ts}] "{self.pick(("GET", "POST", "PUT"))} /{self.snake(1, 2)}/{r.randrange(10**6)} HTTP/1.1" '
                                f'{self.pick(("200", "302", "404", "500"))} {r.randrange(10**5)} "-" "Mozilla/5.0 (X11; Linux x86_64)"')
                    else:
                        line = (f"{ts} ERROR [{self.pick(services)}] Traceback (most recent call last):\n"
                                f'  File "/var/task/{self.snake(1, 2)}.py", line {r.randrange(900)}, in {self.snake(2, 3)}\n'
                                f"    {self.snake()} = {self.expr('python', 1)}\n"
                                f"{self.pick(('KeyError', 'ValueError', 'TimeoutError'))}: {self.words(r.randint(2, 6))}")
                    lines.append(line)
                chunk = "\n".join(lines) + "\n"
                secrets, decoys = self.due(len(chunk))
                extra = []
                for _ in range(secrets):
                    kind, name, value = self.plant_secret(self.pick(("postgres", "jwt", "aws", "slack", "stripe")))
                    extra.append(f"{self.timestamp()} DEBUG [config] loaded {name}={value}")
                for name, value, _ in [self.decoy_value() for _ in range(min(decoys, 20))]:
                    extra.append(f"{self.timestamp()} DEBUG [config] {name}={value}")
                if extra:
                    chunk += "\n".join(extra) + "\n"
                f.write(chunk)
                written += len(chunk)
        return written

    def write_csv(self, path, target):
        r = self.rng
        first = ("alex sam jordan taylor morgan casey jamie riley avery quinn kai noor lena omar "
                 "yuki ivan ana li chen maria").split()
        last = "smith jones garcia müller rossi kowalski novak tanaka kim silva dubois nguyen okafor".split()
        written = 0
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            header = "id,created_at,first_name,last_name,email,country,plan,amount,currency,status,external_ref\n"
            f.write(header)
            written += len(header.encode())
            while written < target:
                rows = []
                for _ in range(5000):
                    fn, ln = self.pick(first), self.pick(last)
                    rows.append(f"{r.randrange(10**9)},{self.timestamp()},{fn},{ln},{fn}.{ln}{r.randrange(100)}@{self.pick(('gmail', 'outlook', 'proton', 'acme'))}.{self.pick(TLDS)},"
                                f"{self.pick(('DE', 'FR', 'US', 'GB', 'JP', 'BR', 'IN', 'PL'))},{self.pick(('free', 'pro', 'team', 'enterprise'))},"
                                f"{r.randrange(100000) / 100:.2f},{self.pick(('EUR', 'USD', 'GBP'))},{self.pick(('paid', 'open', 'void'))},{self.uuid()}")
                chunk = "\n".join(rows) + "\n"
                data = chunk.encode()  # data exports carry no planted secrets
                f.write(chunk)
                written += len(data)
        return written

    # ----------------------------------------------------------------------------------------------
    # Binary files

    def binary_blob(self, kind, size):
        r = self.rng
        if kind == "png":
            head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + r.randbytes(13) + b"\x00\x00\x20\x00IDAT"
        elif kind == "jpg":
            head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        elif kind == "zip":
            head = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + r.randbytes(16) + b"\x08\x00\x00\x00payload/"
        elif kind == "woff2":
            head = b"wOF2\x00\x01\x00\x00" + r.randbytes(40)
        elif kind == "elf":
            head = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + r.randbytes(32)
        else:
            head = b"SQLite format 3\x00" + r.randbytes(84)
        return head + r.randbytes(max(0, size - len(head)))

    # ----------------------------------------------------------------------------------------------
    # Writing

    def unique(self, rel):
        """`rel`, or `rel` with a numbered stem when that path was already written."""
        if rel not in self._paths:
            self._paths.add(rel)
            return rel
        stem, dot, ext = rel.rpartition(".")
        if not dot or "/" in ext or stem.endswith("/"):
            stem, ext = rel, ""
        n = 2
        while True:
            candidate = f"{stem}_{n}.{ext}" if ext else f"{stem}_{n}"
            if candidate not in self._paths:
                self._paths.add(candidate)
                return candidate
            n += 1

    def write_text(self, rel, text):
        rel = self.unique(rel)
        path = os.path.join(self.out, rel)
        d = os.path.dirname(path)
        if d not in self._made_dirs:
            os.makedirs(d, exist_ok=True)
            self._made_dirs.add(d)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        self.bytes_written += len(data)
        self.text_bytes += len(data)
        self.files += 1
        self.flush_plants(rel, text)
        return len(data)

    def write_binary(self, rel, data):
        rel = self.unique(rel)
        path = os.path.join(self.out, rel)
        d = os.path.dirname(path)
        if d not in self._made_dirs:
            os.makedirs(d, exist_ok=True)
            self._made_dirs.add(d)
        with open(path, "wb") as f:
            f.write(data)
        self.bytes_written += len(data)
        self.files += 1
        self.binary_files += 1

    def flush_plants(self, rel, text=None):
        """Records the secrets planted since the last file; with `text`, only those that made it in."""
        for kind, value in self._pending:
            if text is None or value.split("\n")[0] in text:
                self.planted.append((rel, kind))
        self._pending = []

    def lognormal_size(self, median, lo, hi):
        value = int(median * self.rng.lognormvariate(0, 0.9))
        return max(lo, min(hi, value))


def generate_tree(out_dir, size_mb, seed):
    c = Corpus(out_dir, seed)
    r = c.rng
    total = int(size_mb * MB)

    # Byte budgets by kind of file.
    large_budget = int(total * 0.24) if total >= 150 * MB else int(total * 0.15)
    bundle_budget = int(total * 0.04)
    lock_budget = int(total * 0.08)
    binary_budget = int(total * 0.05)
    docs_budget = int(total * 0.03)
    config_budget = int(total * 0.07)

    # 1. A few large log and data files (20-50 MB each on a full-size corpus).
    large_size_lo, large_size_hi = (20 * MB, 50 * MB) if total >= 150 * MB else (max(1, total // 40), max(2, total // 15))
    used = 0
    index = 0
    while used < large_budget - large_size_lo // 2:
        size = min(r.randint(large_size_lo, large_size_hi), max(large_size_lo, large_budget - used))
        index += 1
        if index % 3 == 2:
            rel = f"data/exports/customers-{index:02d}.csv"
            os.makedirs(os.path.join(out_dir, "data/exports"), exist_ok=True)
            n = c.write_csv(os.path.join(out_dir, rel), size)
        else:
            rel = f"data/logs/{c.snake(1, 2).replace('_', '-')}-2024-{index:02d}.log"
            os.makedirs(os.path.join(out_dir, "data/logs"), exist_ok=True)
            n = c.write_log(os.path.join(out_dir, rel), size)
        c.flush_plants(rel)
        c.bytes_written += n
        c.text_bytes += n
        c.files += 1
        used += n

    # 2. Minified bundles: single lines of 1-6 MB.
    used = 0
    index = 0
    while used < bundle_budget:
        size = min(r.randint(1 * MB, 6 * MB), max(256 * 1024, bundle_budget - used))
        index += 1
        app = c.snake(1, 1)
        used += c.write_text(f"web/{app}-{index}/dist/static/js/main.{c.chars(HEXD, 8)}.min.js", c.minified_bundle(size))

    # 3. Binary files the scanner should skip.
    used = 0
    while used < binary_budget:
        kind = r.choices(("png", "jpg", "zip", "woff2", "elf", "sqlite"), (40, 25, 15, 8, 6, 6))[0]
        if kind in ("png", "jpg"):
            size = c.lognormal_size(60_000, 2_000, 2 * MB)
            rel = f"assets/{c.snake(1, 1)}/{c.snake(1, 3).replace('_', '-')}.{kind}"
        elif kind == "zip":
            size = c.lognormal_size(600_000, 20_000, 8 * MB)
            rel = f"dist/{c.snake(1, 2).replace('_', '-')}-{c.semver()}.zip"
        elif kind == "woff2":
            size = c.lognormal_size(40_000, 10_000, 300_000)
            rel = f"assets/fonts/{c.pascal(1, 2)}-{c.pick(('Regular', 'Bold', 'Italic'))}.woff2"
        elif kind == "elf":
            size = c.lognormal_size(900_000, 100_000, 6 * MB)
            rel = f"tools/bin/{c.snake(1, 2).replace('_', '-')}"  # no extension: the sniff has to tell
        else:
            size = c.lognormal_size(300_000, 20_000, 4 * MB)
            rel = f"data/fixtures/{c.snake(1, 2)}.data"  # unknown extension, NUL bytes inside
        c.write_binary(rel, c.binary_blob(kind, size))
        used += size

    # 4. Lock files.
    used = 0
    while used < lock_budget:
        svc = c.snake(1, 2).replace("_", "-")
        kind = r.choices(("npm", "yarn", "cargo", "go"), (45, 20, 15, 20))[0]
        size = c.lognormal_size(300_000, 20_000, 3 * MB)
        if kind == "npm":
            used += c.write_text(f"services/{svc}/package-lock.json", c.package_lock(size))
        elif kind == "yarn":
            used += c.write_text(f"web/{svc}/yarn.lock", c.yarn_lock(size))
        elif kind == "cargo":
            used += c.write_text(f"crates/{svc}/Cargo.lock", c.cargo_lock(size))
        else:
            used += c.write_text(f"services/{svc}/go.sum", c.go_sum(size))

    # 5. Docs.
    used = 0
    while used < docs_budget:
        size = c.lognormal_size(6_000, 400, 120_000)
        used += c.write_text(f"docs/{c.snake(1, 1)}/{c.snake(1, 3).replace('_', '-')}.md", c.markdown(size))

    # 6. Services: code, configs, infrastructure, until the total is reached. Configuration files
    #    are paced so that they take about `config_budget` of the whole.
    config_used = 0
    while c.bytes_written < total:
        svc = f"{c.snake(1, 2).replace('_', '-')}-{c.pick(('api', 'worker', 'service', 'fn', 'handler', 'sync'))}"
        base = f"services/{svc}"
        lang = r.choices(LANGS, (22, 14, 18, 14, 10, 8, 5, 4, 5))[0]
        ext = EXT[lang]
        want_config = config_used < config_budget * c.bytes_written / total
        if want_config or r.random() < 0.15:
            config_used += c.write_text(f"{base}/serverless.yml" if r.random() < 0.6 else f"{base}/template.yaml",
                                        c.serverless_yml(svc) if r.random() < 0.6 else c.sam_template(svc))
            config_used += c.write_text(f"{base}/config/{c.pick(('default', 'dev', 'prod', 'staging'))}.json",
                                        c.json_config(c.lognormal_size(1500, 200, 40_000)))
            if r.random() < 0.5:
                config_used += c.write_text(f"{base}/config/settings.yaml", c.yaml_config(c.lognormal_size(1200, 200, 30_000)))
            if r.random() < 0.3:
                config_used += c.write_text(f"{base}/.env" if r.random() < 0.5 else f"{base}/.env.{c.pick(('local', 'dev', 'test', 'example'))}", c.dotenv())
            if r.random() < 0.3:
                config_used += c.write_text(f"{base}/{c.pick(('pyproject.toml', 'Cargo.toml', 'config.toml', 'netlify.toml'))}",
                                            c.toml_config(c.lognormal_size(900, 200, 10_000)))
            if r.random() < 0.35:
                config_used += c.write_text(f"infra/terraform/{svc}/main.tf", c.terraform(c.lognormal_size(4_000, 500, 60_000)))
                config_used += c.write_text(f"infra/terraform/{svc}/variables.tf", c.terraform(c.lognormal_size(1_000, 300, 8_000)))
        # Source files: many small and medium ones.
        for _ in range(r.randint(3, 40)):
            sub = c.pick(("src", "src/handlers", "src/lib", "src/models", "internal", "pkg", "tests", "lib"))
            size = c.lognormal_size(5_000, 300, 200_000)
            name = c.snake(1, 3)
            if lang in ("java", "csharp", "swift"):
                name = c.pascal(1, 3)
            if lang == "typescript" and r.random() < 0.2:
                ext_here = "tsx"
            else:
                ext_here = ext
            c.write_text(f"{base}/{sub}/{name}.{ext_here}", c.code_file(lang, size))
            if c.bytes_written >= total:
                break
    return c


def generate_tiny(out_dir, count, seed):
    c = Corpus(out_dir, seed, secret_every=250_000, decoy_every=8_000)
    r = c.rng
    for i in range(count):
        # Nested folders: ~60 files per leaf folder, 2-4 levels.
        leaf = i // 60
        parts = [f"pkg{leaf % 17:02d}", f"mod{leaf % 131:03d}", f"leaf{leaf:05d}"]
        if leaf % 3 == 0:
            parts.insert(2, c.pick(("src", "lib", "internal")))
        size = r.randint(50, 500)
        kind = r.random()
        if kind < 0.6:
            lang = c.pick(LANGS)
            secrets, decoys = c.due(size)
            stmts = c.statements(lang, 6)
            stmts += [c.secret_stmt(lang, secret=c.plant_secret()) for _ in range(secrets)]
            stmts += [c.secret_stmt(lang, decoy=c.decoy_value()) for _ in range(decoys)]
            text = "\n".join(c.render(lang, stmts, 0))
            ext = EXT[lang]
        elif kind < 0.8:
            text = c.json_config(size)
            ext = "json"
        elif kind < 0.9:
            text = c.yaml_config(size)
            ext = "yaml"
        else:
            text = c.markdown(size)
            ext = "md"
        if len(text) > size:
            # Cut at a line boundary; planted secrets that were cut off are dropped from the record.
            cut = text.rfind("\n", 0, size)
            text = text[: cut if cut > 0 else size]
        text = text.ljust(50) + "\n"
        c.write_text("/".join(parts) + f"/{c.snake(1, 2)}_{i}.{ext}", text)
    return c


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--size-mb", type=float, default=None, help="approximate corpus size in MB (10^6 bytes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tiny-files", type=int, default=None, help="write N files of 50-500 bytes instead")
    parser.add_argument("--manifest", default=None, help="write what was planted (path, kind) as JSON here")
    args = parser.parse_args()
    if (args.size_mb is None) == (args.tiny_files is None):
        parser.error("give exactly one of --size-mb and --tiny-files")
    if os.path.exists(args.out_dir) and os.listdir(args.out_dir):
        parser.error(f"{args.out_dir} exists and is not empty")
    os.makedirs(args.out_dir, exist_ok=True)
    if args.tiny_files is not None:
        c = generate_tiny(args.out_dir, args.tiny_files, args.seed)
    else:
        c = generate_tree(args.out_dir, args.size_mb, args.seed)
    kinds = {}
    for _, kind in c.planted:
        kinds[kind] = kinds.get(kind, 0) + 1
    summary = {"files": c.files, "bytes": c.bytes_written, "textBytes": c.text_bytes, "binaryFiles": c.binary_files,
               "planted": len(c.planted), "plantedByKind": dict(sorted(kinds.items())), "seed": args.seed}
    if args.manifest:
        with open(args.manifest, "w") as f:
            json.dump(dict(summary, secrets=[{"path": p, "kind": k} for p, k in c.planted]), f, indent=1)
            f.write("\n")
    print(json.dumps(summary), file=sys.stderr)


if __name__ == "__main__":
    main()
