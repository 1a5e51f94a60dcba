"""Checks `stylebook diff --format json OLD NEW` against a comparison made here, from the YAML
of two source layouts, with PyYAML and none of stylebook's code: the same rules (see
`stylebook_core::diff`), written again.

usage: diff_check.py compare OLD_SOURCE NEW_SOURCE DIFF_JSON [EXPECTED_COUNTS]
       diff_check.py edit SOURCE OUT

`compare`: EXPECTED_COUNTS, when given, is a JSON object of figures established by hand, for
example {"topics.added": 5}; each must equal the length of that list in both results (or, for
`old.*` and `new.*`, the number itself).

`edit`: writes into OUT a copy of the source layout SOURCE with one change of each kind (see
`edit`), for a comparison that exercises renames and every kind of reference change.
"""

import collections
import datetime
import glob
import json
import os
import sys

import yaml


def load(root):
    with open(os.path.join(root, "topics.yaml"), encoding="utf-8") as f:
        topics = yaml.safe_load(f)
    guidelines = {}
    for path in sorted(glob.glob(os.path.join(root, "guidelines", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            g = yaml.safe_load(f)
        guidelines[g["id"]] = g
    return topics, guidelines


def text(value):
    """A metadata value as catalog JSON writes it."""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def refs(guideline):
    """topic id -> list of (name, url, quote), for topics with references."""
    out = {}
    for topic, items in (guideline.get("topics") or {}).items():
        items = [(r.get("name"), r["url"], r.get("quote")) for r in items or []]
        if items:
            out[topic] = items
    return out


def rename_key(topic_id, topic, guidelines):
    cited = sorted((gid, url) for gid, g in guidelines.items()
                   for (_, url, _) in refs(g).get(topic_id, []))
    return (topic["name"], tuple(cited))


def compare(old_root, new_root):
    old_topics, old_guides = load(old_root)
    new_topics, new_guides = load(new_root)
    gone = sorted(set(old_topics) - set(new_topics))
    came = sorted(set(new_topics) - set(old_topics))
    old_keys = collections.defaultdict(list)
    for t in gone:
        old_keys[rename_key(t, old_topics[t], old_guides)].append(t)
    new_keys = collections.defaultdict(list)
    for t in came:
        new_keys[rename_key(t, new_topics[t], new_guides)].append(t)
    renamed = sorted((o[0], new_keys[k][0]) for k, o in old_keys.items()
                     if len(o) == 1 and len(new_keys.get(k, [])) == 1)
    to_new = dict(renamed)
    to_old = {b: a for a, b in renamed}

    result = {"topics": {}, "guidelines": {}, "references": {}, "coverage": {}}
    result["topics"]["added"] = [t for t in came if t not in to_old]
    result["topics"]["removed"] = [t for t in gone if t not in to_new]
    result["topics"]["renamed"] = [{"from": a, "to": b} for a, b in renamed]
    changed = []
    for t in sorted(new_topics):
        before = old_topics.get(to_old.get(t, t))
        if before is None:
            continue
        changes = [{"field": f, "old": before.get(f), "new": new_topics[t].get(f)}
                   for f in ("category", "description", "name")
                   if before.get(f) != new_topics[t].get(f)]
        if changes:
            changed.append({"id": t, "changes": changes})
    result["topics"]["changed"] = changed

    result["guidelines"]["added"] = sorted(set(new_guides) - set(old_guides))
    result["guidelines"]["removed"] = sorted(set(old_guides) - set(new_guides))
    changed = []
    for gid in sorted(set(old_guides) & set(new_guides)):
        a, b = old_guides[gid], new_guides[gid]
        fields = sorted((set(a) | set(b)) - {"topics", "id"})
        changes = [{"field": f, "old": text(a.get(f)), "new": text(b.get(f))}
                   for f in fields if text(a.get(f)) != text(b.get(f))]
        if changes:
            changed.append({"id": gid, "changes": changes})
    result["guidelines"]["changed"] = changed

    added, removed, ref_changed = [], [], []
    guideline_coverage = []
    old_by_topic = collections.defaultdict(set)
    new_by_topic = collections.defaultdict(set)
    for gid in sorted(set(old_guides) | set(new_guides)):
        before = {to_new.get(t, t): (t, r) for t, r in refs(old_guides.get(gid, {})).items()}
        after = refs(new_guides.get(gid, {}))
        for t in before:
            old_by_topic[t].add(gid)
        for t in after:
            new_by_topic[t].add(gid)
        for t, (old_id, items) in before.items():
            if t not in after:
                removed += [(gid, old_id, n, u) for (n, u, _) in items]
        for t, items in after.items():
            if t not in before:
                added += [(gid, t, n, u) for (n, u, _) in items]
                continue
            old_id, old_items = before[t]
            left_old, left_new = list(old_items), list(items)
            pairs = []
            for key in (lambda r: r, lambda r: r[1], lambda r: r[0]):
                for r in list(left_old):
                    k = key(r)
                    if k is None:
                        continue
                    match = next((x for x in left_new if key(x) == k), None)
                    if match is not None:
                        left_old.remove(r)
                        left_new.remove(match)
                        pairs.append((r, match))
            for r, m in pairs:
                changes = [{"field": f, "old": r[i], "new": m[i]}
                           for f, i in (("name", 0), ("quote", 2), ("url", 1)) if r[i] != m[i]]
                if changes:
                    ref_changed.append({"guideline": gid, "topic": t, "url": r[1],
                                        "changes": changes})
            removed += [(gid, old_id, n, u) for (n, u, _) in left_old]
            added += [(gid, t, n, u) for (n, u, _) in left_new]
        if gid in old_guides and gid in new_guides:
            gained = sorted(set(after) - set(before))
            lost = sorted(before[t][0] for t in set(before) - set(after))
            if gained or lost:
                guideline_coverage.append({"id": gid, "gained": gained, "lost": lost})

    def entries(items):
        key = lambda e: (e[0], e[1], e[3], (e[2] is not None, e[2] or ""))
        return [{"guideline": g, "topic": t, "name": n, "url": u}
                for g, t, n, u in sorted(items, key=key)]

    result["references"]["added"] = entries(added)
    result["references"]["removed"] = entries(removed)
    result["references"]["changed"] = sorted(
        ref_changed, key=lambda c: (c["guideline"], c["topic"], c["url"]))
    topic_coverage = []
    for t in sorted(set(old_by_topic) | set(new_by_topic)):
        if t not in new_topics or to_old.get(t, t) not in old_topics:
            continue
        gained = sorted(new_by_topic[t] - old_by_topic[t])
        lost = sorted(old_by_topic[t] - new_by_topic[t])
        if gained or lost:
            topic_coverage.append({"id": t, "gained": gained, "lost": lost})
    result["coverage"] = {"guidelines": guideline_coverage, "topics": topic_coverage}

    def count(topics, guides):
        return {"topics": len(topics), "guidelines": len(guides),
                "references": sum(len(r) for g in guides.values() for r in refs(g).values())}

    result["old"] = count(old_topics, old_guides)
    result["new"] = count(new_topics, new_guides)
    return result


def edit(source, out):
    """A topic id renamed (http-status-409), a topic's category changed (versioning), a topic
    added (bulk-operations, cited by Cisco), a guideline removed (White House), two guidelines'
    metadata changed (adidas, Google), and in Zalando's guide a reference's URL, another's name
    and another's quote changed, one removed (its topic's only one) and one added."""
    topics, guidelines = load(source)
    topics["http-status-conflict"] = topics.pop("http-status-409")
    for g in guidelines.values():
        cited = g.get("topics") or {}
        if "http-status-409" in cited:
            g["topics"] = {("http-status-conflict" if k == "http-status-409" else k): v
                           for k, v in cited.items()}
    topics["versioning"]["category"] = "Evolution"
    topics["bulk-operations"] = {"category": "Resources", "name": "Bulk operations",
                                 "description": "How to act on many resources at once"}
    guidelines["cisco-api-design-guide"]["topics"]["bulk-operations"] = [
        {"name": "Batch requests", "url": "https://github.com/CiscoDevNet/api-design-guide#batch"}]
    del guidelines["white-house-web-api-standards"]
    guidelines["adidas-api-design-guidelines"]["reviewDate"] = datetime.date(2020, 1, 31)
    guidelines["google-api-design-guide"]["title"] = "API Design Guide"
    z = guidelines["zalando-restful-api-guidelines"]["topics"]
    z["api-counts"][0]["url"] += "-moved"
    z["asynchronicity"][0]["name"] = "Events and messaging"
    z["collection-retrieve"][0]["quote"] = "reads one resource"
    del z["collection"]
    z["data-standards"].append({"name": "Money object", "url": "https://example.org/#money"})
    os.makedirs(os.path.join(out, "guidelines"))
    dump = lambda value, path: yaml.safe_dump(
        value, open(path, "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)
    dump(topics, os.path.join(out, "topics.yaml"))
    for gid, g in guidelines.items():
        dump(g, os.path.join(out, "guidelines", gid + ".yaml"))


def main():
    if sys.argv[1] == "edit":
        edit(sys.argv[2], sys.argv[3])
        return
    old_root, new_root, diff_json = sys.argv[2:5]
    with open(diff_json, encoding="utf-8") as f:
        tool = json.load(f)
    mine = compare(old_root, new_root)
    failures = []
    for section in ("old", "new", "topics", "guidelines", "references", "coverage"):
        if section in ("old", "new"):
            if tool[section] != mine[section]:
                failures.append(f"{section}: stylebook {tool[section]}, here {mine[section]}")
            continue
        for key, value in mine[section].items():
            if tool[section][key] != value:
                failures.append(f"{section}.{key}: stylebook and this check differ")
    if len(sys.argv) > 5:
        expected = json.loads(sys.argv[5])
        for path, want in expected.items():
            section, key = path.split(".")
            for name, result in (("stylebook", tool), ("this check", mine)):
                got = result[section][key]
                got = got if isinstance(got, int) else len(got)
                if got != want:
                    failures.append(f"{path}: {name} gives {got}, established by hand {want}")
    shown = {f"{s}.{k}": len(v) for s in ("topics", "guidelines", "references")
             for k, v in mine[s].items()}
    print("   " + ", ".join(f"{k} {v}" for k, v in shown.items()))
    if failures:
        print("\n".join(failures))
        sys.exit(1)


main()
