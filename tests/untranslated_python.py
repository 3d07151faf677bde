"""Finding English that a Python module shows a reader without marking it (issue 15).

An AST walk over the places a string reaches the reader: flash, form labels,
descriptions and choices, validator messages, ValidationError, abort, the rules'
labels and reasons, a service error (raised or returned), a form field's errors. A
string literal there that is not wrapped in a translation call is flagged; a name is
followed to the module constant it stands for, also across `from tracker.x import
NAME`. Besides, an f-string that builds an English sentence is flagged wherever it is
made, unless it goes to a log, the terminal or a stored diagnosis. What
counts as English is tests/untranslated.py's.
"""

from __future__ import annotations

import ast
import builtins
import re

from tests.untranslated import ROOT, Finding, english_words, looks_like_prose

PY_TRANSLATE_CALLS = {"_", "gettext", "_l", "lazy_gettext", "N_", "ngettext", "lazy_ngettext",
                      "pgettext", "npgettext", "Text"}
# Calls whose arguments come out as they went in.
PASS_THROUGH = {"str", "Markup", "joined", "escape"}
# Call targets whose first argument is shown to the reader.
SHOWN_FIRST_ARGUMENT = {"flash", "ValidationError", "StopValidation"}
# Keyword arguments (and parameter names, for positional arguments of the project's own
# functions and dataclasses) that carry words for the reader.
SHOWN_PARAMETERS = {"label", "reason", "description", "message", "placeholder", "note",
                    "headline", "hint", "says"}
RENDER_KW_SHOWN = {"placeholder", "title", "aria-label"}
# Python's own exceptions mean a programming error, never a message for the reader.
BUILTIN_ERRORS = {name for name in dir(builtins) if name.endswith("Error")}
# The command-line tools, the development server's launcher and the demo seed
# (`flask seed-demo`) speak to the operator at a terminal, in English.
TERMINAL = {"cli.py", "runner.py", "demo"}
# The audit log stores its summaries as written and shows them so, in both languages
# (tracker/audit_log/labels.py): record(...) is not a place a message is shown.
STORED_AS_WRITTEN = {"record"}
# Outside packages' signatures that matter here: WTForms' (value, label) choice.
KNOWN_SIGNATURES = {"SelectChoice": ["value", "label"]}


def call_name(node: ast.expr) -> str:
    """The called name: `flash` for flash(...) and for helpers.flash(...)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class Project:
    """Every module of tracker/: its constants, its imports and every signature, so a
    name can be followed to the string it stands for."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.trees = {path: ast.parse(source) for path, source in sources.items()}
        self.constants: dict[str, dict[str, ast.expr]] = {}
        self.imports: dict[str, dict[str, tuple[str, str]]] = {}
        self.signatures: dict[str, list[list[str]]] = {
            name: [params] for name, params in KNOWN_SIGNATURES.items()}
        for path, tree in self.trees.items():
            self._index(path, tree)

    def _index(self, path: str, tree: ast.Module) -> None:
        constants: dict[str, ast.expr] = {}
        imports: dict[str, tuple[str, str]] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        constants[target.id] = node.value
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tracker"):
                for alias in node.names:
                    imports[alias.asname or alias.name] = (node.module or "", alias.name)
        self.constants[path], self.imports[path] = constants, imports
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                params = [a.arg for a in node.args.posonlyargs + node.args.args]
                self.signatures.setdefault(node.name, []).append(
                    [p for p in params if p not in ("self", "cls")])
            elif isinstance(node, ast.ClassDef):
                fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign)
                          and isinstance(s.target, ast.Name)]
                if fields:
                    self.signatures.setdefault(node.name, []).append(fields)

    def module_path(self, module: str) -> str | None:
        """The file of a `tracker.x.y` module (a package's __init__ or a module)."""
        base = module.replace(".", "/")
        for candidate in (f"{base}.py", f"{base}/__init__.py"):
            if candidate in self.trees:
                return candidate
        return None

    def resolve(self, path: str, name: str) -> tuple[str, ast.expr] | None:
        """The module and expression a module-level *name* of *path* stands for."""
        if name in self.constants.get(path, {}):
            return path, self.constants[path][name]
        if name in self.imports.get(path, {}):
            module, original = self.imports[path][name]
            target = self.module_path(module)
            if target and target != path:
                return self.resolve(target, original)
        return None


