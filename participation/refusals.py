"""The two ways a service says no, shared by every area: the actor may not (the route answers 403), or the
input breaks a rule (the route shows the message at the form field it names and answers 4xx)."""


class NotAllowed(Exception):
    """The acting user may not do this to this object (the route answers 403)."""


class Refused(ValueError):
    """The input breaks a rule; `field` names the form field the message belongs to."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message
