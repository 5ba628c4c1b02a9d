"""The vocabularies the Open Referral feed publishes, as taxonomies and taxonomy terms.

ABCD categories and kinds of offer are fixed lists; subcategories (children of their ABCD
category) and tags are published only when a published offer uses them, so nothing typed on an
unchecked offer reaches the feed. A subcategory's term id follows its row, not its name, so a
coordinator renaming it does not break a directory's links.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import translation

from .models import AbcdCategory, Offer, OfferKind, Subcategory, Tag

NAMESPACE = uuid.UUID("6a1e9f3c-0b8d-4c55-9d0e-6f3c2a7b1e44")

# The feed is published in English, whatever language the page was in (directories that take it
# expect one language), so these descriptions are not translated.

CATEGORY_DESCRIPTIONS: dict[str, str] = {
    AbcdCategory.INDIVIDUALS: "The skills, time and knowledge of local people.",
    AbcdCategory.ASSOCIATIONS: "Clubs, faith groups and other groups people run together.",
    AbcdCategory.INSTITUTIONS: "Schools, councils, health services and other public bodies.",
    AbcdCategory.PHYSICAL: "Buildings, rooms, land, equipment and transport.",
    AbcdCategory.ECONOMIC: "Money, local businesses, jobs and donations in kind.",
    AbcdCategory.CULTURAL: "Arts, music, heritage, food and local traditions.",
    AbcdCategory.NATURAL: "Parks, green spaces, beaches, waterways and gardens.",
}


@dataclass(frozen=True)
class Vocabulary:
    code: str
    name: str
    description: str


VOCABULARIES = (
    Vocabulary(
        "abcd",
        "Asset-based community development categories",
        "The seven kinds of community asset in asset-based community development.",
    ),
    Vocabulary("abcd-subcategory", "Subcategories", "Finer groups within each category."),
    Vocabulary("offer-kind", "Kinds of offer", "What is offered: skills, a venue, time..."),
    Vocabulary("tag", "Tags", "Words the offerer chose to describe the offer."),
)
_BY_CODE = {v.code: v for v in VOCABULARIES}


def taxonomy_id(code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"taxonomy:{code}"))


def term_id(vocabulary: str, key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"term:{vocabulary}:{key}"))


def _term(vocabulary: str, key: object, code: str, name: str, description: str, parent=None):
    doc = {
        "id": term_id(vocabulary, key),
        "code": code,
        "name": name,
        "term": name,
        "description": description,
        "taxonomy": vocabulary,
        "taxonomy_id": taxonomy_id(vocabulary),
        "vocabulary": vocabulary,
    }
    if parent:
        doc["parent_id"] = parent
    return doc


def category_term(value: str) -> dict:
    with translation.override("en"):
        label = str(AbcdCategory(value).label)
    description = CATEGORY_DESCRIPTIONS[value]
    return _term("abcd", value, value, label, description)


def kind_term(value: str) -> dict:
    with translation.override("en"):
        label = str(OfferKind(value).label)
    return _term("offer-kind", value, value, label, label)


def subcategory_term(sub: Subcategory) -> dict:
    with translation.override("en"):
        category = str(sub.get_category_display())
    return _term(
        "abcd-subcategory",
        sub.pk,
        sub.slug,
        sub.name,
        f"{sub.name} ({category})",
        parent=term_id("abcd", sub.category),
    )


def tag_term(tag: Tag) -> dict:
    return _term("tag", tag.slug, tag.slug, tag.name, tag.name)


def offer_terms(offer: Offer) -> list[dict]:
    """The terms describing one offer (its tags prefetched)."""
    terms = [category_term(offer.category), kind_term(offer.kind)]
    if offer.subcategory_id:
        terms.append(subcategory_term(offer.subcategory))
    terms += [tag_term(t) for t in offer.tags.all()]
    return terms


def all_terms(published: QuerySet[Offer]) -> list[dict]:
    """Every term the feed uses: fixed lists, then what ``published`` offers use."""
    terms = [category_term(v) for v in AbcdCategory.values]
    terms += [kind_term(v) for v in OfferKind.values]
    subs = Subcategory.objects.filter(offers__in=published).distinct().order_by("category", "name")
    terms += [subcategory_term(s) for s in subs]
    tags = Tag.objects.filter(offers__in=published).distinct().order_by("name")
    terms += [tag_term(t) for t in tags]
    return terms


def taxonomy_doc(code: str, *, terms: list[dict] | None = None) -> dict:
    vocabulary = _BY_CODE[code]
    doc = {
        "id": taxonomy_id(code),
        "name": vocabulary.name,
        "description": vocabulary.description,
        "version": "1",
    }
    if terms is not None:
        doc["taxonomy_terms"] = [t for t in terms if t["taxonomy"] == code]
    return doc


def taxonomy_codes() -> list[str]:
    return [v.code for v in VOCABULARIES]


def code_of_taxonomy(identifier: str) -> str | None:
    return next((c for c in taxonomy_codes() if taxonomy_id(c) == identifier), None)


def offers_with_term(identifier: str) -> Q | None:
    """A filter for offers carrying the term ``identifier``; None when no such term exists."""
    for value in AbcdCategory.values:
        if term_id("abcd", value) == identifier:
            return Q(category=value)
    for value in OfferKind.values:
        if term_id("offer-kind", value) == identifier:
            return Q(kind=value)
    for pk in Subcategory.objects.values_list("pk", flat=True):
        if term_id("abcd-subcategory", pk) == identifier:
            return Q(subcategory_id=pk)
    for slug in Tag.objects.filter(offers__isnull=False).values_list("slug", flat=True).distinct():
        if term_id("tag", slug) == identifier:
            return Q(pk__in=Offer.objects.filter(tags__slug=slug).values("pk"))
    return None


def offers_in_taxonomy(identifier: str) -> Q | None:
    """A filter for offers carrying any term of the taxonomy ``identifier``."""
    code = code_of_taxonomy(identifier)
    if code is None:
        return None
    return {
        "abcd": Q(),
        "offer-kind": Q(),
        "abcd-subcategory": Q(subcategory__isnull=False),
        "tag": Q(pk__in=Offer.objects.filter(tags__isnull=False).values("pk")),
    }[code]
