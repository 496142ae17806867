"""One module per output field of ``Article``: where the field comes from, answered in one place.

Each module opens with the field's sources as a numbered list, first to last, and numbers the
matching steps in its code; ``docs/fields.md`` gives the same lists with the database columns and
the export form. The profile (``crawler.extract.profiles.base.Profile``) has one method per field,
named like it, that hands the field module its selectors.

- ``title``: the headline;
- ``published_at``: the publication date and ``published_source`` (the decision over the evidence
  of ``crawler.extract.published``);
- ``author``: ``author`` and ``source`` (the bylines);
- ``summary``: the lead;
- ``body``: ``body`` and ``images``;
- ``category``: the site's section;
- ``kind``: article, listing or other.
"""

from crawler.extract.fields import author, body, category, kind, published_at, summary, title

__all__ = ["author", "body", "category", "kind", "published_at", "summary", "title"]
