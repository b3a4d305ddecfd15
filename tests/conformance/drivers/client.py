"""Runs calls on the vendor's PassworkClient (passwork-python 0.2.0, unmodified) and prints the results.

stdin: {"host", "accessToken", "refreshToken", "masterKey"?, "masterPassword"?, "autoRefresh"?,
        "calls": [{"op": <method name>, "args": [...], "kwargs": {...}}]}
An argument {"$ref": [i, key, ...]} is the result of call i (then indexed by the keys).
op "_get" returns a client attribute (kwargs.name); op "_set" sets one (kwargs.name, kwargs.value).
stdout: one JSON line, a list of {"ok": true, "result": ...} | {"ok": false, "error": ..., "type": ...}.
Every call runs even when an earlier one failed, so the spec sees each failure on its own.
"""
import json
import sys

from passwork_client import PassworkClient


def resolve(value, results):
    if isinstance(value, dict):
        if set(value) == {"$ref"}:
            path = value["$ref"]
            cur = results[path[0]]["result"] if results[path[0]]["ok"] else None
            for key in path[1:]:
                cur = cur[key]
            return cur
        return {k: resolve(v, results) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, results) for v in value]
    return value


def main():
    spec = json.load(sys.stdin)
    client = PassworkClient(spec["host"], auto_refresh=bool(spec.get("autoRefresh")))
    if spec.get("accessToken"):
        client.set_tokens(spec["accessToken"], spec.get("refreshToken"))
    results = []
    try:
        if spec.get("masterKey"):
            client.set_master_key(spec["masterKey"])
        elif spec.get("masterPassword"):
            client.set_master_password(spec["masterPassword"])
    except Exception as e:  # unlocking failed (e.g. an expired token): every call reports it
        failed = {"ok": False, "error": "setup: " + str(e), "type": type(e).__name__}
        print(json.dumps([failed for _ in spec["calls"]]))
        return
    for call in spec["calls"]:
        try:
            op = call["op"]
            args = resolve(call.get("args", []), results)
            kwargs = resolve(call.get("kwargs", {}), results)
            if op == "_get":
                result = getattr(client, kwargs["name"])
            elif op == "_set":
                setattr(client, kwargs["name"], kwargs["value"])
                result = None
            else:
                result = getattr(client, op)(*args, **kwargs)
            json.dumps(result, default=str)
            results.append({"ok": True, "result": result})
        except Exception as e:  # report every failure to the spec, keep going
            results.append({"ok": False, "error": str(e), "type": type(e).__name__})
    print(json.dumps(results, default=str))


main()
