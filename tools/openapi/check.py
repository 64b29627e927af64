#!/usr/bin/python3
"""Holds the HTTP API to its contract, docs/ref/openapi.yaml (issue 5).

Usage: /usr/bin/python3 tools/openapi/check.py OPENAPI.yaml SAMPLES.json

SAMPLES.json is written by src/serve/openapi_test.cpp from real requests to the real API:
  {"routes":  [{"method": "GET", "pattern": "/api/v1/users/{id}", "right": "user.manage"}, ...],
   "samples": [{"method": "GET", "route": "/api/v1/users/{id}", "target": "/api/v1/users/3",
                "request_body": "", "status": 200, "content_type": "application/json",
                "headers": {"Location": "..."}, "body": "{...}"}, ...]}

It checks, and prints every failure (exit status 1 if any):
  1. the document's operations are exactly the server's routes, each with the route's right as
     x-anninh-right and a `security` that fits it (none when open, CSRF on cookie writes), and
     each documents its failures (every 4xx and a `default`) with the one Error schema; no
     schema has a keyword OpenAPI 3.0 does not know (a typo, or a YAML slip);
  2. every route has at least one success (2xx, or 101 for a WebSocket upgrade) and one 4xx sample;
  3. every sample's status is documented for its operation (a 5xx may fall back to `default`),
     its content type is documented, required response headers are present, and its body is
     valid against the documented schema (JSON Schema, converted from OpenAPI 3.0);
  4. every 2xx sample's query parameters are documented and its JSON request body is valid
     against the documented requestBody, so the document's examples of use really work.

Debian's python3-yaml and python3-jsonschema (they belong to /usr/bin/python3).
"""
import json
import re
import sys
import urllib.parse

try:
    import jsonschema
    import yaml
except ImportError as e:
    sys.exit(f"check.py: {e}: run scripts/install-deps (python3-yaml, python3-jsonschema) "
             "and use /usr/bin/python3")

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# OpenAPI 3.0 keywords that JSON Schema lacks or means differently; `nullable` is rewritten.
OPENAPI_ONLY = ("nullable", "example", "xml", "externalDocs", "discriminator", "readOnly",
                "writeOnly", "deprecated")
# Every keyword an OpenAPI 3.0 Schema Object may have; anything else is a typo or a YAML slip
# (an unquoted comma in a flow mapping makes a key of the rest of a sentence).
SCHEMA_KEYWORDS = {
    "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
    "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties",
    "required", "enum", "type", "allOf", "oneOf", "anyOf", "not", "items", "properties",
    "additionalProperties", "description", "format", "default", "nullable", "discriminator", "readOnly",
    "writeOnly", "xml", "externalDocs", "example", "deprecated", "$ref"}
