"""Selecting with CSS and XPath queries: the page's attribute index and a CSS engine for simple queries.

`select` is what every profile selector, site registry override and detection test runs through
(``crawler.extract.dom`` re-exports it). With the page's `Index`, a CSS query naming a class, id or
attribute value the page does not have is not run at all, and the simple queries profiles use (tags,
classes, ids and attribute tests joined by descendant or child combinators) are answered from the
index without an XPath scan of the whole tree.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cssselect
from cssselect import parser as cssparser
from lxml import etree
from parsel.csstranslator import HTMLTranslator

# The name these warnings have always been logged under (they were written by crawler.extract.dom).
log = logging.getLogger("crawler.extract.dom")

_css = HTMLTranslator()


@lru_cache(maxsize=512)
def to_xpath(query: str) -> str:
    """A CSS or XPath query as XPath. XPath when it starts with "/" or "(", like the site registry."""
    query = query.strip()
    if query.startswith(("/", "(")):
        return query
    return _css.css_to_xpath(query)


@lru_cache(maxsize=512)
def _compiled(query: str) -> etree.XPath:
    # Not cached when it raises: a bad query is reported on every use, as before.
    return etree.XPath(to_xpath(query))


_ATTR_NAME = re.compile(r"[A-Za-z_][\w.-]*")
# Attribute-selector operators whose match implies the value occurs in the attribute.
_VALUE_OPS = frozenset({"=", "~=", "|=", "^=", "$=", "*="})
# (attribute, substring its value must contain; None: only that the attribute exists)
Need = tuple[str, str | None]


# Attributes the profiles and detection ask about on every page.
# A client app's page element carries its record's moments as attributes (Wiki.js's
# `<page created-at="2025-06-02T01:45:10.000Z" updated-at="…">`): ``published.from_app_attributes`` reads
# them, from the same pass as the usual names.
APP_DATE_ATTRIBUTES = ("published-at", "data-published", "data-published-at", "created-at", "data-created-at")
# `rel` (a byline's rel="author") and `datetime` (a <time>) are asked on most pages too: read in the same pass
# rather than by an XPath over the tree each.
_COMMON = frozenset({"class", "id", "name", "href", "src", "itemprop", "itemtype", "rel", "datetime",
                     *APP_DATE_ATTRIBUTES})
# An XPath query whose matches all start with a text: `//*[starts-with(normalize-space(.), 'Thủ tục:') and …]`.
_LEADING_TEXT = re.compile(r"\s*//\*\[starts-with\(normalize-space\(\.\), '([^']+)'\)(?: and |\])")
_STRING_VALUE = etree.XPath("string()")


class Index:
    """The attributes of a page, read when first asked: the usual names in one pass over the tree,
    any other name with one XPath.

    Made for a freshly parsed tree (detection reads it as the page's exact attributes). `select`
    uses it to answer simple CSS queries (tags, classes, ids and attribute tests joined by
    descendant or child combinators) without an XPath scan of the whole tree, and to skip any
    other CSS query naming a class, id or attribute value the page does not have. Elements only
    ever leave the tree during extraction: values read earlier are a superset of what remains,
    and elements read earlier are checked to still hang from the root.
    """

    __slots__ = ("_answers", "_classes", "_owners", "_values", "root")

    def __init__(self, root: Any) -> None:
        self.root = root
        self._values: dict[str, str | None] = {}
        self._owners: dict[str, list[tuple[Any, str]]] = {}
        self._classes: dict[str, list[Any]] = {}
        # ``has`` answers: the profiles' queries ask about the same names again and again.
        self._answers: dict[tuple[str, str | None], bool] = {}

    def values(self, attr: str) -> str | None:
        """All values of the attribute on the page joined by NUL, or None when no element has it."""
        try:
            return self._values[attr]
        except KeyError:
            pass
        owners = self.owners(attr) if attr in _COMMON else self._owners.get(attr)
        found = [v for _, v in owners] if owners is not None else _attr_values(attr)(self.root)
        blob = "\0".join(found) if found else None
        self._values[attr] = blob
        return blob

    def owners(self, attr: str) -> list[tuple[Any, str]]:
        """(element, value) of every element that had the attribute, in document order."""
        try:
            return self._owners[attr]
        except KeyError:
            pass
        if attr in _COMMON:
            # One pass over the tree for all the usual names costs less than an XPath per name.
            common: dict[str, list[tuple[Any, str]]] = {name: [] for name in _COMMON}
            wanted = common.get
            for el in self.root.iter():
                for name, value in el.items():
                    owners = wanted(name)
                    if owners is not None:
                        owners.append((el, value))
            self._owners.update(common)
            return common[attr]
        found = [(value.getparent(), value) for value in _attr_owners(attr)(self.root)]
        self._owners[attr] = found
        return found

    def with_class(self, name: str) -> list[Any]:
        """Elements that had `name` among their class tokens, in document order."""
        found = self._classes.get(name)
        if found is None:
            found = [el for el, value in self.owners("class") if name in value and _test(value, "class", name)]
            self._classes[name] = found
        return found

    def has(self, attr: str, part: str | None = None) -> bool:
        """Whether some element may have `attr` (with a value containing `part`)."""
        key = (attr, part)
        found = self._answers.get(key)
        if found is None:
            blob = self.values(attr)
            found = self._answers[key] = blob is not None and (part is None or part in blob)
        return found

    def has_value(self, attr: str, value: str) -> bool:
        """Whether some element has `attr` equal to `value`."""
        blob = self.values(attr)
        return blob is not None and f"\0{value}\0" in f"\0{blob}\0"

    def has_prefix(self, attr: str, prefix: str) -> bool:
        """Whether some element has `attr` starting with `prefix`."""
        blob = self.values(attr)
        return blob is not None and f"\0{prefix}" in f"\0{blob}"

    def may_match(self, query: str) -> bool:
        words, alternatives = _first_cut(query)
        if words is not None:
            # Every match's text starts with the literal, so each of its words is in the page's text.
            text = _STRING_VALUE(self.root)
            return all(word in text for word in words)
        if alternatives is None:
            return True
        # Loops rather than any()/all() over generators: this runs for every query on every page.
        for needs in alternatives:
            for attr, part in needs:
                if not self.has(attr, part):
                    break
            else:
                return True
        return False


@lru_cache(maxsize=64)
def _attr_values(attr: str) -> etree.XPath:
    return etree.XPath(f"//@{attr}", smart_strings=False)


@lru_cache(maxsize=64)
def _attr_owners(attr: str) -> etree.XPath:
    return etree.XPath(f"//@{attr}")


# -- a CSS engine for the simple queries profiles use -----------------------------------------------
# Exactly what cssselect's XPath for them matches, in the same (document) order.

_XML_SPACE = re.compile(r"[ \t\r\n]+")
_PLAIN_VALUE = re.compile(r"[^ \t\r\n]+")
# (attribute, test, value); tests: "class" (the class-token test), "exists", or a CSS operator.
Cond = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class _Compound:
    tag: str | None
    conds: tuple[Cond, ...]


# (combinator, compound) pairs; the first combinator is "".
_Plan = tuple[tuple[str, _Compound], ...]


@lru_cache(maxsize=512)
def _plan(query: str) -> _Plan | None:
    """The query as a chain of compounds, or None when it is beyond this engine (XPath runs it)."""
    query = query.strip()
    if query.startswith(("/", "(")):
        return None
    try:
        parsed = cssselect.parse(query)
    except Exception:
        return None
    if len(parsed) != 1 or parsed[0].pseudo_element is not None:
        return None
    steps: list[tuple[str, _Compound]] = []
    node = parsed[0].parsed_tree
    while isinstance(node, cssparser.CombinedSelector):
        if node.combinator not in (" ", ">"):
            return None
        compound = _compound(node.subselector)
        if compound is None:
            return None
        steps.append((node.combinator, compound))
        node = node.selector
    compound = _compound(node)
    if compound is None:
        return None
    steps.append(("", compound))
    steps.reverse()
    # A step that is "*" alone has nothing to look up.
    if any(c.tag is None and not c.conds for _, c in steps):
        return None
    # The steps are combined in order: combinator i joins step i-1 and step i.
    return tuple((steps[i][0] if i else "", steps[i][1]) for i in range(len(steps)))


def _compound(node: Any) -> _Compound | None:
    conds: list[Cond] = []
    while True:
        if isinstance(node, cssparser.Element):
            if node.namespace is not None:
                return None
            tag = node.element.lower() if node.element else None
            return _Compound(tag, tuple(reversed(conds)))
        if isinstance(node, cssparser.Class):
            if not _PLAIN_VALUE.fullmatch(node.class_name):
                return None
            conds.append(("class", "class", node.class_name))
        elif isinstance(node, cssparser.Hash):
            conds.append(("id", "=", node.id))
        elif isinstance(node, cssparser.Attrib):
            attr = node.attrib.lower()
            if node.namespace is not None or not _ATTR_NAME.fullmatch(attr):
                return None
            if node.operator == "exists":
                conds.append((attr, "exists", ""))
            else:
                value = getattr(node.value, "value", node.value)
                if not isinstance(value, str) or node.operator not in _VALUE_OPS:
                    return None
                # cssselect turns these into "match nothing"; leave them to its XPath.
                if (node.operator == "~=" and not _PLAIN_VALUE.fullmatch(value)) or (
                    node.operator in ("^=", "$=", "*=") and not value
                ):
                    return None
                conds.append((attr, node.operator, value))
        else:
            return None
        node = node.selector


def _test(value: str, test: str, want: str) -> bool:
    if test == "exists":
        return True
    if test == "=":
        return value == want
    if test == "class" or test == "~=":
        return want in value and want in _XML_SPACE.split(value)
    if test == "*=":
        return want in value
    if test == "^=":
        return value.startswith(want)
    if test == "$=":
        return value.endswith(want)
    if test == "|=":
        return value == want or value.startswith(want + "-")
    return False


def _matches(el: Any, compound: _Compound) -> bool:
    if compound.tag is not None and el.tag != compound.tag:
        return False
    for attr, test, want in compound.conds:
        value = el.get(attr)
        if value is None or not _test(value, test, want):
            return False
    return True


def _from_index(index: Index, compound: _Compound) -> list[Any]:
    """Elements that had the compound's attributes and match it, in document order."""
    attr, test, want = next((c for c in compound.conds if c[1] == "class"), compound.conds[0])
    if test == "class":
        candidates = index.with_class(want)
    elif test == "exists":
        candidates = [el for el, _ in index.owners(attr)]
    elif test == "=":
        candidates = [el for el, value in index.owners(attr) if value == want]
    else:
        candidates = [el for el, value in index.owners(attr) if want in value and _test(value, test, want)]
    return [el for el in candidates if _matches(el, compound)]


def _attached(el: Any, root: Any) -> bool:
    node = el
    parent = node.getparent()
    while parent is not None:
        node = parent
        parent = node.getparent()
    return node is root


def _has_ancestor_in(el: Any, found: set[Any]) -> bool:
    node = el.getparent()
    while node is not None:
        if node in found:
            return True
        node = node.getparent()
    return False


def _run(plan: _Plan, index: Index) -> list[Any] | None:
    """The plan's matches under index.root in document order; None to leave the query to XPath."""
    root = index.root
    first = plan[0][1]
    if first.conds:
        found = [el for el in _from_index(index, first) if _attached(el, root)]
    else:
        found = list(root.iter(first.tag))
    for combinator, compound in plan[1:]:
        if not found:
            return []
        context = set(found)
        if compound.conds:
            if combinator == " ":
                found = [el for el in _from_index(index, compound) if _has_ancestor_in(el, context)]
            else:
                found = [el for el in _from_index(index, compound) if el.getparent() in context]
            continue
        # A bare tag: read it under each context element; outer contexts cover the inner ones.
        outer = [el for el in found if not _has_ancestor_in(el, context)]
        if combinator == " ":
            found = [el for top in outer for el in top.iter(compound.tag) if el is not top]
        else:
            if len(outer) != len(found):
                return None  # nested contexts: their children interleave
            found = [el for top in found for el in top.iterchildren(compound.tag)]
    return found


@lru_cache(maxsize=512)
def _first_cut(query: str) -> tuple[tuple[str, ...] | None, tuple[tuple[Need, ...], ...] | None]:
    """What ``Index.may_match`` tests for a query: the words its matches' text starts with (an XPath query of
    that form), else the attribute values its CSS alternatives need (``_needs``)."""
    lead = _LEADING_TEXT.match(query)
    if lead is not None:
        return tuple(lead.group(1).split()), None
    return None, _needs(query)


@lru_cache(maxsize=512)
def _needs(query: str) -> tuple[tuple[Need, ...], ...] | None:
    """For a CSS query, per comma-separated alternative, the attribute values an element chain
    matching it must have; None when unknown (XPath queries, anything unusual)."""
    query = query.strip()
    if query.startswith(("/", "(")):
        return None
    try:
        parsed = cssselect.parse(query)
    except Exception:  # the select call reports the error
        return None
    alternatives = []
    for selector in parsed:
        needs: list[Need] = []
        if not _collect(selector.parsed_tree, needs):
            return None
        alternatives.append(tuple(needs))
    return tuple(alternatives)


# Pseudo-classes: only the element they apply to counts; what they negate or test is no requirement.
_APPLIES_TO: tuple[type, ...] = tuple(
    getattr(cssparser, name)
    for name in ("Negation", "Pseudo", "Function", "Matching", "SpecificityAdjustment", "Relation")
    if hasattr(cssparser, name)
)


def _collect(node: Any, needs: list[Need]) -> bool:
    """Add what `node` requires to `needs`; False for node types whose requirements are not known."""
    if isinstance(node, cssparser.Element):
        return True
    if isinstance(node, cssparser.CombinedSelector):
        return _collect(node.selector, needs) and _collect(node.subselector, needs)
    if isinstance(node, cssparser.Class):
        needs.append(("class", node.class_name))
        return _collect(node.selector, needs)
    if isinstance(node, cssparser.Hash):
        needs.append(("id", node.id))
        return _collect(node.selector, needs)
    if isinstance(node, cssparser.Attrib):
        attr = node.attrib.lower()
        if node.namespace is None and _ATTR_NAME.fullmatch(attr):
            value = getattr(node.value, "value", node.value)
            if node.operator == "exists":
                needs.append((attr, None))
            elif node.operator in _VALUE_OPS and isinstance(value, str):
                needs.append((attr, value))
        return _collect(node.selector, needs)
    if isinstance(node, _APPLIES_TO):
        inner: Any = node
        return _collect(inner.selector, needs)
    return False


def select(root: Any, query: str, index: Index | None = None) -> list[Any]:
    """Elements or strings matched by a CSS/XPath query; a broken query matches nothing.

    Queries come from profile constants and the site registry; a typo in one site's
    registry entry must not take the crawler down, so it is logged and ignored.
    With the `index` of `root`'s page, a CSS query that cannot match is not run.
    """
    try:
        if index is not None and root is index.root:
            if not index.may_match(query):
                return []
            plan = _plan(query)
            if plan is not None:
                found = _run(plan, index)
                if found is not None:
                    return found
        return list(_compiled(query)(root))
    except (etree.XPathError, ValueError, SyntaxError, TypeError) as exc:
        log.warning("bad selector %r: %s", query, exc)
        return []
    except Exception as exc:  # cssselect raises its own error types
        log.warning("bad selector %r: %s", query, exc)
        return []


def first(root: Any, queries: Iterable[str]) -> Any | None:
    for query in queries:
        for hit in select(root, query):
            return hit
    return None
