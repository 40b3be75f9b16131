"""The base of every command object.

A command is what a service is asked to do, beside the actor who asks: one pydantic model that
is the API route's body, what a page's form is read into (`xborder.web.forms.read`) and the
service's argument, so the three cannot drift apart in fields, limits or types. Commands are
immutable and refuse unknown fields.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