class _ModuleScan:
    """One module's unmarked shown strings."""

    def __init__(self, project: Project, path: str) -> None:
        self.project, self.path = project, path
        self.found: set[Finding] = set()
        self.followed: set[tuple[str, str]] = set()

    def flag(self, path: str, node: ast.expr | None, every_word: bool = True) -> None:
        """Flag the unmarked English that *node* (an expression in *path*) shows."""
        if node is None:
            return
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and (english_words(node.value) if every_word
                                                else looks_like_prose(node.value)):
                self.found.add(Finding(path, node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            for part in node.values:
                self.flag(path, part, every_word)
        elif isinstance(node, ast.BinOp):
            self.flag(path, node.left, every_word)
            self.flag(path, node.right, every_word)
        elif isinstance(node, ast.IfExp):
            self.flag(path, node.body, every_word)
            self.flag(path, node.orelse, every_word)
        elif isinstance(node, ast.BoolOp | ast.List | ast.Tuple | ast.Set):
            for item in node.values if isinstance(node, ast.BoolOp) else node.elts:
                self.flag(path, item, every_word)
        elif isinstance(node, ast.Dict):
            for value in node.values:
                self.flag(path, value, every_word)
        elif isinstance(node, ast.Subscript):
            self.flag(path, node.value, every_word)
        elif isinstance(node, ast.Call):
            self.flag_call_result(path, node, every_word)
        elif isinstance(node, ast.Name):
            self.follow(path, node.id, every_word)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            # services.WRONG_PASSWORD: a constant of an imported tracker module
            imported = self.project.imports.get(path, {}).get(node.value.id)
            if imported:
                module = self.project.module_path(f"{imported[0]}.{imported[1]}")
                if module:
                    self.follow(module, node.attr, every_word)

    def flag_call_result(self, path: str, node: ast.Call, every_word: bool) -> None:
        name = call_name(node.func)
        if name in PY_TRANSLATE_CALLS:
            # gettext(variable): the strings it is given must be marked where they are.
            if node.args and not isinstance(node.args[0], ast.Constant):
                self.flag(path, node.args[0], every_word)
        elif name in PASS_THROUGH:
            for argument in node.args:
                self.flag(path, argument, every_word)
        elif name == "format" and isinstance(node.func, ast.Attribute):
            self.flag(path, node.func.value, every_word)

    def follow(self, path: str, name: str, every_word: bool) -> None:
        found = self.project.resolve(path, name)
        if found and (found[0], name) not in self.followed:
            self.followed.add((found[0], name))
            self.flag(found[0], found[1], every_word)

    def scan(self, tree: ast.AST) -> None:
        """Flag every shown string of the module (sinks described in the module doc)."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                self.scan_call(node)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "errors":
                        self.flag(self.path, node.value)  # form.field.errors = [...]
                    elif isinstance(target, ast.Attribute) and target.attr == "choices":
                        self.flag_choices(node.value)
                    elif isinstance(target, ast.Attribute) and target.attr in SHOWN_PARAMETERS:
                        self.flag(self.path, node.value)  # field.label.text = ...

    def scan_call(self, node: ast.Call) -> None:
        name = call_name(node.func)
        if name in PY_TRANSLATE_CALLS:
            self.flag_call_result(self.path, node, True)
            return
        if name in STORED_AS_WRITTEN:
            return
        if name in SHOWN_FIRST_ARGUMENT and node.args:
            self.flag(self.path, node.args[0])
        if name.endswith("Error") and name not in BUILTIN_ERRORS and node.args:
            self.flag(self.path, node.args[0])  # a service's refusal, raised or returned
        if name == "abort":
            for argument in node.args[1:]:
                self.flag(self.path, argument)
        if name == "append" and isinstance(node.func, ast.Attribute) and call_name(
                node.func.value) == "errors":
            for argument in node.args:
                self.flag(self.path, argument)
        if name.endswith("Field") and node.args:
            self.flag(self.path, node.args[0])  # a WTForms field's label
        if name == "render_template":
            for keyword in node.keywords:
                self.flag(self.path, keyword.value, every_word=False)
        for index, argument in enumerate(node.args):
            if any(index < len(params) and params[index] in SHOWN_PARAMETERS
                   for params in self.project.signatures.get(name, [])):
                self.flag(self.path, argument)
        for keyword in node.keywords:
            if keyword.arg in SHOWN_PARAMETERS:
                self.flag(self.path, keyword.value)
            elif keyword.arg == "choices":
                self.flag_choices(keyword.value)
            elif keyword.arg == "render_kw" and isinstance(keyword.value, ast.Dict):
                for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value in RENDER_KW_SHOWN:
                        self.flag(self.path, value)

    def flag_choices(self, node: ast.expr, path: str | None = None) -> None:
        """A choices list: each pair's second item is its label (the first is a code)."""
        path = path or self.path
        if isinstance(node, ast.Name):
            found = self.project.resolve(path, node.id)
            if found:
                self.flag_choices(found[1], found[0])
        elif isinstance(node, ast.BinOp):
            self.flag_choices(node.left, path)
            self.flag_choices(node.right, path)
        elif isinstance(node, ast.List | ast.Tuple):
            for item in node.elts:
                if isinstance(item, ast.Tuple) and len(item.elts) > 1:
                    self.flag(path, item.elts[1])
                elif isinstance(item, ast.Call):
                    self.scan_call(item)
        elif (isinstance(node, ast.ListComp) and isinstance(node.elt, ast.Tuple)
              and len(node.elt.elts) > 1):
            self.flag(path, node.elt.elts[1])


# Where a built sentence is not for the page: logs, the terminal, the audit log's
# summaries, and the reminder ledger's `error` (a diagnosis for operators, with the mail
# library's own English).
NOT_SHOWN_CALLS = {"debug", "info", "warning", "error", "exception", "print", "echo",
                   *STORED_AS_WRITTEN, *PY_TRANSLATE_CALLS}
SENTENCE = re.compile(r"^[A-Z][a-z]+ .*[a-z]{2,} .*[.!?]\s*$", re.DOTALL)


def built_sentences(path: str, tree: ast.AST) -> list[Finding]:
    """f-strings that build an English sentence ("Passport expired on {day}.") for a
    reader: a message made where no sink above sees it (a helper's return value)."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        if SENTENCE.match(text) and english_words(text) and not _not_shown(node, parents):
            found.append(Finding(path, node.lineno, text))
    return found


def _not_shown(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    child, parent = node, parents.get(node)
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.Module):
        if isinstance(parent, ast.Call) and call_name(parent.func) in NOT_SHOWN_CALLS:
            return True
        if isinstance(parent, ast.Call) and call_name(parent.func) in BUILTIN_ERRORS:
            return True
        if isinstance(parent, ast.keyword) and parent.arg == "error":
            return True
        if isinstance(parent, ast.Assign) and child is parent.value and any(
                isinstance(t, ast.Attribute) and t.attr == "error" for t in parent.targets):
            return True
        child, parent = parent, parents.get(parent)
    return False


def python_sources() -> dict[str, str]:
    """Every module of the application, by path from the repository's root."""
    return {str(p.relative_to(ROOT)): p.read_text()
            for p in sorted((ROOT / "tracker").rglob("*.py"))
            if p.name not in TERMINAL and p.parent.name not in TERMINAL}


def scan_python(sources: dict[str, str]) -> list[Finding]:
    """Unmarked shown English in *sources* (path -> module source), read together."""
    project = Project(sources)
    found: set[Finding] = set()
    for path, tree in project.trees.items():
        scan = _ModuleScan(project, path)
        scan.scan(tree)
        lines = {(finding.path, finding.line) for finding in scan.found}
        found |= scan.found | {finding for finding in built_sentences(path, tree)
                               if (finding.path, finding.line) not in lines}
    return sorted(found, key=lambda f: (f.path, f.line))