# RFC 3339 as the server writes it (UTC, optional fraction); jsonschema's own date-time check
# needs a package Debian 12 does not install with it.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def to_json_schema(node):
    """An OpenAPI 3.0 Schema Object as a draft-7 JSON Schema; $refs point into `definitions`."""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in OPENAPI_ONLY:
            continue
        if key == "$ref":
            out[key] = value.replace("#/components/schemas/", "#/definitions/")
        elif key == "properties":  # member names are data, never keywords to drop
            out[key] = {name: to_json_schema(s) for name, s in value.items()}
        else:
            out[key] = to_json_schema(value)
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = out["enum"] + [None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def lint_schema(node, where):
    """Unknown keywords anywhere in one schema, by where they are."""
    if not isinstance(node, dict):
        return [f"{where}: a schema must be a mapping"]
    problems = [f"{where}: unknown schema keyword {k!r}" for k in node
                if k not in SCHEMA_KEYWORDS and not str(k).startswith("x-")]
    for name, sub in node.get("properties", {}).items():
        problems += lint_schema(sub, f"{where}/properties/{name}")
    for key in ("items", "not", "additionalProperties"):
        if isinstance(node.get(key), dict):
            problems += lint_schema(node[key], f"{where}/{key}")
    for key in ("allOf", "oneOf", "anyOf"):
        for i, sub in enumerate(node.get(key, [])):
            problems += lint_schema(sub, f"{where}/{key}/{i}")
    return problems


def lint_document(node, where=""):
    """lint_schema on every schema in the document: components and each `schema:` in use."""
    problems = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "schema" or where == "/components/schemas":
                problems += lint_schema(value, f"{where}/{key}")
            else:
                problems += lint_document(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            problems += lint_document(value, f"{where}/{i}")
    return problems


class Contract:
    def __init__(self, doc):
        self.doc = doc
        self.definitions = {name: to_json_schema(s)
                            for name, s in doc.get("components", {}).get("schemas", {}).items()}
        self.formats = jsonschema.FormatChecker(())
        self.formats.checks("date-time")(lambda v: not isinstance(v, str) or bool(RFC3339.match(v)))

    def deref(self, node):
        """Follows a local $ref (#/components/responses/X and the like) to what it names."""
        while isinstance(node, dict) and "$ref" in node:
            target = self.doc
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def operations(self):
        for path, item in self.doc.get("paths", {}).items():
            for method, op in item.items():
                if method in HTTP_METHODS:
                    yield method.upper(), path, op

    def operation(self, method, path):
        return self.doc.get("paths", {}).get(path, {}).get(method.lower())

    def parameters(self, method, path):
        item = self.doc["paths"][path]
        listed = item.get("parameters", []) + item[method.lower()].get("parameters", [])
        return [self.deref(p) for p in listed]

    def errors(self, instance, schema):
        """The validation errors of `instance` against an OpenAPI schema, as messages."""
        full = dict(to_json_schema(schema))
        full["definitions"] = self.definitions
        validator = jsonschema.Draft7Validator(full, format_checker=self.formats)
        found = []
        for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in e.absolute_path) or "(the body)"
            found.append(f"at {where}: {e.message}")
        return found


def check_routes(contract, routes):
    problems = []
    served = {(r["method"], r["pattern"]): r for r in routes}
    documented = {(m, p): op for m, p, op in contract.operations()}
    for key in sorted(served.keys() - documented.keys()):
        problems.append(f"{key[0]} {key[1]}: the server has this route; docs/ref/openapi.yaml does not")
    for key in sorted(documented.keys() - served.keys()):
        problems.append(f"{key[0]} {key[1]}: documented, but the server has no such route")
    for key in sorted(served.keys() & documented.keys()):
        route, op, name = served[key], documented[key], f"{key[0]} {key[1]}"
        if op.get("x-anninh-right") != route["right"]:
            problems.append(f"{name}: x-anninh-right is {op.get('x-anninh-right')!r}; the server requires "
                            f"{route['right']!r}")
        security = op.get("security", contract.doc.get("security"))
        if route["right"] == "open":
            if security != []:
                problems.append(f"{name}: an open route needs `security: []`")
            continue
        schemes = [sorted(req.keys()) for req in security or []]
        session = ["csrf", "session"] if key[0] in WRITE_METHODS else ["session"]
        if sorted(schemes) != sorted([session, ["token"]]):
            problems.append(f"{name}: security should be [{{{': [], '.join(session)}: []}}, {{token: []}}], "
                            f"not {security}")
    return problems


def check_errors_documented(contract):
    """Every operation documents its failures with the one error body: each 4xx and `default`."""
    problems = []
    error = {"$ref": "#/components/schemas/Error"}
    for method, path, op in contract.operations():
        responses = op.get("responses", {})
        if "default" not in responses:
            problems.append(f"{method} {path}: no `default` response (5xx)")
        for status, response in responses.items():
            if status == "default" or str(status).startswith("4"):
                media = contract.deref(response).get("content", {})
                if list(media) != ["application/json"] or media["application/json"].get("schema") != error:
                    problems.append(f"{method} {path}: response {status} must be application/json "
                                    "with the Error schema")
    return problems


def check_sample(contract, s):
    name = f"{s['method']} {s['route']} -> {s['status']} ({s['target']})"
    op = contract.operation(s["method"], s["route"])
    if op is None:
        return [f"{name}: no such operation in the document"]
    responses = op.get("responses", {})
    response = responses.get(str(s["status"]))
    if response is None and s["status"] >= 500:
        response = responses.get("default")
    if response is None:
        return [f"{name}: status {s['status']} is not documented for this operation"]
    response = contract.deref(response)
    problems = []
    headers = {k.lower() for k in s.get("headers", {})}
    for header, spec in response.get("headers", {}).items():
        if contract.deref(spec).get("required") and header.lower() not in headers:
            problems.append(f"{name}: the documented header {header} is missing")
    content = response.get("content", {})
    if not content:
        if s["body"]:
            problems.append(f"{name}: documented without a body, but the body is {s['body'][:200]!r}")
        return problems
    media = s["content_type"].split(";")[0].strip()
    if media not in content:
        return problems + [f"{name}: content type {media!r} is not documented "
                           f"(only {', '.join(content)})"]
    schema = content[media].get("schema")
    if schema is None or not (media == "application/json" or media.startswith("text/")):
        return problems  # media bytes (video/mp4): the status, type and headers are the contract
    if media == "application/json":
        try:
            body = json.loads(s["body"])
        except ValueError as e:
            return problems + [f"{name}: the body is not JSON ({e}): {s['body'][:200]!r}"]
    else:
        body = s["body"]
    problems += [f"{name}: response {m}" for m in contract.errors(body, schema)]
    if 200 <= s["status"] < 300:
        problems += check_request(contract, s, name, op)
    return problems


def check_request(contract, s, name, op):
    """What a successful request sent is documented: its query parameters and its body."""
    problems = []
    params = contract.parameters(s["method"], s["route"])
    declared = {p["name"] for p in params if p.get("in") == "query"}
    query = urllib.parse.urlsplit(s["target"]).query
    for key, _ in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if key not in declared:
            problems.append(f"{name}: query parameter {key!r} is not documented")
    if s.get("request_body"):
        body_content = contract.deref(op.get("requestBody", {})).get("content", {})
        body_spec = body_content.get("application/json")
        if body_spec is None and body_content:
            pass  # a raw upload (the file itself): the server checks its bytes, not a schema
        elif body_spec is None:
            problems.append(f"{name}: the request had a JSON body; the document takes none")
        else:
            problems += [f"{name}: request body {m}"
                         for m in contract.errors(json.loads(s["request_body"]), body_spec["schema"])]
    return problems


def check_coverage(routes, samples):
    problems = []
    for r in routes:
        statuses = [s["status"] for s in samples
                    if s["method"] == r["method"] and s["route"] == r["pattern"]]
        # 101 counts: a WebSocket upgrade's success is Switching Protocols (RFC 6455 section 4.2.2).
        if not any(st == 101 or 200 <= st < 300 for st in statuses):
            problems.append(f"{r['method']} {r['pattern']}: no sample of a success (2xx or 101)")
        if not any(400 <= st < 500 for st in statuses):
            problems.append(f"{r['method']} {r['pattern']}: no sample of a refusal (4xx)")
    return problems


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        contract = Contract(yaml.safe_load(f))
    with open(argv[2], encoding="utf-8") as f:
        run = json.load(f)
    problems = (lint_document(contract.doc) + check_routes(contract, run["routes"]) +
                check_errors_documented(contract) + check_coverage(run["routes"], run["samples"]))
    for sample in run["samples"]:
        problems += check_sample(contract, sample)
    for p in problems:
        print(p)
    print(f"openapi check: {len(run['routes'])} routes, {len(run['samples'])} samples, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
