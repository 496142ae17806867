"""`crawler web`: the review inbox, server-rendered (Flask and Jinja2 with autoescape, served by waitress)."""

from crawler.web.app import create_app

__all__ = ["create_app"]
