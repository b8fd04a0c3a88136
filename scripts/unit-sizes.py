#!/usr/bin/python3
"""The largest classes (file lines) and methods (lines from signature to closing brace) of the provider's main code
at a git revision, to compare a redesign's before and after:

    python3 scripts/unit-sizes.py [REV] [HOW_MANY]

REV defaults to HEAD; compare revisions formatted alike (the formatter changes line counts). Methods are found by
their signature and brace depth, as text: a lambda or anonymous class counts as part of its method."""
import re
import subprocess
import sys

rev = sys.argv[1] if len(sys.argv) > 1 else "HEAD"
top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
names = subprocess.check_output(["git", "ls-tree", "-r", "--name-only", rev], text=True).split()
files = [f for f in names if f.startswith("provider/src/main/java/") and f.endswith(".java")]
MODIFIERS = r"(?:(?:public|protected|private|static|final|synchronized|abstract|default)\s+)*"
SIGNATURE = re.compile(r"^\s*" + MODIFIERS + r"(?:<[^>]+>\s+)?[\w<>\[\],.? ]+\s+(\w+)\s*\(")
NOT_A_METHOD = re.compile(r"^\s*(if|for|while|switch|catch|return|new|else|throw)\b|\b(record|class|enum|interface)\s")
STRINGS_AND_COMMENTS = re.compile(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|//.*')


def methods(lines, owner):
    i = 0
    while i < len(lines):
        m = SIGNATURE.match(lines[i])
        if m and not NOT_A_METHOD.search(lines[i]):
            depth, opened, j = 0, False, i
            while j < len(lines):
                code = STRINGS_AND_COMMENTS.sub("", lines[j])
                if not opened and ";" in code and "{" not in code:
                    break  # an abstract or interface method
                for ch in code:
                    depth += ch == "{"
                    depth -= ch == "}"
                    opened = opened or ch == "{"
                if opened and depth == 0:
                    yield j - i + 1, owner + "." + m.group(1)
                    i = j
                    break
                j += 1
        i += 1


classes, units = [], []
for f in files:
    lines = subprocess.check_output(["git", "show", f"{rev}:{f}"], text=True).split("\n")
    owner = f.rsplit("/", 1)[1][: -len(".java")]
    classes.append((len(lines), owner))
    units.extend(methods(lines, owner))
classes.sort(reverse=True)
units.sort(reverse=True)
print("classes:", ", ".join(f"{name} {n}" for n, name in classes[:top]))
print("methods:", ", ".join(f"{name} {n}" for n, name in units[:top]))
print(f"{len(files)} files, {sum(n for n, _ in classes)} lines; methods over 40 lines: "
      f"{sum(1 for n, _ in units if n > 40)}, over 60: {sum(1 for n, _ in units if n > 60)}")
